import { Controller, Delete, Get, HttpCode, Post, Put, Req, Res, UseInterceptors } from '@nestjs/common';
import {
  ZBulkEventRequest,
  ZCreateActivityRequest,
  ZListParticipationsQuery,
  ZScheduleExportQuery,
  ZSendEventRequest,
  ZUpdateActivityRequest,
  ZUpdatePlanRequest,
  ZUpdateSummaryRequest,
  type TActivity,
  type TBulkEventRequest,
  type TBulkEventResponse,
  type TListActivitiesResponse,
  type TListParticipationsResponse,
  type TParticipationDetail,
  type TPlan,
  type TSendEventRequest,
  type TSendEventResponse,
  type TSummary,
  type TUpdateActivityRequest,
  type TUpdatePlanRequest,
  type TUpdateSummaryRequest,
} from '@learnweek/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { CurrentUser, Roles } from '../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { localeOf } from '../../core/errors/locale.js';
import { ValidBody, ValidParam, ValidQuery } from '../../core/errors/validation.js';
import { sendXlsx, xlsxBody, XlsxBodyInterceptor } from '../../core/http/xlsx.js';
import { ParticipationService } from './participation.service.js';
import { UploadsInto } from './upload.guard.js';
import { WritesCampaign } from '../campaign/campaign-writable.guard.js';

@Controller()
export class ParticipationController {
  constructor(private readonly participations: ParticipationService) {}

  /** Organizers and approvers see every unit; a coordinator sees only their own. */
  @Roles('organizer', 'approver', 'coordinator')
  @Get('campaigns/:id/participations')
  list(
    @ValidParam('id') campaignId: string,
    @CurrentUser() user: UserPrincipal,
    @ValidQuery(ZListParticipationsQuery) query: z.output<typeof ZListParticipationsQuery>,
  ): Promise<TListParticipationsResponse> {
    return this.participations.list(campaignId, user, query);
  }

  @Get('participations/:id')
  detail(@ValidParam('id') id: string, @CurrentUser() user: UserPrincipal, @Req() req: FastifyRequest): Promise<TParticipationDetail> {
    return this.participations.detail(id, user, localeOf({ headers: req.headers, query: req.query, user }));
  }

  @Roles('coordinator')
  @WritesCampaign('participation')
  @Put('participations/:id/plan')
  updatePlan(@ValidParam('id') id: string, @CurrentUser() user: UserPrincipal, @ValidBody(ZUpdatePlanRequest) body: TUpdatePlanRequest): Promise<TPlan> {
    return this.participations.updatePlan(id, user, body);
  }

  @Roles('coordinator')
  @WritesCampaign('participation')
  @Post('participations/:id/activities')
  createActivity(
    @ValidParam('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @ValidBody(ZCreateActivityRequest) body: z.output<typeof ZCreateActivityRequest>,
  ): Promise<TActivity> {
    return this.participations.createActivity(id, user, body);
  }

  @Roles('coordinator')
  @WritesCampaign('participation')
  @Put('participations/:id/activities/:activityId')
  updateActivity(
    @ValidParam('id') id: string,
    @ValidParam('activityId') activityId: string,
    @CurrentUser() user: UserPrincipal,
    @ValidBody(ZUpdateActivityRequest) body: TUpdateActivityRequest,
  ): Promise<TActivity> {
    return this.participations.updateActivity(id, activityId, user, body);
  }

  @Roles('coordinator')
  @WritesCampaign('participation')
  @Delete('participations/:id/activities/:activityId')
  @HttpCode(204)
  deleteActivity(@ValidParam('id') id: string, @ValidParam('activityId') activityId: string, @CurrentUser() user: UserPrincipal): Promise<void> {
    return this.participations.deleteActivity(id, activityId, user);
  }

  /** The schedule table as .xlsx; `?template=1` for the blank template with pick lists. */
  @Roles('coordinator', 'approver', 'organizer')
  @Get('participations/:id/activities.xlsx')
  async exportSchedule(@ValidParam('id') id: string, @ValidQuery(ZScheduleExportQuery) q: z.output<typeof ZScheduleExportQuery>, @CurrentUser() user: UserPrincipal, @Res() reply: FastifyReply): Promise<void> {
    const { filename, xlsx } = await this.participations.exportSchedule(id, user, q.template);
    sendXlsx(reply, filename, xlsx);
  }

  /**
   * Replaces the schedule from an .xlsx body; 422 with errors by row and column, nothing saved.
   * Who may, and whether the plan is editable, is decided before the body is read.
   */
  @Roles('coordinator')
  @WritesCampaign('participation')
  @UploadsInto('schedule')
  @UseInterceptors(XlsxBodyInterceptor)
  @Post('participations/:id/activities.xlsx')
  async importSchedule(@ValidParam('id') id: string, @CurrentUser() user: UserPrincipal, @Req() req: FastifyRequest): Promise<TListActivitiesResponse> {
    return { items: await this.participations.importSchedule(id, user, xlsxBody(req), localeOf(req)) };
  }

  @Roles('coordinator')
  @WritesCampaign('participation')
  @Put('participations/:id/summary')
  updateSummary(@ValidParam('id') id: string, @CurrentUser() user: UserPrincipal, @ValidBody(ZUpdateSummaryRequest) body: TUpdateSummaryRequest): Promise<TSummary> {
    return this.participations.updateSummary(id, user, body);
  }

  /** Bulk approve: `{type, items: [{id, version}]}`, a result per item (200 even when some fail). */
  @Roles('approver')
  @WritesCampaign('campaign')
  @Post('campaigns/:id/participations/events')
  @HttpCode(200)
  sendMany(
    @ValidParam('id') campaignId: string,
    @CurrentUser() user: UserPrincipal,
    @ValidBody(ZBulkEventRequest) body: TBulkEventRequest,
    @Req() req: FastifyRequest,
  ): Promise<TBulkEventResponse> {
    return this.participations.sendMany(campaignId, user, body, localeOf(req));
  }

  @WritesCampaign('participation')

  @Post('participations/:id/events')
  @HttpCode(200)
  send(@ValidParam('id') id: string, @CurrentUser() user: UserPrincipal, @ValidBody(ZSendEventRequest) body: TSendEventRequest): Promise<TSendEventResponse> {
    return this.participations.send(id, user, body);
  }
}
