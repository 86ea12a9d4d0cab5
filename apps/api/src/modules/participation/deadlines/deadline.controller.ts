import { Controller } from '@nestjs/common';
import { ROUTES, type TBody, type TDeadlineMatrixResponse, type TQuery, type TSendRemindersResponse } from '@learnweek/contracts';
import { Endpoint, RouteBody, RouteParam, RouteQuery } from '../../../core/http/endpoint.decorator.js';
import { DeadlineService } from './deadline.service.js';

const R = ROUTES.console;

/** The deadline matrix and its one-click reminders (organizer and approvers). */
@Controller()
export class DeadlineController {
  constructor(private readonly deadlines: DeadlineService) {}

  @Endpoint(R.deadlines)
  matrix(@RouteParam('id') campaignId: string, @RouteQuery() q: TQuery<typeof R.deadlines, 'output'>): Promise<TDeadlineMatrixResponse> {
    return this.deadlines.matrix(campaignId, q);
  }

  @Endpoint(R.remind)
  remind(@RouteParam('id') campaignId: string, @RouteBody() body: TBody<typeof R.remind, 'output'>): Promise<TSendRemindersResponse> {
    return this.deadlines.remind(campaignId, body);
  }
}
