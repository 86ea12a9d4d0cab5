import { Controller, Inject, Req, Res } from '@nestjs/common';
import {
  MEDIA,
  ROUTES,
  type TBody,
  type TCheckinSession,
  type TIssuedKioskDevice,
  type TKioskDevice,
  type TLinkOrigin,
  type TListCheckinsResponse,
  type TListKioskDevicesResponse,
  type TQuery,
} from '@learnweek/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { Endpoint, RouteBody, RouteParam, RouteQuery } from '../../core/http/endpoint.decorator.js';
import { linkReach, publicOrigin } from '../../core/http/public-url.js';
import { sendFile, streamExport } from '../../core/http/xlsx.js';
import { CheckinAdminService } from './checkin-admin.service.js';

const R = ROUTES.checkin;

@Controller()
export class CheckinAdminController {
  constructor(
    private readonly admin: CheckinAdminService,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {}

  @Endpoint(R.createSession)
  createSession(
    @RouteParam('id') campaignId: string,
    @RouteBody() body: TBody<typeof R.createSession, 'output'>,
  ): Promise<TCheckinSession> {
    return this.admin.createSession(campaignId, body);
  }

  /** The A4 venue poster; its QR points at PUBLIC_URL, else at this server as the browser reached it through the proxy. */
  @Endpoint(R.poster)
  async poster(@RouteParam('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { filename, pdf } = await this.admin.poster(id, publicOrigin(this.options.config, req));
    await sendFile(reply, filename, MEDIA.pdf, pdf);
  }

  /** Where the links of posters and QR codes lead, and whether a phone can open them. */
  @Endpoint(R.linkOrigin)
  linkOrigin(@Req() req: FastifyRequest): TLinkOrigin {
    const origin = publicOrigin(this.options.config, req);
    return { origin, reach: linkReach(origin), fromPublicUrl: this.options.config.publicUrl !== undefined };
  }

  @Endpoint(R.checkins)
  checkins(@RouteParam('id') id: string, @RouteQuery() q: TQuery<typeof R.checkins, 'output'>): Promise<TListCheckinsResponse> {
    return this.admin.checkins(id, q);
  }

  @Endpoint(R.exportCheckins)
  async checkinsXlsx(@RouteParam('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await streamExport(reply, await this.admin.checkinsXlsx(id));
  }

  @Endpoint(R.devices)
  async devices(@RouteParam('id') campaignId: string): Promise<TListKioskDevicesResponse> {
    return { items: await this.admin.devices(campaignId) };
  }

  @Endpoint(R.issueDevice)
  issueDevice(
    @RouteParam('id') campaignId: string,
    @RouteBody() body: TBody<typeof R.issueDevice, 'output'>,
    @Req() req: FastifyRequest,
  ): Promise<TIssuedKioskDevice> {
    return this.admin.issueDevice(campaignId, body, publicOrigin(this.options.config, req));
  }

  @Endpoint(R.revokeDevice)
  revokeDevice(@RouteParam('id') id: string): Promise<TKioskDevice> {
    return this.admin.revokeDevice(id);
  }
}
