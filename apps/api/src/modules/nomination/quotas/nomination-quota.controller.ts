import { Controller } from '@nestjs/common';
import { ROUTES, type TBody, type TNominationQuotas } from '@learnweek/contracts';
import { Endpoint, RouteBody, RouteParam } from '../../../core/http/endpoint.decorator.js';
import { NominationQuotaService } from './nomination-quota.service.js';

const R = ROUTES.exemplars;

@Controller()
export class NominationQuotaController {
  constructor(private readonly quotas: NominationQuotaService) {}

  @Endpoint(R.quotas)
  async list(@RouteParam('id') campaignId: string): Promise<TNominationQuotas> {
    return { items: await this.quotas.quotas(campaignId) };
  }

  @Endpoint(R.setQuotas)
  async setQuotas(
    @RouteParam('id') campaignId: string,
    @RouteBody() body: TBody<typeof R.setQuotas, 'output'>,
  ): Promise<TNominationQuotas> {
    return { items: await this.quotas.setQuotas(campaignId, body.items) };
  }
}
