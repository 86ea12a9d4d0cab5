import { Controller, Req, Res } from '@nestjs/common';
import { ROUTES, type TListAuditResponse, type TQuery } from '@learnweek/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { localeOf } from '../../core/errors/locale.js';
import { Endpoint, RouteQuery } from '../../core/http/endpoint.decorator.js';
import { streamExport } from '../../core/http/xlsx.js';
import { AuditService } from './audit.service.js';

const R = ROUTES.audit;

/** The audit log, for the organizer only. */
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Endpoint(R.list)
  list(@RouteQuery() q: TQuery<typeof R.list, 'output'>): Promise<TListAuditResponse> {
    return this.audit.list(q);
  }

  /** The export is itself an export: it is recorded too. */
  @Endpoint(R.export)
  async export(@RouteQuery() q: TQuery<typeof R.export, 'output'>, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await streamExport(reply, await this.audit.exported(q.campaignId ?? null, this.audit.exportXlsx(q, localeOf(req))));
  }
}
