import { Controller } from '@nestjs/common';
import { ROUTES, type TBody, type TNominationDetail, type TPanel, type TRankingResponse } from '@learnweek/contracts';
import { CurrentUser } from '../../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../../core/auth/principal.js';
import { Endpoint, RouteBody, RouteParam } from '../../../core/http/endpoint.decorator.js';
import { PanelService } from './panel.service.js';

const R = ROUTES.exemplars;

@Controller()
export class PanelController {
  constructor(private readonly panels: PanelService) {}

  @Endpoint(R.ranking)
  ranking(@RouteParam('id') campaignId: string): Promise<TRankingResponse> {
    return this.panels.ranking(campaignId);
  }

  @Endpoint(R.panel)
  panel(@RouteParam('id') campaignId: string): Promise<TPanel> {
    return this.panels.panel(campaignId);
  }

  @Endpoint(R.setPanel)
  setPanel(@RouteParam('id') campaignId: string, @RouteBody() body: TBody<typeof R.setPanel, 'output'>): Promise<TPanel> {
    return this.panels.setPanel(campaignId, body.userIds);
  }

  @Endpoint(R.score)
  score(
    @RouteParam('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @RouteBody() body: TBody<typeof R.score, 'output'>,
  ): Promise<TNominationDetail> {
    return this.panels.score(id, user, body.scores);
  }
}
