import { Module } from '@nestjs/common';
import { RehearsalController } from './rehearsal.controller.js';
import { RehearsalCron } from './rehearsal.cron.js';
import { RehearsalRepository } from './rehearsal.repository.js';
import { RehearsalService } from './rehearsal.service.js';

@Module({
  controllers: [RehearsalController],
  providers: [RehearsalRepository, RehearsalService, RehearsalCron],
})
export class RehearsalModule {}
