import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { NotificationModule } from '../notification/notification.module.js';
import { CampaignController } from './campaign.controller.js';
import { CampaignRepository } from './campaign.repository.js';
import { CampaignService } from './campaign.service.js';
import { CampaignWritableGuard } from './campaign-writable.guard.js';
import { TimelinePreviewController } from './timeline-preview.controller.js';
import { TimelinePreviewRepository } from './timeline-preview.repository.js';
import { TimelinePreviewService } from './timeline-preview.service.js';

@Module({
  imports: [NotificationModule],
  controllers: [CampaignController, TimelinePreviewController],
  providers: [
    CampaignRepository,
    CampaignService,
    TimelinePreviewRepository,
    TimelinePreviewService,
    { provide: APP_GUARD, useClass: CampaignWritableGuard },
  ],
  exports: [CampaignService],
})
export class CampaignModule {}
