import { Controller, Get, HttpCode, Post, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ZCheckinPublicQuery, ZCreateCheckinRequest, type TCheckinFigures, type TCheckinPublic, type TCheckinStats, type TListAttendeesResponse, type TCreateCheckinRequest, type TCreateCheckinResponse, type TKioskWall, type TListCheckinSessionsResponse } from '@learnweek/contracts';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AllowKiosk, CurrentPrincipal, Public, Roles } from '../../core/auth/auth.decorators.js';
import type { Principal } from '../../core/auth/principal.js';
import { forbidden } from '../../core/errors/api.exception.js';
import { localeOf } from '../../core/errors/locale.js';
import { ValidBody, ValidParam, ValidQuery } from '../../core/errors/validation.js';
import { sendXlsx, xlsxBody, XlsxBodyInterceptor } from '../../core/http/xlsx.js';
import { AttendeeImportGuard } from './attendee-import.guard.js';
import { CheckinThrottlerGuard } from './checkin-throttler.guard.js';
import { CheckinService } from './checkin.service.js';
import { WritesCampaign } from '../campaign/campaign-writable.guard.js';

@Controller()
export class CheckinController {
  constructor(private readonly checkins: CheckinService) {}

  @AllowKiosk()
  @Roles('organizer', 'checkinStaff')
  @Get('campaigns/:id/checkin-sessions')
  async sessions(@ValidParam('id') campaignId: string, @CurrentPrincipal() principal: Principal): Promise<TListCheckinSessionsResponse> {
    return { items: await this.checkins.sessions(campaignId, principal) };
  }

  /** Self check-in (with the venue QR's secret, rate-limited per address) or staff check-in. */
  @Public()
  @UseGuards(CheckinThrottlerGuard)
  @SkipThrottle({ login: true })
  @WritesCampaign('none')
  @Post('checkin-sessions/:id/checkins')
  async checkin(
    @ValidParam('id') sessionId: string,
    @ValidBody(ZCreateCheckinRequest) body: TCreateCheckinRequest,
    @CurrentPrincipal() principal: Principal | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TCreateCheckinResponse> {
    const r = await this.checkins.checkin(sessionId, body, principal?.kind === 'user' ? principal : undefined, localeOf(req));
    void reply.status(r.status);
    return r.body;
  }

  @Public()
  @Get('checkin-sessions/:id/public')
  publicInfo(@ValidParam('id') sessionId: string, @ValidQuery(ZCheckinPublicQuery) q: { s?: string }, @CurrentPrincipal() principal: Principal | undefined): Promise<TCheckinPublic> {
    return this.checkins.publicInfo(sessionId, q.s, principal);
  }

  @Roles('organizer')
  @WritesCampaign('checkinSession')
  @UseGuards(AttendeeImportGuard)
  @UseInterceptors(XlsxBodyInterceptor)
  @Post('checkin-sessions/:id/attendees.xlsx')
  @HttpCode(201)
  importAttendees(@ValidParam('id') sessionId: string, @Req() req: FastifyRequest): Promise<{ imported: number }> {
    return this.checkins.importAttendees(sessionId, xlsxBody(req));
  }

  /** The blank list to fill in (the import reads the same columns). */
  @Roles('organizer')
  @Get('checkin-sessions/:id/attendees.xlsx')
  async attendeeTemplate(@ValidParam('id') sessionId: string, @Res() reply: FastifyReply): Promise<void> {
    const { filename, xlsx } = await this.checkins.attendeeTemplate(sessionId);
    sendXlsx(reply, filename, xlsx);
  }

  @Roles('organizer', 'checkinStaff')
  @Get('checkin-sessions/:id/attendees')
  attendees(@ValidParam('id') sessionId: string): Promise<TListAttendeesResponse> {
    return this.checkins.attendees(sessionId);
  }

  @AllowKiosk()
  @Roles('organizer', 'checkinStaff')
  @Get('checkin-sessions/:id/stats')
  stats(@ValidParam('id') sessionId: string, @CurrentPrincipal() principal: Principal): Promise<TCheckinStats> {
    return this.checkins.stats(sessionId, principal);
  }

  @AllowKiosk()
  @Roles('organizer', 'checkinStaff')
  @Get('campaigns/:id/checkin-figures')
  figures(@ValidParam('id') campaignId: string, @CurrentPrincipal() principal: Principal): Promise<TCheckinFigures> {
    return this.checkins.figures(campaignId, principal);
  }

  /** The ceremony wall of the screen's own campaign. */
  @AllowKiosk()
  @Get('kiosk/wall')
  wall(@CurrentPrincipal() principal: Principal | undefined): Promise<TKioskWall> {
    if (principal?.kind !== 'kiosk') throw forbidden();
    return this.checkins.wall(principal.campaignId);
  }
}
