import { Module } from '@nestjs/common';
import { CampaignModule } from '../campaign/campaign.module.js';
import { KioskController } from './kiosk.controller.js';

@Module({ imports: [CampaignModule], controllers: [KioskController] })
export class KioskModule {}
