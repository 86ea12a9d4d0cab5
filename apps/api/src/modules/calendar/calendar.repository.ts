import { Injectable } from '@nestjs/common';
import { CLASS_ONLY_TYPES, RESIDENT_AUDIENCES } from '@learnweek/contracts';
import { participationStates } from '@learnweek/workflow';
import { PrismaService } from '../../core/prisma/prisma.service.js';

/** Plans the bureau has approved: their schedules are public. */
const APPROVED = participationStates('planApproved');

@Injectable()
export class CalendarRepository {
  constructor(private readonly prisma: PrismaService) {}

  towns() {
    return this.prisma.client.town.findMany({ select: { name: true }, orderBy: [{ sortNo: 'asc' }, { name: 'asc' }] });
  }

  activities(campaignId: string, town: string | undefined, free: boolean) {
    return this.prisma.client.activity.findMany({
      where: {
        // Open to residents as isOpenToResidents has it (@learnweek/contracts): not a class meeting, and no audience or one beside pupils.
        type: { notIn: [...CLASS_ONLY_TYPES] },
        AND: [
          { OR: [{ audiences: { isEmpty: true } }, { audiences: { hasSome: [...RESIDENT_AUDIENCES] } }] },
          // Free as the workflow's isFreeActivity has it: the switch, or a 惠民免费培训班 by its type.
          ...(free ? [{ OR: [{ free: true }, { type: 'freeClass' }] }] : []),
        ],
        participation: { campaignId, state: { in: [...APPROVED] }, unit: { active: true, ...(town ? { town: { name: town } } : {}) } },
      },
      select: {
        id: true,
        title: true,
        type: true,
        place: true,
        startsAt: true,
        endsAt: true,
        audiences: true,
        free: true,
        status: true,
        participation: { select: { unit: { select: { name: true, town: { select: { name: true } } } } } },
      },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      take: 2_000,
    });
  }
}
