import { Controller } from '@nestjs/common';
import { ROUTES, type TBackupStatus } from '@learnweek/contracts';
import { Endpoint } from '../../core/http/endpoint.decorator.js';
import { BackupService } from './backup.service.js';

@Controller()
export class OperationsController {
  constructor(private readonly backups: BackupService) {}

  @Endpoint(ROUTES.operations.backups)
  backupStatus(): Promise<TBackupStatus> {
    return this.backups.status();
  }
}
