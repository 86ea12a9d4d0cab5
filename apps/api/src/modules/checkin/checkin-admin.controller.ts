import { Controller, Inject, Req, Res } from '@nestjs/common';
import {
  MEDIA,
  ROUTES,
  type TBody,
  type TCheckinSession,
  type TIssuedKioskDevice,
  type TKioskDevice,
  type TListCheckinsResponse,
  type TListKioskDevicesResponse,
  type TQuery,
} from '@learnweek/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { Endpoint, RouteBody, RouteParam, RouteQuery } from '../../core/http/endpoint.decorator.js';
import { publicOrigin } from '../../core/http/public-url.js';
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
  createSession(@RouteParam('id') campaignId: string, @RouteBody() body: TBody<typeof R.createSession, 'output'>): Promise<TCheckinSession> {
    return this.admin.createSession(campaignId, body);
  }

  /** The A4 venue poster; its QR points at this server as the browser reached it. */
  @Endpoint(R.poster)
  async poster(@RouteParam('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { filename, pdf } = await this.admin.poster(id, `${req.protocol}://${req.headers.host ?? 'localhost'}`);
    sendFile(reply, filename, MEDIA.pdf, pdf);
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
  issueDevice(@RouteParam('id') campaignId: string, @RouteBody() body: TBody<typeof R.issueDevice, 'output'>, @Req() req: FastifyRequest): Promise<TIssuedKioskDevice> {
    return this.admin.issueDevice(campaignId, body, publicOrigin(this.options.config, req));
  }

  @Endpoint(R.revokeDevice)
  revokeDevice(@RouteParam('id') id: string): Promise<TKioskDevice> {
    return this.admin.revokeDevice(id);
  }
}
