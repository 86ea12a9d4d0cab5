import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { APP_OPTIONS, type AppOptions } from '../../../core/config/app-options.js';
import { AdvisoryLockService } from '../../../core/scheduler/advisory-lock.service.js';
import { PresenceService } from './presence.service.js';

/** Advisory lock key of the offline sweep. */
export const PRESENCE_SWEEP_LOCK = 0x1ea2_0004;

/** Every 10 seconds, on one instance: screens and desks of open sessions offline for over a minute are reported. */
@Injectable()
export class PresenceCron {
  private readonly logger = new Logger('presence');

  constructor(
    private readonly presence: PresenceService,
    private readonly locks: AdvisoryLockService,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  @Cron(CronExpression.EVERY_10_SECONDS, { name: 'presence-sweep' })
  async onCron(): Promise<void> {
    if (!this.options.scheduler) return;
    try {
      const n = await this.locks.withLock(PRESENCE_SWEEP_LOCK, 'presence-sweep', () => this.presence.alertOffline());
      if (n) this.logger.warn(`${n} screen(s) or desk(s) offline: organizers told`);
    } catch (err) {
      this.logger.error(`offline sweep failed: ${(err as Error).message}`);
    }
  }
}
