import { Injectable } from '@nestjs/common';
import type { TLiveEnvelope, TLiveEventData, TLiveEventType } from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../prisma/prisma.service.js';

/** The rooms an event belongs to: its campaign, and its check-in session for check-in events. */
export interface TOutboxScope {
  campaignId: string;
  checkinSessionId?: string;
}

export interface TOutboxItem {
  scope: TOutboxScope;
  envelope: TLiveEnvelope;
}

/** The live feed's outbox: rows written inside the transaction that caused them. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Writes one event; returns what to publish once the transaction has committed. */
  async append<T extends TLiveEventType>(tx: Prisma.TransactionClient, type: T, scope: TOutboxScope, data: TLiveEventData<T>, at: Date): Promise<TOutboxItem> {
    const row = await tx.outboxEvent.create({
      data: { type, campaignId: scope.campaignId, checkinSessionId: scope.checkinSessionId ?? null, data: data as object, at },
      select: { seq: true },
    });
    return { scope, envelope: { seq: Number(row.seq), type, at: at.toISOString(), data } as TLiveEnvelope };
  }

  /** Events after `sinceSeq` of a campaign or of a check-in session, oldest first. */
  async since(scope: { campaignId: string } | { checkinSessionId: string }, sinceSeq: number, limit = 5_000): Promise<TLiveEnvelope[]> {
    const rows = await this.prisma.client.outboxEvent.findMany({
      where: { seq: { gt: BigInt(sinceSeq) }, ...scope },
      orderBy: { seq: 'asc' },
      take: limit,
    });
    return rows.map(toEnvelope);
  }

  async lastSeq(campaignId: string): Promise<number> {
    const r = await this.prisma.client.outboxEvent.aggregate({ where: { campaignId }, _max: { seq: true } });
    return Number(r._max.seq ?? 0n);
  }
}

export const toEnvelope = (r: { seq: bigint; type: string; at: Date; data: unknown }): TLiveEnvelope =>
  ({ seq: Number(r.seq), type: r.type, at: r.at.toISOString(), data: r.data }) as TLiveEnvelope;
