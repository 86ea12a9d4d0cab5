import { Injectable } from '@nestjs/common';
import type { TLiveEnvelope } from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../prisma/prisma.service.js';
import type { TReplayFilter } from './live-audience.js';
import type { TLiveEvent, TOutboxItem } from './live-events.js';

/** What one retention pass removed: `rows`, all with seq ≤ `through`. */
export interface TOutboxPrune {
  rows: number;
  through: number;
  /** It stopped at its batch budget with more to remove (the next pass goes on). */
  more: boolean;
}

/** A replay: the events found, and how far it looked (`more`: it stopped at its limit). */
export interface TReplay {
  envelopes: TLiveEnvelope[];
  lastSeq: number;
  more: boolean;
}

/** The live feed's outbox: rows written inside the transaction that caused them. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Writes one event in `tx`; returns what to publish once the transaction has committed (LiveEvents.afterCommit). */
  async append(tx: Prisma.TransactionClient, { type, scope, data, at }: TLiveEvent): Promise<TOutboxItem> {
    const row = await tx.outboxEvent.create({
      data: {
        type,
        campaignId: scope.campaignId,
        checkinSessionId: scope.checkinSessionId ?? null,
        unitId: scope.unitId ?? null,
        data: data as object,
        at,
      },
      // The row's district (the transaction's, docs/ARCHITECTURE.md "Tenancy") names the rooms it is published to.
      select: { seq: true, districtId: true },
    });
    return {
      scope: { ...scope, districtId: row.districtId },
      envelope: { seq: Number(row.seq), type, at: at.toISOString(), data } as TLiveEnvelope,
    };
  }

  /**
   * The events after `sinceSeq` that `filter` lets through, oldest first, at most `limit` (one
   * page). The scan stops at `end`, the outbox's end as the caller read it, which is the `lastSeq`
   * it answers when it did not reach the limit (a later commit is the live stream's, the caller
   * having joined its rooms first). It walks the scope's index ("campaignId", "seq") or
   * ("checkinSessionId", "seq") between the two, which the caller keeps short (LIVE_LIMITS.replayWindow).
   */
  async since(filter: TReplayFilter, sinceSeq: number, limit: number, end: number): Promise<TReplay> {
    if (end <= sinceSeq) return { envelopes: [], lastSeq: sinceSeq, more: false };
    const rows = await this.prisma.client.outboxEvent.findMany({
      where: {
        seq: { gt: BigInt(sinceSeq), lte: BigInt(end) },
        districtId: filter.districtId,
        ...filter.scope,
        // A campaign's replay leaves out a load rehearsal's check-ins (its session's own replay has them).
        ...('campaignId' in filter.scope ? { NOT: { checkinSession: { is: { rehearsal: true } } } } : {}),
        OR: filter.clauses.map((c) => ({
          type: { in: [...c.types] },
          ...(c.unitId === undefined ? {} : { unitId: c.unitId }),
        })),
      },
      orderBy: { seq: 'asc' },
      take: limit,
    });
    const more = rows.length === limit;
    return { envelopes: rows.map(toEnvelope), lastSeq: more ? Number(rows.at(-1)!.seq) : end, more };
  }

  /** `floor()` and `end()` in one query. */
  async bounds(): Promise<{ floor: number; end: number }> {
    const r = await this.prisma.client.outboxEvent.aggregate({ _min: { seq: true }, _max: { seq: true } });
    return { floor: r._min.seq === null ? 0 : Number(r._min.seq) - 1, end: Number(r._max.seq ?? 0n) };
  }

  /** The highest seq written so far (the feed's position). */
  async end(): Promise<number> {
    const r = await this.prisma.client.outboxEvent.aggregate({ _max: { seq: true } });
    return Number(r._max.seq ?? 0n);
  }

  /**
   * Where a campaign's replay may start: its newest event, or the outbox's floor when retention
   * has removed all of them (a screen starting there is not sent back to REST again).
   */
  async lastSeq(campaignId: string): Promise<number> {
    const [r, floor] = await Promise.all([
      this.prisma.client.outboxEvent.aggregate({ where: { campaignId }, _max: { seq: true } }),
      this.floor(),
    ]);
    return Math.max(Number(r._max.seq ?? 0n), floor);
  }

  /**
   * Below this seq the outbox may have lost events to retention: a subscriber whose `sinceSeq` is
   * lower cannot be brought up to date by a replay. (The oldest kept row's seq − 1: gaps left by
   * rolled-back transactions or removed rehearsals may also count, which costs such a screen one
   * REST redraw, never a missed event.)
   */
  async floor(): Promise<number> {
    const r = await this.prisma.client.outboxEvent.aggregate({ _min: { seq: true } });
    return r._min.seq === null ? 0 : Number(r._min.seq) - 1;
  }

  /**
   * Retention: removes the oldest events, those written before `cutoff`, in batches of `batch`
   * rows, at most `maxBatches` of them. Only a prefix of the sequence goes (everything up to the
   * first event at or after the cutoff), so that `floor()` stays exact; a desk's late check-in
   * with an old scan time waits for the events written before it. The newest event always stays:
   * the feed's position must survive a quiet week.
   */
  async prune(cutoff: Date, batch = 10_000, maxBatches = 50): Promise<TOutboxPrune> {
    // District by district, each under its own policies (its feed keeps its own newest event).
    const each = await this.prisma.eachDistrict(() => this.pruneDistrict(cutoff, batch, maxBatches));
    return {
      rows: each.reduce((n, r) => n + r.rows, 0),
      through: Math.max(0, ...each.map((r) => r.through)),
      more: each.some((r) => r.more),
    };
  }

  private async pruneDistrict(cutoff: Date, batch: number, maxBatches: number): Promise<TOutboxPrune> {
    const bound = await this.prisma.client.$queryRaw<{ through: bigint | null }[]>`
      SELECT COALESCE((SELECT min("seq") FROM "OutboxEvent" WHERE "at" >= ${cutoff}), (SELECT max("seq") FROM "OutboxEvent")) - 1 AS through`;
    const through = Number(bound[0]?.through ?? 0n);
    let rows = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await this.prisma.client.$executeRaw`
        DELETE FROM "OutboxEvent" WHERE "seq" IN (SELECT "seq" FROM "OutboxEvent" WHERE "seq" <= ${through} ORDER BY "seq" LIMIT ${batch})`;
      rows += n;
      if (n < batch) return { rows, through, more: false };
    }
    return { rows, through, more: true };
  }
}

export const toEnvelope = (r: { seq: bigint; type: string; at: Date; data: unknown }): TLiveEnvelope =>
  ({ seq: Number(r.seq), type: r.type, at: r.at.toISOString(), data: r.data }) as TLiveEnvelope;
