import { Module } from '@nestjs/common';
import { CampaignController } from './campaign.controller.js';
import { CampaignRepository } from './campaign.repository.js';
import { CampaignService } from './campaign.service.js';

@Module({ controllers: [CampaignController], providers: [CampaignRepository, CampaignService], exports: [CampaignRepository, CampaignService] })
export class CampaignModule {}
