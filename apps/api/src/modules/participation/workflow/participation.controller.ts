import { Controller, Req } from '@nestjs/common';
import {
  ROUTES,
  type TBody,
  type TBulkEventResponse,
  type TListParticipationsResponse,
  type TParticipationDetail,
  type TQuery,
  type TSendEventResponse,
} from '@learnweek/contracts';
import type { FastifyRequest } from 'fastify';
import { CurrentUser } from '../../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../../core/auth/principal.js';
import { localeOf } from '../../../core/errors/locale.js';
import { Endpoint, RouteBody, RouteParam, RouteQuery } from '../../../core/http/endpoint.decorator.js';
import { ParticipationService } from './participation.service.js';

const R = ROUTES.participations;

@Controller()
export class ParticipationController {
  constructor(private readonly participations: ParticipationService) {}

  /** Organizers and approvers see every unit; a coordinator sees only their own. */
  @Endpoint(R.list)
  list(
    @RouteParam('id') campaignId: string,
    @CurrentUser() user: UserPrincipal,
    @RouteQuery() query: TQuery<typeof R.list, 'output'>,
  ): Promise<TListParticipationsResponse> {
    return this.participations.list(campaignId, user, query);
  }

  @Endpoint(R.detail)
  detail(@RouteParam('id') id: string, @CurrentUser() user: UserPrincipal, @Req() req: FastifyRequest): Promise<TParticipationDetail> {
    return this.participations.detail(id, user, localeOf({ headers: req.headers, query: req.query, user }));
  }

  /** Bulk approve: `{type, items: [{id, version}]}`, a result per item (200 even when some fail). */
  @Endpoint(R.sendBulkEvent)
  sendMany(
    @RouteParam('id') campaignId: string,
    @CurrentUser() user: UserPrincipal,
    @RouteBody() body: TBody<typeof R.sendBulkEvent, 'output'>,
    @Req() req: FastifyRequest,
  ): Promise<TBulkEventResponse> {
    return this.participations.sendMany(campaignId, user, body, localeOf(req));
  }

  @Endpoint(R.sendEvent)
  send(
    @RouteParam('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @RouteBody() body: TBody<typeof R.sendEvent, 'output'>,
  ): Promise<TSendEventResponse> {
    return this.participations.send(id, user, body);
  }
}
