import { Module } from '@nestjs/common';
import { CampaignModule } from '../campaign/campaign.module.js';
import { NotificationModule } from '../notification/notification.module.js';
import { NominationController } from './nomination.controller.js';
import { NominationRepository } from './nomination.repository.js';
import { NominationService } from './nomination.service.js';

@Module({ imports: [CampaignModule, NotificationModule], controllers: [NominationController], providers: [NominationRepository, NominationService], exports: [NominationService] })
export class NominationModule {}
