import { Module } from '@nestjs/common';
import { CampaignModule } from '../campaign/campaign.module.js';
import { NotificationModule } from '../notification/notification.module.js';
import { DeadlineController } from './deadline.controller.js';
import { DeadlineService } from './deadline.service.js';
import { ParticipationController } from './participation.controller.js';
import { ParticipationCron } from './participation.cron.js';
import { DeadlineRepository, ParticipationRepository } from './participation.repository.js';
import { ParticipationService } from './participation.service.js';
import { PhotoController } from './photo.controller.js';
import { PhotoService } from './photo.service.js';

@Module({
  imports: [CampaignModule, NotificationModule],
  controllers: [ParticipationController, PhotoController, DeadlineController],
  providers: [ParticipationRepository, DeadlineRepository, ParticipationService, PhotoService, DeadlineService, ParticipationCron],
  exports: [ParticipationService, DeadlineService, ParticipationCron],
})
export class ParticipationModule {}
