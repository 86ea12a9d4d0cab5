import { Module } from '@nestjs/common';
import { CampaignModule } from '../campaign/campaign.module.js';
import { ExportController } from './export.controller.js';
import { ExportRepository } from './export.repository.js';
import { ExportService } from './export.service.js';

@Module({ imports: [CampaignModule], controllers: [ExportController], providers: [ExportRepository, ExportService] })
export class ExportModule {}
