import { Controller, Get } from '@nestjs/common';
import { ZPublicActivitiesQuery, type TPublicActivities } from '@learnweek/contracts';
import type { z } from 'zod';
import { Public } from '../../core/auth/auth.decorators.js';
import { ValidParam, ValidQuery } from '../../core/errors/validation.js';
import { CalendarService } from './calendar.service.js';

@Controller('public/campaigns/:id/activities')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Public()
  @Get()
  list(@ValidParam('id') campaignId: string, @ValidQuery(ZPublicActivitiesQuery) q: z.output<typeof ZPublicActivitiesQuery>): Promise<TPublicActivities> {
    return this.calendar.activities(campaignId, q.town, q.free === 'true');
  }
}
