import { Module } from '@nestjs/common';
import { CampaignModule } from '../campaign/campaign.module.js';
import { NotificationModule } from '../notification/notification.module.js';
import { UnitController } from './unit.controller.js';
import { UnitRepository } from './unit.repository.js';
import { UnitService } from './unit.service.js';

@Module({ imports: [CampaignModule, NotificationModule], controllers: [UnitController], providers: [UnitRepository, UnitService] })
export class UnitModule {}
