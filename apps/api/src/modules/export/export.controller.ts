import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../core/auth/auth.decorators.js';
import { ValidParam } from '../../core/errors/validation.js';
import { streamExport } from '../../core/http/xlsx.js';
import { AuditService } from '../audit/audit.service.js';
import { ExportService } from './export.service.js';

/** District-wide exports, streamed as they are written (no Content-Length: the client shows bytes received). */
@Roles('organizer', 'approver')
@Controller('campaigns/:id/exports')
export class ExportController {
  constructor(
    private readonly exports: ExportService,
    private readonly audit: AuditService,
  ) {}

  @Get('schedule.xlsx')
  async schedule(@ValidParam('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await streamExport(reply, await this.audit.exported(id, await this.exports.schedule(id)));
  }

  @Get('status.xlsx')
  async status(@ValidParam('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await streamExport(reply, await this.audit.exported(id, await this.exports.status(id)));
  }

  @Get('summaries.zip')
  async summaries(@ValidParam('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await streamExport(reply, await this.audit.exported(id, await this.exports.summaries(id)));
  }
}
