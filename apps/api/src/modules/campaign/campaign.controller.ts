import { Controller } from '@nestjs/common';
import { ROUTES, type TBody, type TCampaign, type TListCampaignsResponse } from '@learnweek/contracts';
import { CurrentUser } from '../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { Endpoint, RouteBody, RouteParam } from '../../core/http/endpoint.decorator.js';
import { CampaignService } from './campaign.service.js';

const R = ROUTES.campaigns;

@Controller()
export class CampaignController {
  constructor(private readonly campaigns: CampaignService) {}

  @Endpoint(R.list)
  async list(@CurrentUser() user: UserPrincipal): Promise<TListCampaignsResponse> {
    return { items: await this.campaigns.list(user) };
  }

  @Endpoint(R.detail)
  get(@RouteParam('id') id: string): Promise<TCampaign> {
    return this.campaigns.get(id);
  }

  @Endpoint(R.create)
  create(@RouteBody() body: TBody<typeof R.create, 'output'>): Promise<TCampaign> {
    return this.campaigns.create(body);
  }

  @Endpoint(R.update)
  update(@RouteParam('id') id: string, @RouteBody() body: TBody<typeof R.update, 'output'>): Promise<TCampaign> {
    return this.campaigns.update(id, body);
  }

  @Endpoint(R.publish)
  publish(@RouteParam('id') id: string): Promise<TCampaign> {
    return this.campaigns.move(id, 'publish');
  }

  @Endpoint(R.close)
  close(@RouteParam('id') id: string, @RouteBody() body: TBody<typeof R.close, 'output'>): Promise<TCampaign> {
    return this.campaigns.move(id, 'close', body.confirmOutstanding === true);
  }

  @Endpoint(R.clone)
  clone(@RouteParam('id') id: string, @RouteBody() body: TBody<typeof R.clone, 'output'>): Promise<TCampaign> {
    return this.campaigns.clone(id, body);
  }
}
