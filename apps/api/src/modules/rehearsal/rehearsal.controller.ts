import { Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ZRehearsalReportRequest, ZStartRehearsalRequest, type TLatestRehearsal, type TRehearsal, type TRehearsalReportRequest, type TStartRehearsalRequest } from '@learnweek/contracts';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal, Roles } from '../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { ValidBody, ValidParam } from '../../core/errors/validation.js';
import { WritesCampaign } from '../campaign/campaign-writable.guard.js';
import { RehearsalService } from './rehearsal.service.js';

@Roles('organizer')
@Controller()
export class RehearsalController {
  constructor(private readonly rehearsals: RehearsalService) {}

  /** The server's own run goes against the address this request came to (through the proxy, as screens do). */
  @WritesCampaign('campaign')
  @Post('campaigns/:id/rehearsals')
  start(
    @ValidParam('id') campaignId: string,
    @ValidBody(ZStartRehearsalRequest) body: TStartRehearsalRequest,
    @CurrentPrincipal() caller: UserPrincipal,
    @Req() req: FastifyRequest,
  ): Promise<TRehearsal> {
    return this.rehearsals.start(campaignId, body, caller, `${req.protocol}://${req.headers.host ?? 'localhost'}`);
  }

  @Get('campaigns/:id/rehearsals/latest')
  async latest(@ValidParam('id') campaignId: string): Promise<TLatestRehearsal> {
    return { rehearsal: await this.rehearsals.latest(campaignId) };
  }

  @WritesCampaign('checkinSession')
  @Post('rehearsals/:id/report')
  @HttpCode(200)
  report(@ValidParam('id') id: string, @ValidBody(ZRehearsalReportRequest) body: TRehearsalReportRequest): Promise<TRehearsal> {
    return this.rehearsals.report(id, body.result);
  }
}
