import { Controller } from '@nestjs/common';
import { ROUTES, type TActivity, type TActivityRecordsResponse, type TBody, type TSavedPlan, type TSummary } from '@learnweek/contracts';
import { CurrentUser } from '../../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../../core/auth/principal.js';
import { Endpoint, RouteBody, RouteParam } from '../../../core/http/endpoint.decorator.js';
import { ContentService } from './content.service.js';

const R = ROUTES.participations;

@Controller()
export class ContentController {
  constructor(private readonly content: ContentService) {}

  /** The saved plan, naming its participation (the service's answer is typed as the plan alone). */
  @Endpoint(R.updatePlan)
  updatePlan(
    @RouteParam('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @RouteBody() body: TBody<typeof R.updatePlan, 'output'>,
  ): Promise<TSavedPlan> {
    return this.content.updatePlan(id, user, body);
  }

  @Endpoint(R.createActivity)
  createActivity(
    @RouteParam('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @RouteBody() body: TBody<typeof R.createActivity, 'output'>,
  ): Promise<TActivity> {
    return this.content.createActivity(id, user, body);
  }

  @Endpoint(R.updateActivity)
  updateActivity(
    @RouteParam('id') id: string,
    @RouteParam('activityId') activityId: string,
    @CurrentUser() user: UserPrincipal,
    @RouteBody() body: TBody<typeof R.updateActivity, 'output'>,
  ): Promise<TActivity> {
    return this.content.updateActivity(id, activityId, user, body);
  }

  @Endpoint(R.activityRecords)
  activityRecords(
    @RouteParam('id') id: string,
    @RouteParam('activityId') activityId: string,
    @CurrentUser() user: UserPrincipal,
  ): Promise<TActivityRecordsResponse> {
    return this.content.activityRecords(id, activityId, user);
  }

  @Endpoint(R.deleteActivity)
  deleteActivity(
    @RouteParam('id') id: string,
    @RouteParam('activityId') activityId: string,
    @CurrentUser() user: UserPrincipal,
  ): Promise<void> {
    return this.content.deleteActivity(id, activityId, user);
  }

  @Endpoint(R.updateSummary)
  updateSummary(
    @RouteParam('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @RouteBody() body: TBody<typeof R.updateSummary, 'output'>,
  ): Promise<TSummary> {
    return this.content.updateSummary(id, user, body);
  }
}
