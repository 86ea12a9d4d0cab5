import { Controller, Delete, Get, HttpCode, Post, Put, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import {
  ZCreateNominationRequest,
  ZListNominationsQuery,
  ZNominationEventRequest,
  ZNominationQuotas,
  ZScoreRequest,
  ZSetPanelRequest,
  ZUpdateNominationRequest,
  type TListNominationsResponse,
  type TNominationDetail,
  type TNominationEventRequest,
  type TNominationEventResponse,
  type TNominationQuotas,
  type TPanel,
  type TPublicExemplars,
  type TScoreRequest,
  type TSetPanelRequest,
  type TUpdateNominationRequest,
} from '@learnweek/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { CurrentUser, Public, Roles } from '../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { localeOf } from '../../core/errors/locale.js';
import { ValidBody, ValidParam, ValidQuery } from '../../core/errors/validation.js';
import { SingleFileInterceptor, uploadedFile } from '../../core/http/single-file.interceptor.js';
import { DOCX } from '../../core/docx/word.js';
import { sendFile, streamExport } from '../../core/http/xlsx.js';
import { recommendationDocx } from './exemplar-docx.js';
import { recommendationXlsx } from './exemplar-xlsx.js';
import { NominationPhotoGuard } from './nomination-photo.guard.js';
import { NominationService } from './nomination.service.js';
import { WritesCampaign } from '../campaign/campaign-writable.guard.js';

@Controller()
export class NominationController {
  constructor(private readonly nominations: NominationService) {}

  @Roles('coordinator')
  @WritesCampaign('campaign')
  @Post('campaigns/:id/nominations')
  create(@ValidParam('id') campaignId: string, @CurrentUser() user: UserPrincipal, @ValidBody(ZCreateNominationRequest) body: z.output<typeof ZCreateNominationRequest>): Promise<TNominationDetail> {
    return this.nominations.create(campaignId, user, body);
  }

  /** Organizer and approvers see every unit's; a coordinator their own unit's. */
  @Get('campaigns/:id/nominations')
  async list(@ValidParam('id') campaignId: string, @CurrentUser() user: UserPrincipal, @ValidQuery(ZListNominationsQuery) q: z.output<typeof ZListNominationsQuery>): Promise<TListNominationsResponse> {
    return { items: await this.nominations.list(campaignId, user, q) };
  }

  @Roles('organizer')
  @Get('campaigns/:id/nominations/ranking')
  async ranking(@ValidParam('id') campaignId: string): Promise<TListNominationsResponse> {
    return { items: await this.nominations.ranking(campaignId) };
  }

  @Roles('organizer', 'approver')
  @Get('campaigns/:id/exemplars.xlsx')
  async exportXlsx(@ValidParam('id') campaignId: string, @Res() reply: FastifyReply): Promise<void> {
    await streamExport(reply, recommendationXlsx(await this.nominations.recommendationRows(campaignId)));
  }

  @Roles('organizer', 'approver')
  @Get('campaigns/:id/exemplars.docx')
  async exportDocx(@ValidParam('id') campaignId: string, @Res() reply: FastifyReply): Promise<void> {
    const { campaign, forms } = await this.nominations.recommendationForms(campaignId);
    sendFile(reply, `${campaign.title}典型推荐表.docx`, DOCX, await recommendationDocx(campaign.title, forms));
  }

  @Public()
  @Get('public/campaigns/:id/exemplars')
  publicExemplars(@ValidParam('id') campaignId: string): Promise<TPublicExemplars> {
    return this.nominations.publicExemplars(campaignId);
  }

  @Get('campaigns/:id/nomination-quotas')
  async quotas(@ValidParam('id') campaignId: string): Promise<TNominationQuotas> {
    return { items: await this.nominations.quotas(campaignId) };
  }

  @Roles('organizer')
  @WritesCampaign('campaign')
  @Put('campaigns/:id/nomination-quotas')
  async setQuotas(@ValidParam('id') campaignId: string, @ValidBody(ZNominationQuotas) body: TNominationQuotas): Promise<TNominationQuotas> {
    return { items: await this.nominations.setQuotas(campaignId, body.items) };
  }

  @Roles('organizer', 'approver')
  @Get('campaigns/:id/panel')
  panel(@ValidParam('id') campaignId: string): Promise<TPanel> {
    return this.nominations.panel(campaignId);
  }

  @Roles('organizer')
  @WritesCampaign('campaign')
  @Put('campaigns/:id/panel')
  setPanel(@ValidParam('id') campaignId: string, @ValidBody(ZSetPanelRequest) body: TSetPanelRequest): Promise<TPanel> {
    return this.nominations.setPanel(campaignId, body.userIds);
  }

  @Get('nominations/:id')
  detail(@ValidParam('id') id: string, @CurrentUser() user: UserPrincipal, @Req() req: FastifyRequest): Promise<TNominationDetail> {
    return this.nominations.detail(id, user, localeOf({ headers: req.headers, query: req.query, user }));
  }

  @Roles('coordinator')
  @WritesCampaign('nomination')
  @Put('nominations/:id')
  update(@ValidParam('id') id: string, @CurrentUser() user: UserPrincipal, @ValidBody(ZUpdateNominationRequest) body: TUpdateNominationRequest): Promise<TNominationDetail> {
    return this.nominations.update(id, user, body);
  }

  /** multipart/form-data with `file`; read only once the upload is allowed. */
  @Roles('coordinator')
  @WritesCampaign('nomination')
  @UseGuards(NominationPhotoGuard)
  @Post('nominations/:id/photos')
  @UseInterceptors(SingleFileInterceptor)
  addPhoto(@ValidParam('id') id: string, @CurrentUser() user: UserPrincipal, @Req() req: FastifyRequest): Promise<TNominationDetail> {
    return this.nominations.addPhoto(id, user, uploadedFile(req));
  }

  @Roles('coordinator')
  @WritesCampaign('nomination')
  @Delete('nominations/:id/photos/:photoId')
  @HttpCode(204)
  removePhoto(@ValidParam('id') id: string, @ValidParam('photoId') photoId: string, @CurrentUser() user: UserPrincipal): Promise<void> {
    return this.nominations.removePhoto(id, photoId, user);
  }

  @WritesCampaign('nomination')

  @Post('nominations/:id/events')
  @HttpCode(200)
  send(@ValidParam('id') id: string, @CurrentUser() user: UserPrincipal, @ValidBody(ZNominationEventRequest) body: TNominationEventRequest): Promise<TNominationEventResponse> {
    return this.nominations.send(id, user, body);
  }

  @Roles('approver')
  @WritesCampaign('nomination')
  @Put('nominations/:id/scores')
  score(@ValidParam('id') id: string, @CurrentUser() user: UserPrincipal, @ValidBody(ZScoreRequest) body: TScoreRequest): Promise<TNominationDetail> {
    return this.nominations.score(id, user, body.scores);
  }
}
