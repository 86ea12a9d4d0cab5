import type { ZListParticipationsQuery } from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';
import type { z } from 'zod';

/** Query parts the sub-slices' repositories share. */

export type TListQuery = z.output<typeof ZListParticipationsQuery>;

/** The schedule table's order. */
export const scheduleRows = { orderBy: [{ sortNo: 'asc' }, { startsAt: 'asc' }] } satisfies Prisma.Participation$activitiesArgs;

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
