import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { APP_OPTIONS, type AppOptions } from '../../../core/config/app-options.js';
import { AdvisoryLockService } from '../../../core/scheduler/advisory-lock.service.js';
import { DeadlineService } from './deadline.service.js';

export const DEADLINES_CRON = CronExpression.EVERY_MINUTE;
/** Advisory lock key of the deadline job (any constant unique to it). */
export const DEADLINES_LOCK = 0x1ea2_0001;

/** Triggers the deadline job: on start (catching up what was missed) and every minute, on one replica. */
@Injectable()
export class DeadlineCron implements OnApplicationBootstrap {
  private readonly logger = new Logger('deadlines');

  constructor(
    private readonly deadlines: DeadlineService,
    private readonly locks: AdvisoryLockService,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.scheduler) await this.run();
  }

  @Cron(DEADLINES_CRON, { name: 'deadlines' })
  async onCron(): Promise<void> {
    if (this.options.scheduler) await this.run();
  }

  /** One locked run; returns false when another instance was running it. */
  async run(): Promise<boolean> {
    try {
      const r = await this.locks.withLock(DEADLINES_LOCK, 'deadlines', () => this.deadlines.tick());
      return r !== undefined;
    } catch (err) {
      this.logger.error(`deadline run failed: ${(err as Error).message}`);
      return false;
    }
  }
}
