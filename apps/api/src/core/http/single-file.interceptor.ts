import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import { from, type Observable, switchMap } from 'rxjs';
import { fieldError } from '../errors/api.exception.js';

export const UPLOAD_MAX_BYTES = 15 * 1024 * 1024;

const single = multer({ storage: multer.memoryStorage(), limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: 10, fieldSize: 10_000 } }).single('file');

/**
 * Reads a multipart body with one `file` part (kept in memory, at most 15 MB) and its text
 * fields. Refusals are field-level 4xx in the caller's language, like every other error.
 */
@Injectable()
export class SingleFileInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const parsed = new Promise<void>((resolve, reject) =>
      single(req, res, (err: unknown) => {
        if (!err) return resolve();
        if (err instanceof multer.MulterError) {
          const tooLarge = err.code === 'LIMIT_FILE_SIZE';
          return reject(fieldError(tooLarge ? 413 : 400, err.field ?? 'file', tooLarge ? 'lw.photoTooLarge' : err.message));
        }
        reject(err instanceof Error ? err : new Error('upload failed', { cause: err }));
      }),
    );
    return from(parsed).pipe(switchMap(() => next.handle() as Observable<unknown>));
  }
}
