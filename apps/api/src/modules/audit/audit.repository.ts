import { Injectable } from '@nestjs/common';
import type { Prisma } from '@learnweek/db';
import type { ZAuditExportQuery } from '@learnweek/contracts';
import type { z } from 'zod';
import { PrismaService } from '../../core/prisma/prisma.service.js';

type Tx = Prisma.TransactionClient;
export type TAuditFilter = z.output<typeof ZAuditExportQuery>;
/** Records a route's `:id` may name. */
export type TAuditOwner = 'campaign' | 'unit' | 'participation' | 'nomination' | 'checkinSession' | 'kioskDevice';

const withNames = {
  actor: { select: { username: true } },
  campaign: { select: { id: true, title: true } },
  unit: { select: { id: true, name: true, code: true } },
} as const;
export type TAuditRow = Prisma.AuditEntryGetPayload<{ include: typeof withNames }>;

/** Rows read at a time by the export. */
const EXPORT_PAGE = 1_000;

@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Appends an entry (inside `tx` when it belongs to the change itself). The table takes no UPDATE or
   * DELETE. Without RETURNING: an entry of the installation (no district) is one the API's role may
   * append but, under the policies, never read back.
   */
  async append(data: Prisma.AuditEntryUncheckedCreateInput, tx?: Tx): Promise<void> {
    await (tx ?? this.prisma.client).auditEntry.createMany({ data: [data] });
  }

  /** The campaign and unit of the record a route's `:id` names (nothing for an unknown one). */
  async ownerOf(of: TAuditOwner, id: string): Promise<{ campaignId: string | null; unitId: string | null }> {
    const db = this.prisma.client;
    const none = { campaignId: null, unitId: null };
    switch (of) {
      case 'campaign':
        return (await db.campaign.findUnique({ where: { id }, select: { id: true } })) ? { campaignId: id, unitId: null } : none;
      case 'unit':
        return (await db.unit.findUnique({ where: { id }, select: { id: true } })) ? { campaignId: null, unitId: id } : none;
      case 'participation':
        return (await db.participation.findUnique({ where: { id }, select: { campaignId: true, unitId: true } })) ?? none;
      case 'nomination':
        return (await db.nomination.findUnique({ where: { id }, select: { campaignId: true, unitId: true } })) ?? none;
      case 'checkinSession':
        return { ...none, ...(await db.checkinSession.findUnique({ where: { id }, select: { campaignId: true } })) };
      case 'kioskDevice':
        return { ...none, ...(await db.kioskDevice.findUnique({ where: { id }, select: { campaignId: true } })) };
    }
  }

  /** A desk link's or ceremony screen's name. */
  async deviceName(id: string): Promise<string | null> {
    return (await this.prisma.client.kioskDevice.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
  }

  async list(q: TAuditFilter, page: number, pageSize: number): Promise<{ total: number; items: TAuditRow[] }> {
    const where = whereOf(q);
    const [total, items] = await Promise.all([
      this.prisma.client.auditEntry.count({ where }),
      this.prisma.client.auditEntry.findMany({
        where,
        include: withNames,
        orderBy: { id: 'desc' },
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
    ]);
    return { total, items };
  }

  /** Every matching entry, newest first, a page at a time (keyed on the id, so paging stays cheap deep down). */
  async *pages(q: TAuditFilter): AsyncGenerator<TAuditRow[]> {
    const where = whereOf(q);
    let before: bigint | undefined;
    for (;;) {
      const rows = await this.prisma.client.auditEntry.findMany({
        where: before === undefined ? where : { AND: [where, { id: { lt: before } }] },
        include: withNames,
        orderBy: { id: 'desc' },
        take: EXPORT_PAGE,
      });
      if (rows.length > 0) yield rows;
      if (rows.length < EXPORT_PAGE) return;
      before = rows[rows.length - 1]!.id;
    }
  }
}

function whereOf(q: TAuditFilter): Prisma.AuditEntryWhereInput {
  return {
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.campaignId ? { campaignId: q.campaignId } : {}),
    ...(q.unitId ? { unitId: q.unitId } : {}),
    ...(q.from || q.to ? { at: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {}),
    ...(q.actor
      ? {
          OR: [
            { actorLabel: { contains: q.actor, mode: 'insensitive' } },
            { actor: { is: { username: { contains: q.actor, mode: 'insensitive' } } } },
          ],
        }
      : {}),
  };
}
