import { Controller, Delete, Get, Post, Req, Res } from '@nestjs/common';
import {
  ZCreateCheckinSessionRequest,
  ZCreateKioskDeviceRequest,
  ZListCheckinsQuery,
  type TCheckinSession,
  type TCreateCheckinSessionRequest,
  type TCreateKioskDeviceRequest,
  type TIssuedKioskDevice,
  type TKioskDevice,
  type TListCheckinsResponse,
  type TListKioskDevicesResponse,
} from '@learnweek/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { Roles } from '../../core/auth/auth.decorators.js';
import { ValidBody, ValidParam, ValidQuery } from '../../core/errors/validation.js';
import { sendFile, streamExport } from '../../core/http/xlsx.js';
import { CheckinAdminService } from './checkin-admin.service.js';
import { WritesCampaign } from '../campaign/campaign-writable.guard.js';

@Roles('organizer')
@Controller()
export class CheckinAdminController {
  constructor(private readonly admin: CheckinAdminService) {}

  @WritesCampaign('campaign')

  @Post('campaigns/:id/checkin-sessions')
  createSession(@ValidParam('id') campaignId: string, @ValidBody(ZCreateCheckinSessionRequest) body: TCreateCheckinSessionRequest): Promise<TCheckinSession> {
    return this.admin.createSession(campaignId, body);
  }

  /** The A4 venue poster; its QR points at this server as the browser reached it. */
  @Roles('organizer', 'checkinStaff')
  @Get('checkin-sessions/:id/poster.pdf')
  async poster(@ValidParam('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { filename, pdf } = await this.admin.poster(id, `${req.protocol}://${req.headers.host ?? 'localhost'}`);
    sendFile(reply, filename, 'application/pdf', pdf);
  }

  @Get('checkin-sessions/:id/checkins')
  checkins(@ValidParam('id') id: string, @ValidQuery(ZListCheckinsQuery) q: z.output<typeof ZListCheckinsQuery>): Promise<TListCheckinsResponse> {
    return this.admin.checkins(id, q);
  }

  @Get('checkin-sessions/:id/checkins.xlsx')
  async checkinsXlsx(@ValidParam('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await streamExport(reply, await this.admin.checkinsXlsx(id));
  }

  @Get('campaigns/:id/kiosk-devices')
  async devices(@ValidParam('id') campaignId: string): Promise<TListKioskDevicesResponse> {
    return { items: await this.admin.devices(campaignId) };
  }

  @WritesCampaign('campaign')

  @Post('campaigns/:id/kiosk-devices')
  issueDevice(@ValidParam('id') campaignId: string, @ValidBody(ZCreateKioskDeviceRequest) body: TCreateKioskDeviceRequest): Promise<TIssuedKioskDevice> {
    return this.admin.issueDevice(campaignId, body.name);
  }

  @WritesCampaign('none')

  @Delete('kiosk-devices/:id')
  revokeDevice(@ValidParam('id') id: string): Promise<TKioskDevice> {
    return this.admin.revokeDevice(id);
  }
}
