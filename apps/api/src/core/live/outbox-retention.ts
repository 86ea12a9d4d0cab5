import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock } from '../clock/clock.js';
import { APP_OPTIONS, type AppOptions } from '../config/app-options.js';
import { AdvisoryLockService } from '../scheduler/advisory-lock.service.js';
import { OutboxRepository, type TOutboxPrune } from './outbox.repository.js';

export const OUTBOX_RETENTION_CRON = CronExpression.EVERY_10_MINUTES;
/** Advisory lock key of the retention job (the deadline job's is 0x1ea2_0001). */
export const OUTBOX_RETENTION_LOCK = 0x1ea2_0002;

/**
 * Outbox retention (OUTBOX_RETENTION_HOURS, default 48): every ten minutes, on one instance, the
 * live feed's events older than that are removed in batches. A ceremony week of 10 million
 * check-ins would otherwise leave 20 million rows behind; the check-ins themselves stay. A screen
 * that comes back with an older `sinceSeq` is told to redraw from REST (`resyncNeeded`).
 */
@Injectable()
export class OutboxRetention {
  private readonly logger = new Logger('outbox');

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly locks: AdvisoryLockService,
    private readonly clock: Clock,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  @Cron(OUTBOX_RETENTION_CRON, { name: 'outbox-retention' })
  async onCron(): Promise<void> {
    if (this.options.scheduler) await this.run();
  }

  /** One pass under the job's lock; undefined when another instance was running it (or it failed). */
  async run(): Promise<TOutboxPrune | undefined> {
    const cutoff = new Date(this.clock.now().getTime() - this.options.config.outboxRetentionHours * 3_600_000);
    try {
      const r = await this.locks.withLock(OUTBOX_RETENTION_LOCK, 'outbox-retention', () => this.outbox.prune(cutoff));
      if (r && r.rows > 0)
        this.logger.log(
          `removed ${r.rows} live-feed events up to #${r.through} (older than ${cutoff.toISOString()})${r.more ? ', more next time' : ''}`,
        );
      return r;
    } catch (err) {
      this.logger.error(`outbox retention failed: ${(err as Error).message}`);
      return undefined;
    }
  }
}
