import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import { from, type Observable, switchMap } from 'rxjs';
import { fieldError } from '../errors/api.exception.js';
import { declaredLength } from './request-body.js';

export const UPLOAD_MAX_BYTES = 15 * 1024 * 1024;
const MAX_FIELDS = 10;
const MAX_FIELD_BYTES = 10_000;
/** What a multipart body holds besides the file: boundaries, part headers, the text fields. */
const MULTIPART_OVERHEAD = MAX_FIELDS * MAX_FIELD_BYTES + 64 * 1024;

const single = multer({ storage: multer.memoryStorage(), limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES } }).single('file');

/**
 * Reads a multipart body with one `file` part (kept in memory, at most 15 MB) and its text
 * fields, after the guards: a caller who may not upload here is refused before the body is read.
 * A body declared larger than the limit is refused at once; one that grows past it, as soon as
 * it does (multer). Refusals are field-level 4xx in the caller's language, like every other error.
 */
@Injectable()
export class SingleFileInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    if (declaredLength(req) > UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD) throw fieldError(413, 'file', 'lw.photoTooLarge');
    const parsed = new Promise<void>((resolve, reject) =>
      single(req, res, (err: unknown) => {
        if (!err) return resolve();
        if (err instanceof multer.MulterError) {
          const tooLarge = err.code === 'LIMIT_FILE_SIZE';
          return reject(fieldError(tooLarge ? 413 : 400, err.field ?? 'file', tooLarge ? 'lw.photoTooLarge' : err.message));
        }
        // busboy's refusals of a malformed body (a cut-off part, a broken header): the file did not arrive.
        reject(fieldError(400, 'file', 'lw.fileRequired'));
      }),
    );
    return from(parsed).pipe(switchMap(() => next.handle() as Observable<unknown>));
  }
}
