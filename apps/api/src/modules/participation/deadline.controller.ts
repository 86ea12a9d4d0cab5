import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ZListParticipationsQuery,
  ZSendRemindersRequest,
  type TDeadlineMatrixResponse,
  type TSendRemindersRequest,
  type TSendRemindersResponse,
} from '@learnweek/contracts';
import type { z } from 'zod';
import { Roles } from '../../core/auth/auth.decorators.js';
import { ValidBody, ValidParam, ValidQuery } from '../../core/errors/validation.js';
import { DeadlineService } from './deadline.service.js';
import { WritesCampaign } from '../campaign/campaign-writable.guard.js';

/** The deadline matrix and its one-click reminders (organizer and approvers). */
@Roles('organizer', 'approver')
@Controller('campaigns/:id/deadlines')
export class DeadlineController {
  constructor(private readonly deadlines: DeadlineService) {}

  @Get()
  matrix(@ValidParam('id') campaignId: string, @ValidQuery(ZListParticipationsQuery) q: z.output<typeof ZListParticipationsQuery>): Promise<TDeadlineMatrixResponse> {
    return this.deadlines.matrix(campaignId, q);
  }

  @WritesCampaign('campaign')

  @Post('reminders')
  @HttpCode(200)
  remind(@ValidParam('id') campaignId: string, @ValidBody(ZSendRemindersRequest) body: TSendRemindersRequest): Promise<TSendRemindersResponse> {
    return this.deadlines.remind(campaignId, body);
  }
}
