import { Injectable } from '@nestjs/common';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../../../core/prisma/prisma.service.js';

type Tx = Prisma.TransactionClient;

/** The number of rows changed: one when the version was still the expected one. */
const one = (r: { count: number }) => r.count === 1;

/**
 * The plan, the summary and the schedule's rows, written inside the participation's locked
 * transaction; each edit only where the version is still the one it was made from (and adds one).
 */
@Injectable()
export class ContentRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A row's record history, oldest first, with the unit it belongs to (null when the row is not the participation's). */
  async activityRecords(participationId: string, activityId: string) {
    return this.prisma.client.activity.findFirst({
      where: { id: activityId, participationId },
      select: { participation: { select: { unitId: true } }, records: { orderBy: { id: 'asc' } } },
    });
  }

  /** The plan edited from `expected` (a participation without a plan row has version 1); false when it moved. */
  async updatePlan(
    tx: Tx,
    participationId: string,
    expected: number,
    data: { leadingBody?: string; budgetNote?: string; publicity?: string; text?: string },
  ): Promise<boolean> {
    await tx.plan.createMany({ data: [{ participationId }], skipDuplicates: true });
    return one(await tx.plan.updateMany({ where: { participationId, version: expected }, data: { ...data, version: { increment: 1 } } }));
  }

  findPlan(tx: Tx, participationId: string) {
    return tx.plan.findUnique({ where: { participationId } });
  }

  /** The summary edited from `expected` (version 1 before its row exists); false when it moved. */
  async updateSummary(
    tx: Tx,
    participationId: string,
    expected: number,
    data: { text?: string; activitiesHeld?: number; participants?: number },
  ): Promise<boolean> {
    await tx.summary.createMany({ data: [{ participationId }], skipDuplicates: true });
    return one(
      await tx.summary.updateMany({ where: { participationId, version: expected }, data: { ...data, version: { increment: 1 } } }),
    );
  }

  findSummary(tx: Tx, participationId: string) {
    return tx.summary.findUnique({ where: { participationId } });
  }

  async createActivity(tx: Tx, data: Omit<Prisma.ActivityUncheckedCreateInput, 'sortNo'>) {
    const max = await tx.activity.aggregate({ where: { participationId: data.participationId }, _max: { sortNo: true } });
    return tx.activity.create({ data: { ...data, sortNo: (max._max.sortNo ?? 0) + 1 } });
  }

  findActivity(tx: Tx, participationId: string, activityId: string) {
    return tx.activity.findFirst({ where: { id: activityId, participationId } });
  }

  /** The row edited from `expected`; false when it moved. */
  async updateActivity(tx: Tx, activityId: string, expected: number, data: Prisma.ActivityUpdateManyMutationInput): Promise<boolean> {
    return one(
      await tx.activity.updateMany({ where: { id: activityId, version: expected }, data: { ...data, version: { increment: 1 } } }),
    );
  }

  /** One entry of a row's record history (append-only). */
  addActivityRecord(tx: Tx, data: Prisma.ActivityRecordUncheckedCreateInput) {
    return tx.activityRecord.create({ data });
  }

  deleteActivity(tx: Tx, activityId: string) {
    return tx.activity.delete({ where: { id: activityId } });
  }
}
