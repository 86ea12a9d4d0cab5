import { extname } from 'node:path';
import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { finalize, from, type Observable, switchMap } from 'rxjs';
import type { TExportFile } from '../xlsx/streaming.js';
import { fieldError } from '../errors/api.exception.js';
import { localeOf } from '../errors/locale.js';
import { declaredLength, mediaTypeOf, readBody } from './request-body.js';
import { currentPrincipal, downloadStarts } from './request-context.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** An uploaded workbook's size: a few thousand rows are well under 1 MB. */
export const XLSX_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Who has a workbook upload in progress in this process (read, parsed in a worker, imported): one at
 * a time each, so that one person cannot hold every parse (core/xlsx/workbook.ts) with parallel uploads.
 */
const uploading = new Set<string>();

/** How many workbook uploads this process has in progress (tests wait for one to be in hand). */
export const uploadsInProgress = (): number => uploading.size;

/**
 * Reads an .xlsx request body (at most XLSX_MAX_BYTES) into `req.body`, after the guards: a
 * caller who may not upload here is refused before a byte of it is read. Too large is a 413
 * naming the limit, from Content-Length before reading or as soon as the count passes it.
 * Another Content-Type leaves the body unread (`xlsxBody` then asks for an .xlsx file). A second
 * upload by the same caller while the first is still in progress is a 429.
 */
@Injectable()
export class XlsxBodyInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const principal = currentPrincipal();
    const caller =
      principal?.kind === 'user' ? `user:${principal.id}` : principal?.kind === 'kiosk' ? `kiosk:${principal.deviceId}` : undefined;
    if (caller && uploading.has(caller)) {
      throw fieldError(
        429,
        '(file)',
        localeOf(req) === 'en'
          ? 'Your previous spreadsheet is still being imported; try again when it is done'
          : '您上传的上一个表格还在导入中，请等它完成后再试',
      );
    }
    if (caller) uploading.add(caller);
    const tooLarge = () => {
      const mb = XLSX_MAX_BYTES / 1024 / 1024;
      return fieldError(413, '(file)', localeOf(req) === 'en' ? `A spreadsheet must not exceed ${mb} MB` : `表格文件不能超过 ${mb} MB`);
    };
    const read = async () => {
      if (mediaTypeOf(req) !== XLSX) return;
      if (declaredLength(req) > XLSX_MAX_BYTES) throw tooLarge();
      const body = await readBody(req.raw, XLSX_MAX_BYTES);
      if (body === null) throw tooLarge();
      req.body = body;
    };
    return from(read()).pipe(
      switchMap(() => next.handle() as Observable<unknown>),
      finalize(() => {
        if (caller) uploading.delete(caller);
      }),
    );
  }
}

/** An uploaded .xlsx is the request body itself (Content-Type of .xlsx), read by XlsxBodyInterceptor. */
export function xlsxBody(req: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
    throw fieldError(400, '(file)', 'lw.xlsxRequired');
  }
  return req.body;
}

/** A download's headers: its type, and its (Chinese) name in RFC 5987 form with an ASCII fallback. */
function attachment(filename: string, contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename="download${extname(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
  };
}

/** Sends a whole file made in memory as a download (its audit entry first: `downloadStarts`). */
export async function sendFile(reply: FastifyReply, filename: string, contentType: string, body: Buffer): Promise<void> {
  await downloadStarts(filename);
  void reply.headers(attachment(filename, contentType)).send(body);
}

export const sendXlsx = (reply: FastifyReply, filename: string, xlsx: Buffer) => sendFile(reply, filename, XLSX, xlsx);

const logger = new Logger('export');

/**
 * Streams a file as it is written, straight into Node's response (Fastify steps aside: the files are
 * zip archives, nothing to compress); a failure after the headers breaks the download rather than
 * ending it as if complete.
 */
export async function streamExport(reply: FastifyReply, file: TExportFile): Promise<void> {
  // The download's audit entry before its first byte.
  await downloadStarts(file.filename);
  reply.hijack();
  const res = reply.raw;
  for (const [name, value] of Object.entries(attachment(file.filename, file.contentType))) res.setHeader(name, value);
  try {
    await file.write(res);
  } catch (err) {
    logger.error(`${file.filename}: ${(err as Error).message}`);
    res.destroy(err as Error);
  }
}
