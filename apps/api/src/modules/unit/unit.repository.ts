import { Injectable } from '@nestjs/common';
import type { Prisma } from '@learnweek/db';
import type { ZListUnitsQuery } from '@learnweek/contracts';
import type { z } from 'zod';
import { PrismaService } from '../../core/prisma/prisma.service.js';

type Tx = Prisma.TransactionClient;
const withCoordinators = {
  town: true,
  users: { where: { roles: { has: 'coordinator' } }, select: { username: true }, orderBy: { username: 'asc' } },
} as const;

@Injectable()
export class UnitRepository {
  constructor(private readonly prisma: PrismaService) {}

  async list(q: z.output<typeof ZListUnitsQuery>) {
    const where: Prisma.UnitWhereInput = {
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.town ? { town: { name: q.town } } : {}),
      ...(q.active === undefined ? {} : { active: q.active }),
      ...(q.q ? { OR: [{ name: { contains: q.q, mode: 'insensitive' } }, { code: { contains: q.q, mode: 'insensitive' } }] } : {}),
    };
    const [total, items] = await Promise.all([
      this.prisma.client.unit.count({ where }),
      this.prisma.client.unit.findMany({
        where,
        include: withCoordinators,
        orderBy: { code: 'asc' },
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
    ]);
    return { total, items };
  }

  async setActive(id: string, active: boolean) {
    const r = await this.prisma.client.unit.updateMany({ where: { id }, data: { active } });
    return r.count === 1 ? this.prisma.client.unit.findUnique({ where: { id }, include: withCoordinators }) : null;
  }

  towns() {
    return this.prisma.client.town.findMany({ select: { id: true, name: true }, orderBy: [{ sortNo: 'asc' }, { name: 'asc' }] });
  }

  async createTown(name: string) {
    const last = await this.prisma.client.town.aggregate({ _max: { sortNo: true } });
    return this.prisma.client.town.create({ data: { name, sortNo: (last._max.sortNo ?? 0) + 1 }, select: { id: true, name: true } });
  }

  /** Existing users among `usernames`, with the unit each belongs to. */
  users(usernames: readonly string[]) {
    return this.prisma.client.user.findMany({
      where: { username: { in: [...usernames] } },
      select: { username: true, unit: { select: { code: true } } },
    });
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.client.$transaction(fn, { maxWait: 30_000, timeout: 60_000 });
  }

  /** The units an import names by code, and those of the same names (a name repeated in a town), as they are now. */
  async importedAgainst(tx: Tx, codes: readonly string[], names: readonly string[]) {
    const select = {
      code: true,
      name: true,
      kind: true,
      address: true,
      head: true,
      contactPerson: true,
      phone: true,
      updatedAt: true,
      town: { select: { name: true } },
    } as const;
    const [byCode, byName] = await Promise.all([
      tx.unit.findMany({ where: { code: { in: [...codes] } }, select, orderBy: { code: 'asc' } }),
      tx.unit.findMany({ where: { name: { in: [...names] } }, select, orderBy: { code: 'asc' } }),
    ]);
    return { byCode, byName };
  }

  /** Creates the unit of `data.code` or updates it; true when it was created. */
  async upsert(tx: Tx, data: Prisma.UnitUncheckedCreateInput): Promise<{ id: string; created: boolean }> {
    // A code is unique within its district (docs/ARCHITECTURE.md, "Tenancy"): the district's unit of that code.
    const { code, ...rest } = data;
    const before = await tx.unit.findFirst({ where: { code }, select: { id: true } });
    if (before) return { id: (await tx.unit.update({ where: { id: before.id }, data: rest, select: { id: true } })).id, created: false };
    return { id: (await tx.unit.create({ data, select: { id: true } })).id, created: true };
  }

  /** A new coordinator account: its initial password must be changed at the first sign-in. */
  createCoordinator(tx: Tx, data: { username: string; displayName: string; passwordHash: string; unitId: string; email: string | null }) {
    return tx.user.create({ data: { ...data, roles: ['coordinator'], mustChangePassword: true } });
  }

  async setEmail(tx: Tx, username: string, email: string): Promise<void> {
    await tx.user.update({ where: { username }, data: { email } });
  }
}
