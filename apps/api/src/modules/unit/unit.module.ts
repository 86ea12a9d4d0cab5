import { Module } from '@nestjs/common';
import { CampaignModule } from '../campaign/campaign.module.js';
import { UnitController } from './unit.controller.js';
import { UnitRepository } from './unit.repository.js';
import { UnitService } from './unit.service.js';

@Module({ imports: [CampaignModule], controllers: [UnitController], providers: [UnitRepository, UnitService] })
export class UnitModule {}
