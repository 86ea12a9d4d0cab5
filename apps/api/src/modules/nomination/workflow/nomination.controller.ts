import { Controller, Req } from '@nestjs/common';
import {
  ROUTES,
  type TBody,
  type TListNominationsResponse,
  type TNominationDetail,
  type TNominationEventResponse,
  type TQuery,
} from '@learnweek/contracts';
import type { FastifyRequest } from 'fastify';
import { CurrentUser } from '../../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../../core/auth/principal.js';
import { localeOf } from '../../../core/errors/locale.js';
import { Endpoint, RouteBody, RouteParam, RouteQuery } from '../../../core/http/endpoint.decorator.js';
import { NominationService } from './nomination.service.js';

const R = ROUTES.exemplars;

@Controller()
export class NominationController {
  constructor(private readonly nominations: NominationService) {}

  @Endpoint(R.create)
  create(
    @RouteParam('id') campaignId: string,
    @CurrentUser() user: UserPrincipal,
    @RouteBody() body: TBody<typeof R.create, 'output'>,
  ): Promise<TNominationDetail> {
    return this.nominations.create(campaignId, user, body);
  }

  /** Organizer and approvers see every unit's; a coordinator their own unit's. */
  @Endpoint(R.list)
  async list(
    @RouteParam('id') campaignId: string,
    @CurrentUser() user: UserPrincipal,
    @RouteQuery() q: TQuery<typeof R.list, 'output'>,
  ): Promise<TListNominationsResponse> {
    return { items: await this.nominations.list(campaignId, user, q) };
  }

  @Endpoint(R.detail)
  detail(@RouteParam('id') id: string, @CurrentUser() user: UserPrincipal, @Req() req: FastifyRequest): Promise<TNominationDetail> {
    return this.nominations.detail(id, user, localeOf({ headers: req.headers, query: req.query, user }));
  }

  @Endpoint(R.update)
  update(
    @RouteParam('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @RouteBody() body: TBody<typeof R.update, 'output'>,
  ): Promise<TNominationDetail> {
    return this.nominations.update(id, user, body);
  }

  @Endpoint(R.sendEvent)
  send(
    @RouteParam('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @RouteBody() body: TBody<typeof R.sendEvent, 'output'>,
  ): Promise<TNominationEventResponse> {
    return this.nominations.send(id, user, body);
  }
}
