import { Controller } from '@nestjs/common';
import { ROUTES, type TPublicActivities, type TQuery } from '@learnweek/contracts';
import { PrismaService } from '../../core/prisma/prisma.service.js';
import { Endpoint, RouteParam, RouteQuery } from '../../core/http/endpoint.decorator.js';
import { CalendarService } from './calendar.service.js';

const R = ROUTES.participations;

@Controller()
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly prisma: PrismaService,
  ) {}

  @Endpoint(R.publicActivities)
  async list(
    @RouteParam('id') campaignId: string,
    @RouteQuery() q: TQuery<typeof R.publicActivities, 'output'>,
  ): Promise<TPublicActivities> {
    // Public: the campaign's district.
    await this.prisma.enterDistrictOf('campaign', campaignId);
    return this.calendar.activities(campaignId, q.town, q.free === 'true');
  }
}
