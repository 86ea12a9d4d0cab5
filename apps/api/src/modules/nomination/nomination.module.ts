import { Module } from '@nestjs/common';
import { CampaignModule } from '../campaign/campaign.module.js';
import { ExemplarNoticeController } from './exemplar-notice.controller.js';
import { ExemplarNoticeRepository } from './exemplar-notice.repository.js';
import { ExemplarNoticeService } from './exemplar-notice.service.js';
import { NotificationModule } from '../notification/notification.module.js';
import { NominationController } from './nomination.controller.js';
import { NominationRepository } from './nomination.repository.js';
import { NominationService } from './nomination.service.js';

@Module({
  imports: [CampaignModule, NotificationModule],
  controllers: [NominationController, ExemplarNoticeController],
  providers: [NominationRepository, NominationService, ExemplarNoticeRepository, ExemplarNoticeService],
  exports: [NominationService],
})
export class NominationModule {}
