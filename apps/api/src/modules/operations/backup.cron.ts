import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { BackupService } from './backup.service.js';

/** Every minute: a scheduled backup when BACKUP_CRON says so (on one instance), and the 26-hour check. */
@Injectable()
export class BackupCron {
  private readonly logger = new Logger('backup');

  constructor(
    private readonly backups: BackupService,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE, { name: 'backup' })
  async onCron(): Promise<void> {
    if (!this.options.scheduler) return;
    await this.backups.tick().catch((err: unknown) => this.logger.error(`backup schedule: ${(err as Error).message}`));
  }
}
