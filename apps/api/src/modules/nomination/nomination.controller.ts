import { Controller, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import {
  ROUTES,
  type TBody,
  type TListNominationsResponse,
  type TNominationDetail,
  type TNominationEventResponse,
  type TNominationQuotas,
  type TPanel,
  type TPublicExemplars,
  type TQuery,
  type TRankingResponse,
} from '@learnweek/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser } from '../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { DOCX } from '../../core/docx/word.js';
import { localeOf } from '../../core/errors/locale.js';
import { Endpoint, RouteBody, RouteParam, RouteQuery } from '../../core/http/endpoint.decorator.js';
import { SingleFileInterceptor, uploadedFile } from '../../core/http/single-file.interceptor.js';
import { sendFile, streamExport } from '../../core/http/xlsx.js';
import { recommendationDocx } from './exemplar-docx.js';
import { recommendationXlsx } from './exemplar-xlsx.js';
import { NominationPhotoGuard } from './nomination-photo.guard.js';
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

  @Endpoint(R.ranking)
  ranking(@RouteParam('id') campaignId: string): Promise<TRankingResponse> {
    return this.nominations.ranking(campaignId);
  }

  @Endpoint(R.exportForm)
  async exportXlsx(@RouteParam('id') campaignId: string, @Res() reply: FastifyReply): Promise<void> {
    await streamExport(reply, recommendationXlsx(await this.nominations.recommendationRows(campaignId)));
  }

  @Endpoint(R.exportPages)
  async exportDocx(@RouteParam('id') campaignId: string, @Res() reply: FastifyReply): Promise<void> {
    const { campaign, forms } = await this.nominations.recommendationForms(campaignId);
    await sendFile(reply, `${campaign.title}典型推荐表.docx`, DOCX, await recommendationDocx(campaign.title, forms));
  }

  @Endpoint(R.published)
  publicExemplars(@RouteParam('id') campaignId: string): Promise<TPublicExemplars> {
    return this.nominations.publicExemplars(campaignId);
  }

  @Endpoint(R.quotas)
  async quotas(@RouteParam('id') campaignId: string): Promise<TNominationQuotas> {
    return { items: await this.nominations.quotas(campaignId) };
  }

  @Endpoint(R.setQuotas)
  async setQuotas(
    @RouteParam('id') campaignId: string,
    @RouteBody() body: TBody<typeof R.setQuotas, 'output'>,
  ): Promise<TNominationQuotas> {
    return { items: await this.nominations.setQuotas(campaignId, body.items) };
  }

  @Endpoint(R.panel)
  panel(@RouteParam('id') campaignId: string): Promise<TPanel> {
    return this.nominations.panel(campaignId);
  }

  @Endpoint(R.setPanel)
  setPanel(@RouteParam('id') campaignId: string, @RouteBody() body: TBody<typeof R.setPanel, 'output'>): Promise<TPanel> {
    return this.nominations.setPanel(campaignId, body.userIds);
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

  /** multipart/form-data with `file`; read only once the upload is allowed. */
  @Endpoint(R.addPhoto)
  @UseGuards(NominationPhotoGuard)
  @UseInterceptors(SingleFileInterceptor)
  addPhoto(@RouteParam('id') id: string, @CurrentUser() user: UserPrincipal, @Req() req: FastifyRequest): Promise<TNominationDetail> {
    return this.nominations.addPhoto(id, user, uploadedFile(req));
  }

  @Endpoint(R.deletePhoto)
  removePhoto(@RouteParam('id') id: string, @RouteParam('photoId') photoId: string, @CurrentUser() user: UserPrincipal): Promise<void> {
    return this.nominations.removePhoto(id, photoId, user);
  }

  @Endpoint(R.sendEvent)
  send(
    @RouteParam('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @RouteBody() body: TBody<typeof R.sendEvent, 'output'>,
  ): Promise<TNominationEventResponse> {
    return this.nominations.send(id, user, body);
  }

  @Endpoint(R.score)
  score(
    @RouteParam('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @RouteBody() body: TBody<typeof R.score, 'output'>,
  ): Promise<TNominationDetail> {
    return this.nominations.score(id, user, body.scores);
  }
}
