import { Controller, Inject, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import {
  ROUTES,
  type TBody,
  type TCheckinFigures,
  type TCheckinPublic,
  type TCheckinStats,
  type TCreateCheckinResponse,
  type TKioskWall,
  type TListAttendeesResponse,
  type TListCheckinSessionsResponse,
  type TQuery,
  type TResponse,
} from '@learnweek/contracts';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../../core/auth/auth.decorators.js';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { publicOrigin } from '../../core/http/public-url.js';
import type { Principal } from '../../core/auth/principal.js';
import { forbidden } from '../../core/errors/api.exception.js';
import { localeOf } from '../../core/errors/locale.js';
import { Endpoint, RouteBody, RouteParam, RouteQuery } from '../../core/http/endpoint.decorator.js';
import { PrismaService } from '../../core/prisma/prisma.service.js';
import { sendXlsx, xlsxBody, XlsxBodyInterceptor } from '../../core/http/xlsx.js';
import { AttendeeImportGuard } from './attendee-import.guard.js';
import { CheckinThrottlerGuard } from './checkin-throttler.guard.js';
import { AttendeeService } from './attendee.service.js';
import { CheckinFiguresService } from './checkin-figures.service.js';
import { CheckinService } from './checkin.service.js';

const R = ROUTES.checkin;

@Controller()
export class CheckinController {
  constructor(
    private readonly checkins: CheckinService,
    private readonly attendeeLists: AttendeeService,
    private readonly readModel: CheckinFiguresService,
    private readonly prisma: PrismaService,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  @Endpoint(R.sessions)
  async sessions(@RouteParam('id') campaignId: string, @CurrentPrincipal() principal: Principal): Promise<TListCheckinSessionsResponse> {
    return { items: await this.readModel.sessions(campaignId, principal) };
  }

  /** Self check-in (with the venue QR's secret, rate-limited per address) or staff check-in: 201, or 200 for a duplicate. */
  @Endpoint(R.checkIn)
  @UseGuards(CheckinThrottlerGuard)
  @SkipThrottle({ login: true })
  async checkin(
    @RouteParam('id') sessionId: string,
    @RouteBody() body: TBody<typeof R.checkIn, 'output'>,
    @CurrentPrincipal() principal: Principal | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TCreateCheckinResponse> {
    // Public (a phone, staff, a desk): the session's district, whoever calls.
    await this.prisma.enterDistrictOf('checkinSession', sessionId);
    const r = await this.checkins.checkin(sessionId, body, principal?.kind === 'kiosk' ? undefined : principal, localeOf(req), req.ip);
    void reply.status(r.status);
    return r.body;
  }

  @Endpoint(R.publicInfo)
  async publicInfo(
    @RouteParam('id') sessionId: string,
    @RouteQuery() q: TQuery<typeof R.publicInfo, 'output'>,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<TCheckinPublic> {
    await this.prisma.enterDistrictOf('checkinSession', sessionId);
    return this.checkins.publicInfo(sessionId, q.s, principal);
  }

  @Endpoint(R.importAttendees)
  @UseGuards(AttendeeImportGuard)
  @UseInterceptors(XlsxBodyInterceptor)
  importAttendees(@RouteParam('id') sessionId: string, @Req() req: FastifyRequest): Promise<TResponse<typeof R.importAttendees>> {
    return this.attendeeLists.importAttendees(sessionId, xlsxBody(req));
  }

  /** The blank list to fill in (the import reads the same columns). */
  @Endpoint(R.attendeeTemplate)
  async attendeeTemplate(@RouteParam('id') sessionId: string, @Res() reply: FastifyReply): Promise<void> {
    const { filename, xlsx } = await this.attendeeLists.attendeeTemplate(sessionId);
    await sendXlsx(reply, filename, xlsx);
  }

  @Endpoint(R.attendees)
  attendees(@RouteParam('id') sessionId: string, @CurrentPrincipal() principal: Principal): Promise<TListAttendeesResponse> {
    return this.attendeeLists.attendees(sessionId, principal);
  }

  @Endpoint(R.stats)
  stats(@RouteParam('id') sessionId: string, @CurrentPrincipal() principal: Principal): Promise<TCheckinStats> {
    return this.readModel.stats(sessionId, principal);
  }

  @Endpoint(R.figures)
  figures(@RouteParam('id') campaignId: string, @CurrentPrincipal() principal: Principal): Promise<TCheckinFigures> {
    return this.readModel.figures(campaignId, principal);
  }

  /** The ceremony wall of the screen's own campaign and venue. */
  @Endpoint(ROUTES.kiosk.wall)
  wall(@CurrentPrincipal() principal: Principal | undefined, @Req() req: FastifyRequest): Promise<TKioskWall> {
    if (principal?.kind !== 'kiosk') throw forbidden();
    return this.readModel.wall(principal.campaignId, principal.sessionId, publicOrigin(this.options.config, req));
  }
}
