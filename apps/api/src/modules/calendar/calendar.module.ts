import { Module } from '@nestjs/common';
import { CampaignModule } from '../campaign/campaign.module.js';
import { CalendarController } from './calendar.controller.js';
import { CalendarRepository } from './calendar.repository.js';
import { CalendarService } from './calendar.service.js';

@Module({ imports: [CampaignModule], controllers: [CalendarController], providers: [CalendarRepository, CalendarService] })
export class CalendarModule {}
