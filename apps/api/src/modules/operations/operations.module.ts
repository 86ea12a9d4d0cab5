import { Global, Module } from '@nestjs/common';
import { BACKUP_STATUS } from '../../core/metrics/backup-status.js';
import { NotificationModule } from '../notification/notification.module.js';
import { BackupCron } from './backup.cron.js';
import { BackupRunRepository } from './backup-run.repository.js';
import { BackupService } from './backup.service.js';
import { OperationsController } from './operations.controller.js';

/**
 * Backups, their restore drills and their alerts (docs/OPERATIONS.md). Global for one thing: the
 * metrics (core) read the last good backup's time through BACKUP_STATUS (the runs' repository).
 */
@Global()
@Module({
  imports: [NotificationModule],
  controllers: [OperationsController],
  providers: [BackupRunRepository, BackupService, BackupCron, { provide: BACKUP_STATUS, useExisting: BackupRunRepository }],
  exports: [BackupService, BACKUP_STATUS],
})
export class OperationsModule {}
