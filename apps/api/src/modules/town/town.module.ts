import { Module } from '@nestjs/common';
import { CampaignModule } from '../campaign/campaign.module.js';
import { NotificationModule } from '../notification/notification.module.js';
import { TownDigestService } from './town-digest.service.js';
import { TownController } from './town.controller.js';
import { TownRepository } from './town.repository.js';
import { TownService } from './town.service.js';

/** Town supervision: a town centre reads its town's units (TownService) and gets the day's escalation digest (TownDigestService, run by the deadline job). */
@Module({
  imports: [CampaignModule, NotificationModule],
  controllers: [TownController],
  providers: [TownRepository, TownService, TownDigestService],
  exports: [TownService, TownDigestService],
})
export class TownModule {}
