import { Injectable } from '@nestjs/common';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../../core/prisma/prisma.service.js';

export type Tx = Prisma.TransactionClient;

/** Who a notice goes to, with what its text and email need. */
export interface TRecipient {
  id: string;
  unitId: string | null;
  displayName: string;
  locale: string;
  email: string | null;
}
const RECIPIENT = { id: true, unitId: true, displayName: true, locale: true, email: true } as const;

@Injectable()
export class NotificationRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Runs `fn` in `tx` when given, else in a transaction of its own. */
  within<T>(tx: Tx | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return tx ? fn(tx) : this.prisma.client.$transaction(fn);
  }

  /** The active users holding `role`. */
  withRole(tx: Tx, role: string): Promise<TRecipient[]> {
    return tx.user.findMany({ where: { active: true, roles: { has: role } }, select: RECIPIENT });
  }

    /** The active coordinators among `who`. */
  coordinators(tx: Tx, who: Prisma.UserWhereInput): Promise<TRecipient[]> {
    return tx.user.findMany({ where: { ...who, active: true, roles: { has: 'coordinator' } }, select: RECIPIENT });
  }

  /** One user, active, as a notice needs them (null: no such active user). */
  recipient(tx: Tx, userId: string): Promise<TRecipient | null> {
    return tx.user.findFirst({ where: { id: userId, active: true }, select: RECIPIENT });
  }

  /** The town of a unit (null: no such unit). */
  async townOf(tx: Tx, unitId: string): Promise<string | null> {
    return (await tx.unit.findUnique({ where: { id: unitId }, select: { townId: true } }))?.townId ?? null;
  }

  /**
   * The campaign, unit and town of each participation: what every notice names. One statement
   * (Prisma would read the relations with parallel queries on the transaction's one connection).
   */
  subjects(tx: Tx, participationIds: readonly string[]) {
    return tx.$queryRaw<{ id: string; campaign: string; unit: string; town: string }[]>`
      SELECT p."id", c."title" AS "campaign", u."name" AS "unit", t."name" AS "town"
        FROM "Participation" p JOIN "Campaign" c ON c."id" = p."campaignId"
        JOIN "Unit" u ON u."id" = p."unitId" JOIN "Town" t ON t."id" = u."townId"
       WHERE p."id" = ANY(${[...new Set(participationIds)]}::uuid[])`;
  }

  /** Inserts the notifications, skipping those whose dedupe key exists; returns the ones created. */
  create(tx: Tx, rows: Prisma.NotificationCreateManyInput[]) {
    return tx.notification.createManyAndReturn({ data: rows, skipDuplicates: true, select: { id: true } });
  }

  /** Queues the emails of notifications just created (sent after commit by MailSender). */
  async queueEmails(tx: Tx, rows: Prisma.EmailMessageCreateManyInput[]): Promise<void> {
    if (rows.length > 0) await tx.emailMessage.createMany({ data: rows });
  }

  async list(userId: string, page: number, pageSize: number) {
    const [total, unread, items] = await Promise.all([
      this.prisma.client.notification.count({ where: { userId } }),
      this.prisma.client.notification.count({ where: { userId, readAt: null } }),
      this.prisma.client.notification.findMany({
        where: { userId },
        include: { campaign: { select: { title: true } } },
        orderBy: { createdAt: 'desc' },
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
    ]);
    return { total, unread, items };
  }

  async markRead(userId: string, id: string, at: Date): Promise<boolean> {
    const r = await this.prisma.client.notification.updateMany({ where: { id, userId, readAt: null }, data: { readAt: at } });
    return r.count === 1;
  }

  profile(userId: string) {
    return this.prisma.client.user.findUnique({ where: { id: userId }, select: { username: true, displayName: true, email: true, locale: true } });
  }

  updateProfile(userId: string, data: { email: string | null; locale: string }) {
    return this.prisma.client.user.update({ where: { id: userId }, data, select: { username: true, displayName: true, email: true, locale: true } });
  }
}

export interface TClaimedEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  attempts: number;
}

/** The email outbox: claimed a batch at a time with a lease, so two instances never send one twice at once. */
@Injectable()
export class EmailRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Takes up to `limit` emails due at `now`: counts the attempt and moves their due time to the
   * end of the lease, so that one taken by a process that died is tried again after it.
   */
  claim(now: Date, leaseUntil: Date, limit: number): Promise<TClaimedEmail[]> {
    return this.prisma.client.$queryRaw<TClaimedEmail[]>`
      UPDATE "EmailMessage" SET "attempts" = "attempts" + 1, "nextAttemptAt" = ${leaseUntil}
       WHERE "id" IN (SELECT "id" FROM "EmailMessage" WHERE "status" = 'pending' AND "nextAttemptAt" <= ${now}
                       ORDER BY "nextAttemptAt", "id" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING "id", "to", "subject", "text", "attempts"`;
  }

  async sent(id: string, at: Date): Promise<void> {
    await this.prisma.client.emailMessage.update({ where: { id }, data: { status: 'sent', sentAt: at, lastError: null } });
  }

  /** A failed attempt: due again at `retryAt`, or given up (`failed`) when null. */
  async failed(id: string, error: string, retryAt: Date | null): Promise<void> {
    await this.prisma.client.emailMessage.update({
      where: { id },
      data: retryAt ? { lastError: error, nextAttemptAt: retryAt } : { lastError: error, status: 'failed' },
    });
  }
}
