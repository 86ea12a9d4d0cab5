import { Injectable } from '@nestjs/common';
import { PLAN_FIELDS, SUMMARY_FIELDS, type TPlanField, type TSummaryField } from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../../../core/prisma/prisma.service.js';
import { toActivity } from '../participation.mapper.js';
import { participationWhere, scheduleRows, type TListQuery } from '../participation.queries.js';

export type Tx = Prisma.TransactionClient;

const forEvent = {
  campaign: true,
  unit: { include: { town: true } },
  plan: true,
  activities: scheduleRows,
  summary: true,
  _count: { select: { photos: true } },
} satisfies Prisma.ParticipationInclude;
/** A participation locked for a step: what the machine's guards and the edits look at. */
export type TParticipationForEvent = Prisma.ParticipationGetPayload<{ include: typeof forEvent }>;

const detail = {
  ...forEvent,
  planRevisions: { orderBy: { revision: 'desc' } },
  summaryRevisions: { orderBy: { revision: 'desc' } },
  photos: { include: { file: true }, orderBy: { sortNo: 'asc' } },
  transitions: { orderBy: { id: 'asc' } },
} satisfies Prisma.ParticipationInclude;
export type TParticipationDetailRow = Prisma.ParticipationGetPayload<{ include: typeof detail }>;

/** The participation row, its lock, its transitions and the revisions a submission freezes. */
@Injectable()
export class ParticipationRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Whether the campaign exists (in the district of the work, under row-level security). */
  async campaignExists(id: string): Promise<boolean> {
    return (await this.prisma.client.campaign.count({ where: { id } })) > 0;
  }

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
        ...(Object.fromEntries(PLAN_FIELDS.map((f) => [f, plan[f]])) as Pick<typeof plan, TPlanField>),
        // The schedule as the contract's activities (read back through ZStoredActivityV1).
        activities: p.activities.map(toActivity) satisfies Prisma.InputJsonValue,
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
        ...(Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, summary[f]])) as Pick<typeof summary, TSummaryField>),
        discDelivered: summary.discDelivered,
        photoIds: photos.map((x) => x.id),
        submittedById,
        submittedAt: at,
      },
    });
    await tx.summary.update({ where: { participationId: p.id }, data: { revision: summary.revision + 1 } });
  }
}
