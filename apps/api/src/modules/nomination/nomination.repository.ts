import { Injectable } from '@nestjs/common';
import type { TNominationKind, TNominationQuota, ZListNominationsQuery } from '@learnweek/contracts';
import { nominationStates } from '@learnweek/workflow';
import type { Prisma } from '@learnweek/db';
import type { z } from 'zod';
import { PrismaService } from '../../core/prisma/prisma.service.js';

export type Tx = Prisma.TransactionClient;

const listed = {
  unit: { include: { town: true } },
  photos: { include: { file: true }, orderBy: { sortNo: 'asc' } },
  scores: true,
} satisfies Prisma.NominationInclude;
const detailed = { ...listed, campaign: true, transitions: { orderBy: { id: 'asc' } } } satisfies Prisma.NominationInclude;
export type TNominationRow = Prisma.NominationGetPayload<{ include: typeof listed }>;
export type TNominationDetailRow = Prisma.NominationGetPayload<{ include: typeof detailed }>;

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

  published(campaignId: string) {
    return this.prisma.client.nomination.findMany({
      where: { campaignId, state: 'published' },
      include: listed,
      orderBy: [{ kind: 'desc' }, { publishedAt: 'asc' }],
    });
  }

  /** What decides whether a photo upload may start: the unit, the state, the photos kept. */
  findUploadTarget(id: string) {
    return this.prisma.client.nomination.findUnique({
      where: { id },
      select: { unitId: true, state: true, _count: { select: { photos: true } } },
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

  quotas(campaignId: string) {
    return this.prisma.client.nominationQuota.findMany({ where: { campaignId }, orderBy: [{ unitKind: 'asc' }, { kind: 'asc' }] });
  }

  quota(db: Tx | undefined, campaignId: string, unitKind: string, kind: string) {
    return (db ?? this.prisma.client).nominationQuota.findUnique({ where: { campaignId_unitKind_kind: { campaignId, unitKind, kind } } });
  }

  setQuotas(campaignId: string, items: readonly TNominationQuota[]) {
    return this.prisma.client.$transaction([
      this.prisma.client.nominationQuota.deleteMany({ where: { campaignId } }),
      this.prisma.client.nominationQuota.createMany({ data: items.map((q) => ({ campaignId, ...q })) }),
    ]);
  }

  /** Saves an edit or a transition if the version is still `expected` (adding one); false when someone else got there first. */
  async saveIfVersion(tx: Tx, id: string, expected: number, data: Prisma.NominationUpdateManyMutationInput): Promise<boolean> {
    const r = await tx.nomination.updateMany({ where: { id, version: expected }, data: { ...data, version: { increment: 1 } } });
    return r.count === 1;
  }

  appendTransition(tx: Tx, data: Prisma.NominationTransitionUncheckedCreateInput) {
    return tx.nominationTransition.create({ data });
  }

  async addPhoto(tx: Tx, file: Prisma.StoredFileUncheckedCreateInput, nominationId: string, sortNo: number) {
    const stored = await tx.storedFile.create({ data: file });
    return tx.nominationPhoto.create({ data: { nominationId, fileId: stored.id, sortNo }, include: { file: true } });
  }

  async removePhoto(tx: Tx, nominationId: string, photoId: string): Promise<string | null> {
    const photo = await tx.nominationPhoto.findFirst({ where: { id: photoId, nominationId }, include: { file: true } });
    if (!photo) return null;
    await tx.nominationPhoto.delete({ where: { id: photoId } });
    await tx.storedFile.delete({ where: { id: photo.fileId } });
    return photo.file.storageKey;
  }

  panel(campaignId: string, db?: Tx) {
    return (db ?? this.prisma.client).panelMember.findMany({
      where: { campaignId },
      include: { user: true },
      orderBy: { user: { username: 'asc' } },
    });
  }

  /** Active approvers (only they can sit on the panel), or those of them among `ids`. */
  approvers(ids?: readonly string[]) {
    return this.prisma.client.user.findMany({
      where: { ...(ids ? { id: { in: [...ids] } } : {}), active: true, roles: { has: 'approver' } },
      select: { id: true, username: true, displayName: true },
      orderBy: { username: 'asc' },
    });
  }

  setPanel(campaignId: string, userIds: readonly string[]) {
    return this.prisma.client.$transaction([
      this.prisma.client.panelMember.deleteMany({ where: { campaignId, userId: { notIn: [...userIds] } } }),
      this.prisma.client.panelMember.createMany({ data: userIds.map((userId) => ({ campaignId, userId })), skipDuplicates: true }),
    ]);
  }

  isPanelist(campaignId: string, userId: string) {
    return this.prisma.client.panelMember.findUnique({ where: { campaignId_userId: { campaignId, userId } } });
  }

  /** Replaces a panelist's scores of a nomination (one row per criterion). */
  async setScores(tx: Tx, nominationId: string, panelistId: string, scores: Record<string, number>, at: Date) {
    await tx.nominationScore.deleteMany({ where: { nominationId, panelistId } });
    await tx.nominationScore.createMany({
      data: Object.entries(scores).map(([criterion, score]) => ({ nominationId, panelistId, criterion, score, at })),
    });
  }
}
