import { Injectable } from '@nestjs/common';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../../../core/prisma/prisma.service.js';
import { scheduleRows } from '../participation.queries.js';

type Tx = Prisma.TransactionClient;

/** The schedule table as a whole: read for its .xlsx, replaced by an import. */
@Injectable()
export class ScheduleRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** What the schedule table needs: the rows in order, the campaign's title, the unit's name. */
  findSchedule(id: string) {
    return this.prisma.client.participation.findUnique({
      where: { id },
      select: { unitId: true, campaign: { select: { title: true } }, unit: { select: { name: true } }, activities: scheduleRows },
    });
  }

  /** The schedule as it is, in order (read under the participation's lock). */
  activities(tx: Tx, participationId: string) {
    return tx.activity.findMany({ where: { participationId }, orderBy: { sortNo: 'asc' } });
  }

  /** The whole schedule replaced (an import): rows in the order given. */
  async replaceActivities(
    tx: Tx,
    participationId: string,
    rows: Omit<Prisma.ActivityUncheckedCreateInput, 'sortNo' | 'participationId'>[],
  ) {
    await tx.activity.deleteMany({ where: { participationId } });
    await tx.activity.createMany({ data: rows.map((r, i) => ({ ...r, participationId, sortNo: i + 1 })) });
    return tx.activity.findMany({ where: { participationId }, orderBy: { sortNo: 'asc' } });
  }
}
