import { Controller } from '@nestjs/common';
import { ROUTES, type TBody, type TExemplarNoticeResponse } from '@learnweek/contracts';
import { Endpoint, RouteBody, RouteParam } from '../../../core/http/endpoint.decorator.js';
import { ExemplarNoticeService } from './exemplar-notice.service.js';

const R = ROUTES.exemplars;

@Controller()
export class ExemplarNoticeController {
  constructor(private readonly notices: ExemplarNoticeService) {}

  @Endpoint(R.notice)
  async notice(@RouteParam('id') campaignId: string): Promise<TExemplarNoticeResponse> {
    return { notice: await this.notices.get(campaignId) };
  }

  @Endpoint(R.setNotice)
  async setNotice(
    @RouteParam('id') campaignId: string,
    @RouteBody() body: TBody<typeof R.setNotice, 'output'>,
  ): Promise<TExemplarNoticeResponse> {
    return { notice: await this.notices.set(campaignId, body) };
  }

  @Endpoint(R.clearNotice)
  clearNotice(@RouteParam('id') campaignId: string): Promise<void> {
    return this.notices.clear(campaignId);
  }
}
