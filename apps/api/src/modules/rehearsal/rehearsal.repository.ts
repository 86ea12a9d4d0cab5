import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../../core/prisma/prisma.service.js';

/** What a rehearsal's session row keeps in `rehearsalReport` (TRehearsal without what the row itself has). */
export interface TRehearsalRecord {
  status: 'running' | 'passed' | 'failed' | 'abandoned';
  screens: number;
  people: number;
  minutes: number;
  runner: 'server' | 'client';
  startedAt: string;
  /** While the server runs it (TRehearsalProgress). */
  progress?: unknown;
  result: unknown;
}

export interface TRehearsalRow {
  id: string;
  campaignId: string;
  closesAt: Date;
  record: TRehearsalRecord;
}

const RUNNING = { path: ['status'], equals: 'running' } as const;
const toRow = (s: { id: string; campaignId: string; closesAt: Date; rehearsalReport: Prisma.JsonValue }): TRehearsalRow => ({
  id: s.id,
  campaignId: s.campaignId,
  closesAt: s.closesAt,
  record: s.rehearsalReport as unknown as TRehearsalRecord,
});
const SELECT = { id: true, campaignId: true, closesAt: true, rehearsalReport: true } as const;

/** Rehearsal sessions: check-in sessions marked `rehearsal`, their record in `rehearsalReport`. */
@Injectable()
export class RehearsalRepository {
  constructor(private readonly prisma: PrismaService) {}

  campaignStatus(id: string) {
    return this.prisma.client.campaign.findUnique({ where: { id }, select: { status: true } });
  }

  /**
   * Opens the rehearsal's session unless one of the campaign is still running (null then). The
   * check and the insert run under a transaction-scoped advisory lock on the campaign, so two
   * clicks at once cannot both start one.
   */
  async open(campaignId: string, record: TRehearsalRecord, opensAt: Date, closesAt: Date, now: Date): Promise<TRehearsalRow | null> {
    return this.prisma.client.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('learnweek:rehearsal'), hashtext(${campaignId}))`;
      const running = await tx.checkinSession.count({
        where: { campaignId, rehearsal: true, closesAt: { gt: now }, rehearsalReport: RUNNING },
      });
      if (running > 0) return null;
      const s = await tx.checkinSession.create({
        data: {
          campaignId,
          name: '压力演练',
          venue: '演练（不计入任何统计）',
          kind: 'sub',
          qrSecret: randomBytes(16).toString('hex'),
          opensAt,
          closesAt,
          rehearsal: true,
          rehearsalReport: record as unknown as Prisma.InputJsonValue,
        },
        select: SELECT,
      });
      return toRow(s);
    });
  }

  async find(id: string): Promise<TRehearsalRow | null> {
    const s = await this.prisma.client.checkinSession.findFirst({ where: { id, rehearsal: true }, select: SELECT });
    return s && toRow(s);
  }

  async latest(campaignId: string): Promise<TRehearsalRow | null> {
    const s = await this.prisma.client.checkinSession.findFirst({
      where: { campaignId, rehearsal: true },
      orderBy: { createdAt: 'desc' },
      select: SELECT,
    });
    return s && toRow(s);
  }

  /** Running rehearsals whose session has closed: their runner is gone. */
  async stale(now: Date): Promise<TRehearsalRow[]> {
    const rows = await this.prisma.client.checkinSession.findMany({
      where: { rehearsal: true, closesAt: { lte: now }, rehearsalReport: RUNNING },
      select: SELECT,
    });
    return rows.map(toRow);
  }

  /** The progress of a running rehearsal, for the console (nothing once it has ended). */
  async progress(id: string, progress: unknown): Promise<void> {
    await this.prisma.client
      .$executeRaw`UPDATE "CheckinSession" SET "rehearsalReport" = jsonb_set("rehearsalReport", '{progress}', ${JSON.stringify(progress)}::jsonb) WHERE id = ${id} AND rehearsal AND "rehearsalReport"->>'status' = 'running'`;
  }

  /**
   * Ends a running rehearsal with its record (false when it had ended already), and removes its
   * check-ins and their live-feed events in the same transaction: only the record stays.
   */
  async finish(id: string, record: TRehearsalRecord): Promise<boolean> {
    return this.prisma.client.$transaction(async (tx) => {
      const ended = await tx.checkinSession.updateMany({
        where: { id, rehearsal: true, rehearsalReport: RUNNING },
        data: { rehearsalReport: record as unknown as Prisma.InputJsonValue },
      });
      if (ended.count === 0) return false;
      await tx.outboxEvent.deleteMany({ where: { checkinSessionId: id } });
      await tx.checkin.deleteMany({ where: { sessionId: id } });
      return true;
    });
  }
}
