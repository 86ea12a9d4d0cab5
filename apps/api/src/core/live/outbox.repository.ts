import { Injectable } from '@nestjs/common';
import type { TLiveEnvelope, TLiveEventData, TLiveEventType } from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../prisma/prisma.service.js';
import type { TReplayFilter } from './live-audience.js';

/**
 * Where an event belongs: its campaign, its check-in session for check-in events, and the unit of
 * a unit's workflow event (the live feed shows that one only to the unit and the reviewers).
 */
export interface TOutboxScope {
  campaignId: string;
  checkinSessionId?: string;
  unitId?: string;
}

export interface TOutboxItem {
  scope: TOutboxScope;
  envelope: TLiveEnvelope;
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

  /** Writes one event; returns what to publish once the transaction has committed. */
  async append<T extends TLiveEventType>(tx: Prisma.TransactionClient, type: T, scope: TOutboxScope, data: TLiveEventData<T>, at: Date): Promise<TOutboxItem> {
    const row = await tx.outboxEvent.create({
      data: { type, campaignId: scope.campaignId, checkinSessionId: scope.checkinSessionId ?? null, unitId: scope.unitId ?? null, data: data as object, at },
      select: { seq: true },
    });
    return { scope, envelope: { seq: Number(row.seq), type, at: at.toISOString(), data } as TLiveEnvelope };
  }

  /**
   * The events after `sinceSeq` that `filter` lets through, oldest first, at most `limit`. The
   * scan stops at the outbox's end as it was when it began, which is the `lastSeq` it answers
   * when it did not reach the limit (a later commit is the live stream's, the caller having joined
   * its rooms first).
   */
  async since(filter: TReplayFilter, sinceSeq: number, limit = 5_000): Promise<TReplay> {
    const end = await this.end();
    if (end <= sinceSeq) return { envelopes: [], lastSeq: sinceSeq, more: false };
    const rows = await this.prisma.client.outboxEvent.findMany({
      where: {
        seq: { gt: BigInt(sinceSeq), lte: BigInt(end) },
        ...filter.scope,
        OR: filter.clauses.map((c) => ({
          type: { in: [...c.types] },
          ...(c.unitId === undefined ? {} : { unitId: c.unitId }),
          ...(c.publishesExemplar ? { data: { path: ['to'], equals: 'published' } } : {}),
        })),
      },
      orderBy: { seq: 'asc' },
      take: limit,
    });
    const more = rows.length === limit;
    return { envelopes: rows.map(toEnvelope), lastSeq: more ? Number(rows.at(-1)!.seq) : end, more };
  }

  /** The highest seq written so far (the feed's position). */
  async end(): Promise<number> {
    const r = await this.prisma.client.outboxEvent.aggregate({ _max: { seq: true } });
    return Number(r._max.seq ?? 0n);
  }

  async lastSeq(campaignId: string): Promise<number> {
    const r = await this.prisma.client.outboxEvent.aggregate({ where: { campaignId }, _max: { seq: true } });
    return Number(r._max.seq ?? 0n);
  }
}

export const toEnvelope = (r: { seq: bigint; type: string; at: Date; data: unknown }): TLiveEnvelope =>
  ({ seq: Number(r.seq), type: r.type, at: r.at.toISOString(), data: r.data }) as TLiveEnvelope;
