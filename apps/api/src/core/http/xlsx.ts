import { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { TExportFile } from '../xlsx/streaming.js';
import { fieldError } from '../errors/api.exception.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An uploaded .xlsx is the request body itself (Content-Type of .xlsx), read by the raw parser set up in bootstrap. */
export function xlsxBody(req: Request): Buffer {
  if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
    throw fieldError(400, '(file)', 'lw.xlsxRequired');
  }
  return req.body;
}

export function sendXlsx(res: Response, filename: string, xlsx: Buffer): void {
  res.setHeader('Content-Type', XLSX);
  res.setHeader('Content-Disposition', `attachment; filename="download.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`);
  res.send(xlsx);
}

const logger = new Logger('export');

/** Streams a file as it is written; a failure after the headers breaks the download rather than ending it as if complete. */
export async function streamExport(res: Response, file: TExportFile): Promise<void> {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="export"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
  try {
    await file.write(res);
  } catch (err) {
    logger.error(`${file.filename}: ${(err as Error).message}`);
    res.destroy(err as Error);
  }
}
