import { Controller, Get, Req, Res } from '@nestjs/common';
import { ZAuditExportQuery, ZListAuditQuery, type TListAuditResponse } from '@learnweek/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { Roles } from '../../core/auth/auth.decorators.js';
import { localeOf } from '../../core/errors/locale.js';
import { ValidQuery } from '../../core/errors/validation.js';
import { streamExport } from '../../core/http/xlsx.js';
import { AuditService } from './audit.service.js';

/** The audit log, for the organizer only. */
@Roles('organizer')
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('audit')
  list(@ValidQuery(ZListAuditQuery) q: z.output<typeof ZListAuditQuery>): Promise<TListAuditResponse> {
    return this.audit.list(q);
  }

  /** The export is itself an export: it is recorded too. */
  @Get('audit.xlsx')
  async export(@ValidQuery(ZAuditExportQuery) q: z.output<typeof ZAuditExportQuery>, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await streamExport(reply, await this.audit.exported(q.campaignId ?? null, this.audit.exportXlsx(q, localeOf(req))));
  }
}
