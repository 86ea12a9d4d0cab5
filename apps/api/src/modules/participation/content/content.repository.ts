import { Injectable } from '@nestjs/common';
import type { Prisma } from '@learnweek/db';

type Tx = Prisma.TransactionClient;

/** The plan, the summary and the schedule's rows, written inside the participation's locked transaction. */
@Injectable()
export class ContentRepository {
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

  deleteActivity(tx: Tx, activityId: string) {
    return tx.activity.delete({ where: { id: activityId } });
  }
}
