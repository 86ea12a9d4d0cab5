import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service.js';

export interface TOutboxBacklog {
  /** Events the outbox keeps (the replay window). */
  events: number;
  /** Seconds since the oldest kept event was written (retention removes those older than OUTBOX_RETENTION_HOURS). */
  oldestAgeSeconds: number;
}

/** What a scrape reads from the database: the mail queue and the live feed's outbox. */
@Injectable()
export class MetricsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * E-mails not sent, by status: `pending` (due, being sent, or waiting for a retry), `held` (waiting
   * for its digest or for notices to join it), `failed` (gave up after the last attempt).
   */
  async mailQueue(): Promise<Record<'pending' | 'held' | 'failed', number>> {
    const rows = await this.prisma.client.emailMessage.groupBy({
      by: ['status'],
      where: { status: { in: ['pending', 'held', 'failed'] } },
      _count: { _all: true },
    });
    const out = { pending: 0, held: 0, failed: 0 };
    for (const r of rows) if (r.status in out) out[r.status as keyof typeof out] = r._count._all;
    return out;
  }

  async outboxBacklog(now: Date): Promise<TOutboxBacklog> {
    const r = await this.prisma.client.outboxEvent.aggregate({ _count: { _all: true }, _min: { at: true } });
    const oldest = r._min.at;
    return { events: r._count._all, oldestAgeSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0 };
  }
}
