import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { APP_OPTIONS, type AppOptions } from '../config/app-options.js';
import { FileSweep } from './file-sweep.service.js';

export const FILE_SWEEP_CRON = CronExpression.EVERY_HOUR;

/** Every hour, on one instance (FileSweep's advisory lock): stored files without a row are removed. */
@Injectable()
export class FileSweepCron {
  private readonly logger = new Logger('files');

  constructor(
    private readonly sweep: FileSweep,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  @Cron(FILE_SWEEP_CRON, { name: 'file-sweep' })
  async onCron(): Promise<void> {
    if (!this.options.scheduler) return;
    await this.sweep.run().catch((err: unknown) => this.logger.error(`orphan file sweep failed: ${(err as Error).message}`));
  }
}
