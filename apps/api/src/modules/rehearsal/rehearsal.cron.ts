import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { AdvisoryLockService } from '../../core/scheduler/advisory-lock.service.js';
import { RehearsalService } from './rehearsal.service.js';

/** Advisory lock key of the rehearsal sweep. */
export const REHEARSAL_SWEEP_LOCK = 0x1ea2_0003;

/** Every minute, on one instance: rehearsals whose runner went away are closed and cleared. */
@Injectable()
export class RehearsalCron {
  private readonly logger = new Logger('rehearsal');

  constructor(
    private readonly rehearsals: RehearsalService,
    private readonly locks: AdvisoryLockService,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE, { name: 'rehearsal-sweep' })
  async onCron(): Promise<void> {
    if (!this.options.scheduler) return;
    try {
      const n = await this.locks.withLock(REHEARSAL_SWEEP_LOCK, 'rehearsal-sweep', () => this.rehearsals.sweep());
      if (n) this.logger.warn(`${n} rehearsal(s) abandoned by their runner: closed, their check-ins removed`);
    } catch (err) {
      this.logger.error(`rehearsal sweep failed: ${(err as Error).message}`);
    }
  }
}
