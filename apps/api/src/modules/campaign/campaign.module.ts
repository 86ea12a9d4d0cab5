import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { NotificationModule } from '../notification/notification.module.js';
import { CampaignController } from './campaign.controller.js';
import { CampaignRepository } from './campaign.repository.js';
import { CampaignService } from './campaign.service.js';
import { CampaignWritableGuard } from './campaign-writable.guard.js';
import { NoticeController } from './notice/notice.controller.js';
import { NoticeRepository } from './notice/notice.repository.js';
import { NoticeService } from './notice/notice.service.js';
import { TimelinePreviewController } from './timeline-preview.controller.js';
import { TimelinePreviewRepository } from './timeline-preview.repository.js';
import { TimelinePreviewService } from './timeline-preview.service.js';

@Module({
  imports: [NotificationModule],
  controllers: [CampaignController, TimelinePreviewController, NoticeController],
  providers: [
    CampaignRepository,
    CampaignService,
    TimelinePreviewRepository,
    TimelinePreviewService,
    NoticeRepository,
    NoticeService,
    { provide: APP_GUARD, useClass: CampaignWritableGuard },
  ],
  exports: [CampaignService, NoticeService],
})
export class CampaignModule {}
