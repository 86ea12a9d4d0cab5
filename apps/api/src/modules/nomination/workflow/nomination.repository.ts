import { Injectable } from '@nestjs/common';
import type { TNominationKind, ZListNominationsQuery } from '@learnweek/contracts';
import { nominationStates } from '@learnweek/workflow';
import type { Prisma } from '@learnweek/db';
import type { z } from 'zod';
import { PrismaService } from '../../../core/prisma/prisma.service.js';

export type Tx = Prisma.TransactionClient;

const listed = {
  unit: { include: { town: true } },
  photos: { include: { file: true }, orderBy: { sortNo: 'asc' } },
  scores: true,
} satisfies Prisma.NominationInclude;
const detailed = { ...listed, campaign: true, transitions: { orderBy: { id: 'asc' } } } satisfies Prisma.NominationInclude;
export type TNominationRow = Prisma.NominationGetPayload<{ include: typeof listed }>;
export type TNominationDetailRow = Prisma.NominationGetPayload<{ include: typeof detailed }>;

/** A nomination's row: what the workflow reads, locks and saves (each sub-slice keeps its own tables' queries). */
@Injectable()
export class NominationRepository {
  constructor(private readonly prisma: PrismaService) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.client.$transaction(fn, { maxWait: 30_000, timeout: 30_000 });
  }

  create(data: Prisma.NominationUncheckedCreateInput) {
    return this.prisma.client.nomination.create({ data, include: detailed });
  }

  find(id: string) {
    return this.prisma.client.nomination.findUnique({ where: { id }, include: detailed });
  }

  list(campaignId: string, q: z.output<typeof ZListNominationsQuery>, unitId?: string) {
    return this.prisma.client.nomination.findMany({
      where: { campaignId, ...(unitId ? { unitId } : {}), ...(q.kind ? { kind: q.kind } : {}), ...(q.state ? { state: q.state } : {}) },
      include: listed,
      orderBy: [{ unit: { code: 'asc' } }, { createdAt: 'asc' }],
    });
  }

  /** Locks the nomination until the transaction ends. */
  async lock(tx: Tx, id: string) {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Nomination" WHERE id = ${id}::uuid FOR UPDATE`;
    return rows.length ? tx.nomination.findUnique({ where: { id }, include: detailed }) : null;
  }

  /**
   * How many of a unit's nominations of a kind use up its quota, counted under a lock on
   * (campaign, unit): two submissions at once cannot both take the last place.
   */
  async quotaUse(tx: Tx, campaignId: string, unitId: string, kind: TNominationKind, except: string) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`nomination-quota:${campaignId}:${unitId}`}))`;
    return tx.nomination.count({
      where: { campaignId, unitId, kind, state: { in: nominationStates('countsToQuota') }, id: { not: except } },
    });
  }

  quota(db: Tx | undefined, campaignId: string, unitKind: string, kind: string) {
    return (db ?? this.prisma.client).nominationQuota.findUnique({ where: { campaignId_unitKind_kind: { campaignId, unitKind, kind } } });
  }

  /** Saves an edit or a transition if the version is still `expected` (adding one); false when someone else got there first. */
  async saveIfVersion(tx: Tx, id: string, expected: number, data: Prisma.NominationUpdateManyMutationInput): Promise<boolean> {
    const r = await tx.nomination.updateMany({ where: { id, version: expected }, data: { ...data, version: { increment: 1 } } });
    return r.count === 1;
  }

  appendTransition(tx: Tx, data: Prisma.NominationTransitionUncheckedCreateInput) {
    return tx.nominationTransition.create({ data });
  }

  isPanelist(campaignId: string, userId: string) {
    return this.prisma.client.panelMember.findUnique({ where: { campaignId_userId: { campaignId, userId } } });
  }

  /** The panel's members (their ids): who must have scored before a selection or a publication. */
  async panelistIds(tx: Tx, campaignId: string): Promise<string[]> {
    return (await tx.panelMember.findMany({ where: { campaignId }, select: { userId: true } })).map((m) => m.userId);
  }
}
