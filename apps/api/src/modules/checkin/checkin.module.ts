import { Module } from '@nestjs/common';
import { CampaignModule } from '../campaign/campaign.module.js';
import { CheckinController } from './checkin.controller.js';
import { CheckinWriter } from './checkin-writer.js';
import { CheckinRepository } from './checkin.repository.js';
import { CheckinService } from './checkin.service.js';
import { DemoTrafficService } from './demo-traffic.service.js';

@Module({ imports: [CampaignModule], controllers: [CheckinController], providers: [CheckinRepository, CheckinWriter, CheckinService, DemoTrafficService] })
export class CheckinModule {}
