import { Injectable } from '@nestjs/common';
import { accountDistricts, type Prisma } from '@learnweek/db';
import type { ZListAccountsQuery } from '@learnweek/contracts';
import type { z } from 'zod';
import { PrismaService } from '../../core/prisma/prisma.service.js';

const ACCOUNT = {
  id: true,
  username: true,
  displayName: true,
  roles: true,
  email: true,
  phone: true,
  active: true,
  mustChangePassword: true,
  lastLoginAt: true,
  unit: { select: { id: true, code: true, name: true } },
} as const satisfies Prisma.UserSelect;

export type TAccountRow = Prisma.UserGetPayload<{ select: typeof ACCOUNT }>;

/** What a password change or reset writes: the new hash, the "must change" flag, and the next session generation. */
interface TNewPassword {
  passwordHash: string;
  mustChangePassword: boolean;
}

@Injectable()
export class AccountRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The districts of the accounts a name or address may be (found past the policies: the districts only). */
  async districtsOfAccount(account: string): Promise<string[]> {
    return [...new Set((await accountDistricts(this.prisma.pool, account)).flatMap((a) => (a.districtId ? [a.districtId] : [])))];
  }

  /** A reset link's district: the reset runs in it. */
  enterDistrictOfLink(tokenHash: string) {
    return this.prisma.enterDistrictOf('resetToken', tokenHash);
  }

  async list(q: z.output<typeof ZListAccountsQuery>) {
    const where: Prisma.UserWhereInput = {
      ...(q.role ? { roles: { has: q.role } } : {}),
      ...(q.unitId ? { unitId: q.unitId } : {}),
      ...(q.active === undefined ? {} : { active: q.active }),
      ...(q.q
        ? {
            OR: [
              { username: { contains: q.q, mode: 'insensitive' } },
              { displayName: { contains: q.q, mode: 'insensitive' } },
              { email: { contains: q.q, mode: 'insensitive' } },
              { unit: { name: { contains: q.q, mode: 'insensitive' } } },
              { unit: { code: { contains: q.q, mode: 'insensitive' } } },
            ],
          }
        : {}),
    };
    const [total, items] = await Promise.all([
      this.prisma.client.user.count({ where }),
      this.prisma.client.user.findMany({
        where,
        select: ACCOUNT,
        orderBy: { username: 'asc' },
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
    ]);
    return { total, items };
  }

  find(id: string): Promise<TAccountRow | null> {
    return this.prisma.client.user.findUnique({ where: { id }, select: ACCOUNT });
  }

  /** The account with what a password check needs. */
  credentials(id: string) {
    return this.prisma.client.user.findUnique({
      where: { id },
      select: { id: true, username: true, displayName: true, email: true, locale: true, active: true, passwordHash: true },
    });
  }

  /** null: no such user. */
  async update(id: string, data: { displayName: string; phone: string | null; email: string | null }): Promise<TAccountRow | null> {
    const r = await this.prisma.client.user.updateMany({ where: { id }, data });
    return r.count === 1 ? this.find(id) : null;
  }

  async setActive(id: string, active: boolean): Promise<TAccountRow | null> {
    const r = await this.prisma.client.user.updateMany({ where: { id }, data: { active } });
    return r.count === 1 ? this.find(id) : null;
  }

  /**
   * Sets a password and ends every session of the account (the generation moves on); every reset
   * link still open is spent with it. Returns the new generation.
   */
  async setPassword(id: string, p: TNewPassword, at: Date, tx?: Prisma.TransactionClient): Promise<number> {
    const db = tx ?? this.prisma.client;
    const u = await db.user.update({
      where: { id },
      data: { ...p, sessionGeneration: { increment: 1 } },
      select: { sessionGeneration: true },
    });
    await db.passwordResetToken.updateMany({ where: { userId: id, usedAt: null }, data: { usedAt: at } });
    return u.sessionGeneration;
  }

  /** Ends every session of the account without changing its password (a reset link sent by the organiser). */
  async endSessions(id: string): Promise<void> {
    await this.prisma.client.user.update({ where: { id }, data: { sessionGeneration: { increment: 1 } } });
  }

  /** Active accounts of active units (or none) that `account` names: by username, or by e-mail address (case-insensitive). */
  byUsernameOrEmail(account: string) {
    return this.prisma.client.user.findMany({
      where: {
        active: true,
        email: { not: null },
        OR: [{ username: account }, { email: { equals: account, mode: 'insensitive' } }],
        AND: [{ OR: [{ unitId: null }, { unit: { active: true } }] }],
      },
      select: { id: true, username: true, displayName: true, email: true, locale: true },
      take: 10,
    });
  }

  /** Records a request for a reset link from `address` and answers how many it made after `since` (this one included). */
  async countRequest(address: string, at: Date, since: Date, forgetBefore: Date): Promise<number> {
    return this.prisma.client.$transaction(async (tx) => {
      await tx.passwordResetRequest.deleteMany({ where: { at: { lt: forgetBefore } } });
      await tx.passwordResetRequest.create({ data: { address, at } });
      return tx.passwordResetRequest.count({ where: { address, at: { gt: since } } });
    });
  }

  linksSince(userId: string, since: Date): Promise<number> {
    return this.prisma.client.passwordResetToken.count({ where: { userId, createdAt: { gt: since } } });
  }

  async createLink(userId: string, tokenHash: string, createdAt: Date, expiresAt: Date): Promise<void> {
    await this.prisma.client.passwordResetToken.create({ data: { userId, tokenHash, createdAt, expiresAt } });
  }

  /** The open link of this hash (unused, unexpired at `now`) with its account, or null. */
  openLink(tokenHash: string, now: Date) {
    return this.prisma.client.passwordResetToken.findFirst({
      where: { tokenHash, usedAt: null, expiresAt: { gt: now }, user: { active: true } },
      select: { id: true, user: { select: { id: true, username: true, passwordHash: true } } },
    });
  }

  /**
   * Spends the link and sets the password in one transaction; false when the link was spent
   * meanwhile (a second use racing the first).
   */
  useLink(linkId: string, userId: string, p: TNewPassword, at: Date): Promise<boolean> {
    return this.prisma.client.$transaction(async (tx) => {
      const spent = await tx.passwordResetToken.updateMany({ where: { id: linkId, usedAt: null }, data: { usedAt: at } });
      if (spent.count !== 1) return false;
      await this.setPassword(userId, p, at, tx);
      return true;
    });
  }
}
