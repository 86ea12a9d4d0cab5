import { Injectable } from '@nestjs/common';
import type { TParticipationState } from '@learnweek/contracts';
import { PrismaService } from '../../core/prisma/prisma.service.js';

/** What a preview of new dates reads: the campaign's activities and who still owes a deliverable. */
@Injectable()
export class TimelinePreviewRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The activities (not cancelled) of the campaign's active units, with their unit. */
  activities(campaignId: string) {
    return this.prisma.client.activity.findMany({
      where: { status: { not: 'cancelled' }, participation: { campaignId, unit: { active: true } } },
      select: { title: true, startsAt: true, endsAt: true, participation: { select: { unitId: true, unit: { select: { name: true } } } } },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
    });
  }

  /** Participations of active units still owing a deliverable (in `states`). */
  owing(campaignId: string, states: readonly TParticipationState[]) {
    return this.prisma.client.participation.findMany({
      where: { campaignId, state: { in: [...states] }, unit: { active: true } },
      select: { unitId: true },
    });
  }
}
