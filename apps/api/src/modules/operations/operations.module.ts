import { Module } from '@nestjs/common';
import { NotificationModule } from '../notification/notification.module.js';
import { BackupCron } from './backup.cron.js';
import { BackupRunRepository } from './backup-run.repository.js';
import { BackupService } from './backup.service.js';
import { OperationsController } from './operations.controller.js';

/** Backups, their restore drills and their alerts (docs/OPERATIONS.md). BackupService.backupAgeSeconds feeds the metrics. */
@Module({
  imports: [NotificationModule],
  controllers: [OperationsController],
  providers: [BackupRunRepository, BackupService, BackupCron],
  exports: [BackupService],
})
export class OperationsModule {}
