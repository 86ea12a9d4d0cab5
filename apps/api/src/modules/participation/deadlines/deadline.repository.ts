import { Injectable } from '@nestjs/common';
import type { TParticipationState } from '@learnweek/contracts';
import { PrismaService } from '../../../core/prisma/prisma.service.js';
import { participationWhere, type TListQuery } from '../participation.queries.js';

/** The queries of the deadline job and the deadline matrix: overdue marks follow the current due dates. */
@Injectable()
export class DeadlineRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Participations of a campaign in a state, for the scheduler's timed events. */
  idsInStates(campaignId: string, states: readonly TParticipationState[]) {
    return this.prisma.client.participation.findMany({ where: { campaignId, state: { in: [...states] } }, select: { id: true } });
  }

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
  async clearOverdue(
    campaignId: string,
    deliverable: 'plan' | 'summary',
    pendingStates: readonly TParticipationState[],
    stillDue: boolean,
  ) {
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

  /** The deadline reminders sent to the coordinators of these participations, newest first, with whom they went to. */
  reminders(participationIds: readonly string[]) {
    return this.prisma.client.notification.findMany({
      where: { participationId: { in: [...participationIds] }, kind: 'deadlineReminder' },
      select: { participationId: true, createdAt: true, dedupeKey: true, user: { select: { displayName: true } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    });
  }
}
