import { Controller, Inject, Req } from '@nestjs/common';
import { ROUTES, type TBody, type TLatestRehearsal, type TRehearsal } from '@learnweek/contracts';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { Endpoint, RouteBody, RouteParam } from '../../core/http/endpoint.decorator.js';
import { publicOrigin } from '../../core/http/public-url.js';
import { RehearsalService } from './rehearsal.service.js';

const R = ROUTES.checkin;

@Controller()
export class RehearsalController {
  constructor(
    private readonly rehearsals: RehearsalService,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  /** The server's own run goes where the screens go: PUBLIC_URL, else the address this request came to through the proxy. */
  @Endpoint(R.startRehearsal)
  start(
    @RouteParam('id') campaignId: string,
    @RouteBody() body: TBody<typeof R.startRehearsal, 'output'>,
    @CurrentPrincipal() caller: UserPrincipal,
    @Req() req: FastifyRequest,
  ): Promise<TRehearsal> {
    return this.rehearsals.start(campaignId, body, caller, publicOrigin(this.options.config, req));
  }

  @Endpoint(R.latestRehearsal)
  async latest(@RouteParam('id') campaignId: string): Promise<TLatestRehearsal> {
    return { rehearsal: await this.rehearsals.latest(campaignId) };
  }

  @Endpoint(R.reportRehearsal)
  report(@RouteParam('id') id: string, @RouteBody() body: TBody<typeof R.reportRehearsal, 'output'>): Promise<TRehearsal> {
    return this.rehearsals.report(id, body.result);
  }
}
