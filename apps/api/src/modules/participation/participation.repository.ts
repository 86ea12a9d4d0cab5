import { Injectable } from '@nestjs/common';
import type { TParticipationState, ZListParticipationsQuery } from '@learnweek/contracts';
import type { z } from 'zod';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../../core/prisma/prisma.service.js';

export type Tx = Prisma.TransactionClient;

/** The schedule table's order. */
const scheduleRows = { orderBy: [{ sortNo: 'asc' }, { startsAt: 'asc' }] } satisfies Prisma.Participation$activitiesArgs;

const forEvent = {
  campaign: true,
  unit: { include: { town: true } },
  plan: true,
  activities: scheduleRows,
  summary: true,
  _count: { select: { photos: true } },
} satisfies Prisma.ParticipationInclude;
export type TParticipationForEvent = Prisma.ParticipationGetPayload<{ include: typeof forEvent }>;

const detail = {
  ...forEvent,
  planRevisions: { orderBy: { revision: 'desc' } },
  summaryRevisions: { orderBy: { revision: 'desc' } },
  photos: { include: { file: true }, orderBy: { sortNo: 'asc' } },
  transitions: { orderBy: { id: 'asc' } },
} satisfies Prisma.ParticipationInclude;
export type TParticipationDetailRow = Prisma.ParticipationGetPayload<{ include: typeof detail }>;

type TListQuery = z.output<typeof ZListParticipationsQuery>;

/** The list filters (docs/PRODUCT.md §6) as a where clause, shared by the list and the deadline matrix. */
export function participationWhere(campaignId: string, q: TListQuery, unitId?: string): Prisma.ParticipationWhereInput {
  return {
    campaignId,
    ...(unitId ? { unitId } : {}),
    ...(q.state ? { state: q.state } : {}),
    unit: {
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.town ? { town: { name: q.town } } : {}),
      ...(q.q ? { OR: [{ name: { contains: q.q, mode: 'insensitive' } }, { code: { contains: q.q, mode: 'insensitive' } }] } : {}),
    },
    ...(q.late === undefined ? {} : q.late ? { OR: [{ latePlan: true }, { lateSummary: true }] } : { latePlan: false, lateSummary: false }),
    ...(q.overdue === undefined
      ? {}
      : q.overdue
        ? { AND: [{ OR: [{ planOverdueAt: { not: null } }, { summaryOverdueAt: { not: null } }] }] }
        : { planOverdueAt: null, summaryOverdueAt: null }),
  };
}

@Injectable()
export class ParticipationRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** One unit of work; participations touched inside are locked with `lock`. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.client.$transaction(fn, { maxWait: 30_000, timeout: 30_000 });
  }

  /** What decides whether an upload may start: the unit, the state, the campaign's rules, the photos kept. */
  findUploadTarget(id: string) {
    return this.prisma.client.participation.findUnique({
      where: { id },
      select: { unitId: true, state: true, campaign: true, _count: { select: { photos: true } } },
    });
  }

  /** Locks the participation row until the transaction ends and loads what the guards need. */
  async lock(tx: Tx, id: string): Promise<TParticipationForEvent | null> {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Participation" WHERE id = ${id}::uuid FOR UPDATE`;
    if (locked.length === 0) return null;
    return tx.participation.findUnique({ where: { id }, include: forEvent });
  }

  findDetail(id: string): Promise<TParticipationDetailRow | null> {
    return this.prisma.client.participation.findUnique({ where: { id }, include: detail });
  }

  /** What the schedule table needs: the rows in order, the campaign's title, the unit's name. */
  findSchedule(id: string) {
    return this.prisma.client.participation.findUnique({
      where: { id },
      select: { unitId: true, campaign: { select: { title: true } }, unit: { select: { name: true } }, activities: scheduleRows },
    });
  }

  findOwner(id: string) {
    return this.prisma.client.participation.findUnique({ where: { id }, select: { id: true, unitId: true, campaignId: true } });
  }

  async list(campaignId: string, q: TListQuery, unitId?: string) {
    const where = participationWhere(campaignId, q, unitId);
    const [total, items] = await Promise.all([
      this.prisma.client.participation.count({ where }),
      this.prisma.client.participation.findMany({
        where,
        include: { unit: { include: { town: true } } },
        orderBy: [{ unit: { code: 'asc' } }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
    ]);
    return { total, items };
  }

  /** Saves a transition if the version is still `expected`; false when someone else got there first. */
  async saveTransition(
    tx: Tx,
    id: string,
    expected: number,
    data: Omit<Prisma.ParticipationUpdateManyMutationInput, 'version'>,
  ): Promise<boolean> {
    const r = await tx.participation.updateMany({ where: { id, version: expected }, data: { ...data, version: { increment: 1 } } });
    return r.count === 1;
  }

  appendTransition(tx: Tx, data: Prisma.TransitionUncheckedCreateInput) {
    return tx.transition.create({ data });
  }

  async freezePlan(tx: Tx, p: TParticipationForEvent, submittedById: string | null, at: Date) {
    const plan = p.plan ?? (await tx.plan.create({ data: { participationId: p.id } }));
    await tx.planRevision.create({
      data: {
        participationId: p.id,
        revision: plan.revision,
        leadingBody: plan.leadingBody,
        budgetNote: plan.budgetNote,
        publicity: plan.publicity,
        text: plan.text,
        activities: p.activities as unknown as Prisma.InputJsonValue,
        submittedById,
        submittedAt: at,
      },
    });
    await tx.plan.update({ where: { participationId: p.id }, data: { revision: plan.revision + 1 } });
  }

  async freezeSummary(tx: Tx, p: TParticipationForEvent, submittedById: string | null, at: Date) {
    const summary = p.summary ?? (await tx.summary.create({ data: { participationId: p.id } }));
    const photos = await tx.photo.findMany({ where: { participationId: p.id }, orderBy: { sortNo: 'asc' }, select: { id: true } });
    await tx.summaryRevision.create({
      data: {
        participationId: p.id,
        revision: summary.revision,
        text: summary.text,
        activitiesHeld: summary.activitiesHeld,
        participants: summary.participants,
        discDelivered: summary.discDelivered,
        photoIds: photos.map((x) => x.id),
        submittedById,
        submittedAt: at,
      },
    });
    await tx.summary.update({ where: { participationId: p.id }, data: { revision: summary.revision + 1 } });
  }

  upsertPlan(tx: Tx, participationId: string, data: { leadingBody?: string; budgetNote?: string; publicity?: string; text?: string }) {
    return tx.plan.upsert({ where: { participationId }, create: { participationId, ...data }, update: data });
  }

  upsertSummary(tx: Tx, participationId: string, data: { text?: string; activitiesHeld?: number; participants?: number }) {
    return tx.summary.upsert({ where: { participationId }, create: { participationId, ...data }, update: data });
  }

  async createActivity(tx: Tx, data: Omit<Prisma.ActivityUncheckedCreateInput, 'sortNo'>) {
    const max = await tx.activity.aggregate({ where: { participationId: data.participationId }, _max: { sortNo: true } });
    return tx.activity.create({ data: { ...data, sortNo: (max._max.sortNo ?? 0) + 1 } });
  }

  findActivity(tx: Tx, participationId: string, activityId: string) {
    return tx.activity.findFirst({ where: { id: activityId, participationId } });
  }

  updateActivity(tx: Tx, activityId: string, data: Prisma.ActivityUpdateInput) {
    return tx.activity.update({ where: { id: activityId }, data });
  }

  /** The whole schedule replaced (an import): rows in the order given. */
  async replaceActivities(tx: Tx, participationId: string, rows: Omit<Prisma.ActivityUncheckedCreateInput, 'sortNo' | 'participationId'>[]) {
    await tx.activity.deleteMany({ where: { participationId } });
    await tx.activity.createMany({ data: rows.map((r, i) => ({ ...r, participationId, sortNo: i + 1 })) });
    return tx.activity.findMany({ where: { participationId }, orderBy: { sortNo: 'asc' } });
  }

  photosWithFiles(tx: Tx, participationId: string) {
    return tx.photo.findMany({ where: { participationId }, include: { file: true } });
  }

  async isActivityOf(tx: Tx, participationId: string, activityId: string): Promise<boolean> {
    return (await tx.activity.count({ where: { id: activityId, participationId } })) > 0;
  }

  async addPhoto(tx: Tx, file: Prisma.StoredFileUncheckedCreateInput, photo: Omit<Prisma.PhotoUncheckedCreateInput, 'fileId'>) {
    const stored = await tx.storedFile.create({ data: file });
    return tx.photo.create({ data: { ...photo, fileId: stored.id }, include: { file: true } });
  }

  /** Removes a photo and its file's row; the file's storage key, or null when there is no such photo. */
  async removePhoto(tx: Tx, participationId: string, photoId: string): Promise<string | null> {
    const photo = await tx.photo.findFirst({ where: { id: photoId, participationId }, include: { file: true } });
    if (!photo) return null;
    await tx.photo.delete({ where: { id: photoId } });
    await tx.storedFile.delete({ where: { id: photo.fileId } });
    return photo.file.storageKey;
  }

  setDiscDelivered(tx: Tx, participationId: string, discDelivered: boolean) {
    return tx.summary.upsert({ where: { participationId }, create: { participationId, discDelivered }, update: { discDelivered } });
  }

  storageKeyOf(fileId: string) {
    return this.prisma.client.storedFile.findUnique({ where: { id: fileId }, select: { storageKey: true } });
  }

  deleteActivity(tx: Tx, activityId: string) {
    return tx.activity.delete({ where: { id: activityId } });
  }

  /** Participations of a campaign in a state, for the scheduler. */
  idsInState(campaignId: string, state: TParticipationState) {
    return this.prisma.client.participation.findMany({ where: { campaignId, state }, select: { id: true } });
  }
}

/** The queries of the deadline job: overdue marks follow the current due dates. */
@Injectable()
export class DeadlineRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Marks (once) the participations whose deliverable is past due; returns the newly marked. */
  markOverdue(campaignId: string, deliverable: 'plan' | 'summary', states: readonly TParticipationState[], now: Date) {
    const column = deliverable === 'plan' ? 'planOverdueAt' : 'summaryOverdueAt';
    return this.prisma.client.participation.updateManyAndReturn({
      where: { campaignId, state: { in: [...states] }, [column]: null },
      data: { [column]: now },
      select: { id: true, unitId: true, unit: { select: { name: true, town: { select: { name: true } } } } },
    });
  }

  /** Clears marks that no longer hold: the due date moved later, or the unit has submitted since. */
  async clearOverdue(campaignId: string, deliverable: 'plan' | 'summary', pendingStates: readonly TParticipationState[], stillDue: boolean) {
    const column = deliverable === 'plan' ? 'planOverdueAt' : 'summaryOverdueAt';
    const r = await this.prisma.client.participation.updateMany({
      where: { campaignId, [column]: { not: null }, ...(stillDue ? { state: { notIn: [...pendingStates] } } : {}) },
      data: { [column]: null },
    });
    return r.count;
  }

  /** Participations still owing a deliverable (in `states`), of active units; only `ids` when given. */
  pending(campaignId: string, states: readonly TParticipationState[], ids?: readonly string[]) {
    return this.prisma.client.participation.findMany({
      where: { campaignId, state: { in: [...states] }, unit: { active: true }, ...(ids ? { id: { in: [...ids] } } : {}) },
      select: { id: true, unitId: true },
    });
  }

  /** A page of the deadline matrix: each participation with what its cells are computed from. */
  async matrix(campaignId: string, q: TListQuery) {
    const where = participationWhere(campaignId, q);
    const [total, items] = await Promise.all([
      this.prisma.client.participation.count({ where }),
      this.prisma.client.participation.findMany({
        where,
        include: {
          unit: { include: { town: true, _count: { select: { users: { where: { active: true, roles: { has: 'coordinator' } } } } } } },
          summary: { select: { discDelivered: true } },
          _count: { select: { activities: true, photos: true } },
        },
        orderBy: [{ unit: { code: 'asc' } }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
    ]);
    return { total, items };
  }
}
