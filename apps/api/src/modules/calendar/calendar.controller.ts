import { Controller } from '@nestjs/common';
import { ROUTES, type TPublicActivities, type TQuery } from '@learnweek/contracts';
import { Endpoint, RouteParam, RouteQuery } from '../../core/http/endpoint.decorator.js';
import { CalendarService } from './calendar.service.js';

const R = ROUTES.participations;

@Controller()
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Endpoint(R.publicActivities)
  list(@RouteParam('id') campaignId: string, @RouteQuery() q: TQuery<typeof R.publicActivities, 'output'>): Promise<TPublicActivities> {
    return this.calendar.activities(campaignId, q.town, q.free === 'true');
  }
}
