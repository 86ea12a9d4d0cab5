import { Injectable } from '@nestjs/common';
import type { TLiveEnvelope, TLiveEventData, TLiveEventType } from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../prisma/prisma.service.js';

export interface TOutboxScope {
  campaignId?: string;
  checkinSessionId?: string;
}

/** The live feed's outbox: rows written inside the transaction that caused them. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly prisma: PrismaService) {}

  async append<T extends TLiveEventType>(tx: Prisma.TransactionClient, type: T, scope: TOutboxScope, data: TLiveEventData<T>, at: Date) {
    const row = await tx.outboxEvent.create({
      data: { type, campaignId: scope.campaignId ?? null, checkinSessionId: scope.checkinSessionId ?? null, data: data as object, at },
      select: { seq: true },
    });
    return Number(row.seq);
  }

  /** Events after `sinceSeq` in a scope, oldest first. */
  async since(scope: TOutboxScope, sinceSeq: number, limit = 1_000): Promise<TLiveEnvelope[]> {
    const rows = await this.prisma.client.outboxEvent.findMany({
      where: { seq: { gt: BigInt(sinceSeq) }, ...(scope.campaignId ? { campaignId: scope.campaignId } : { checkinSessionId: scope.checkinSessionId }) },
      orderBy: { seq: 'asc' },
      take: limit,
    });
    return rows.map(toEnvelope);
  }

  async lastSeq(): Promise<number> {
    const r = await this.prisma.client.outboxEvent.aggregate({ _max: { seq: true } });
    return Number(r._max.seq ?? 0n);
  }
}

export const toEnvelope = (r: { seq: bigint; type: string; at: Date; data: unknown }): TLiveEnvelope =>
  ({ seq: Number(r.seq), type: r.type, at: r.at.toISOString(), data: r.data }) as TLiveEnvelope;
