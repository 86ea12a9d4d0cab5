import { Controller, Get, Logger, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Roles } from '../../core/auth/auth.decorators.js';
import { ValidParam } from '../../core/errors/validation.js';
import { ExportService, type TExportFile } from './export.service.js';

/** District-wide exports, streamed as they are written (no Content-Length: the client shows bytes received). */
@Roles('organizer', 'approver')
@Controller('campaigns/:id/exports')
export class ExportController {
  private readonly logger = new Logger('export');

  constructor(private readonly exports: ExportService) {}

  @Get('schedule.xlsx')
  async schedule(@ValidParam('id') id: string, @Res() res: Response): Promise<void> {
    await this.stream(res, await this.exports.schedule(id));
  }

  @Get('status.xlsx')
  async status(@ValidParam('id') id: string, @Res() res: Response): Promise<void> {
    await this.stream(res, await this.exports.status(id));
  }

  @Get('summaries.zip')
  async summaries(@ValidParam('id') id: string, @Res() res: Response): Promise<void> {
    await this.stream(res, await this.exports.summaries(id));
  }

  private async stream(res: Response, file: TExportFile): Promise<void> {
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="export"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
    try {
      await file.write(res);
    } catch (err) {
      // Headers are gone: the only honest signal left is a broken download, never a complete-looking file.
      this.logger.error(`${file.filename}: ${(err as Error).message}`);
      res.destroy(err as Error);
    }
  }
}
