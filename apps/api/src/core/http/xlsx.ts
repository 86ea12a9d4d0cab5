import { extname } from 'node:path';
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

/** A download's headers: its type, and its (Chinese) name in RFC 5987 form with an ASCII fallback. */
function attachment(res: Response, filename: string, contentType: string): void {
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `attachment; filename="download${extname(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
}

/** Sends a whole file made in memory as a download. */
export function sendFile(res: Response, filename: string, contentType: string, body: Buffer): void {
  attachment(res, filename, contentType);
  res.send(body);
}

export const sendXlsx = (res: Response, filename: string, xlsx: Buffer) => sendFile(res, filename, XLSX, xlsx);

const logger = new Logger('export');

/** Streams a file as it is written; a failure after the headers breaks the download rather than ending it as if complete. */
export async function streamExport(res: Response, file: TExportFile): Promise<void> {
  attachment(res, file.filename, file.contentType);
  try {
    await file.write(res);
  } catch (err) {
    logger.error(`${file.filename}: ${(err as Error).message}`);
    res.destroy(err as Error);
  }
}
