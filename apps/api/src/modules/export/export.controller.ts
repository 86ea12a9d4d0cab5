import { Controller, Res } from '@nestjs/common';
import { ROUTES } from '@learnweek/contracts';
import type { FastifyReply } from 'fastify';
import { Endpoint, RouteParam } from '../../core/http/endpoint.decorator.js';
import { streamExport } from '../../core/http/xlsx.js';
import { AuditService } from '../audit/audit.service.js';
import { ExportService } from './export.service.js';

const R = ROUTES.console;

/** District-wide exports, streamed as they are written (no Content-Length: the client shows bytes received). */
@Controller()
export class ExportController {
  constructor(
    private readonly exports: ExportService,
    private readonly audit: AuditService,
  ) {}

  @Endpoint(R.exportSchedule)
  async schedule(@RouteParam('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await streamExport(reply, await this.audit.exported(id, await this.exports.schedule(id)));
  }

  @Endpoint(R.exportStatus)
  async status(@RouteParam('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await streamExport(reply, await this.audit.exported(id, await this.exports.status(id)));
  }

  @Endpoint(R.exportSummariesDocx)
  async summariesDocx(@RouteParam('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await streamExport(reply, await this.audit.exported(id, await this.exports.summariesDocx(id)));
  }

  @Endpoint(R.exportPlansDocx)
  async plansDocx(@RouteParam('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await streamExport(reply, await this.audit.exported(id, await this.exports.plansDocx(id)));
  }

  @Endpoint(R.exportSummaries)
  async summaries(@RouteParam('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await streamExport(reply, await this.audit.exported(id, await this.exports.summaries(id)));
  }
}
