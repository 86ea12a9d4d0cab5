import type { IncomingMessage } from 'node:http';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import busboy from 'busboy';
import type { FastifyRequest } from 'fastify';
import { from, type Observable, switchMap } from 'rxjs';
import { type ApiException, fieldError } from '../errors/api.exception.js';
import { declaredLength, mediaTypeOf } from './request-body.js';

export const UPLOAD_MAX_BYTES = 15 * 1024 * 1024;
const MAX_FIELDS = 10;
const MAX_FIELD_BYTES = 10_000;
/** What a multipart body holds besides the file: boundaries, part headers, the text fields. */
const MULTIPART_OVERHEAD = MAX_FIELDS * MAX_FIELD_BYTES + 64 * 1024;

type TFields = Record<string, string | string[]>;

/** The file SingleFileInterceptor read, by request. */
const uploads = new WeakMap<FastifyRequest, Buffer>();

/** The `file` part of an upload route's body (SingleFileInterceptor); undefined when none came. */
export const uploadedFile = (req: FastifyRequest): Buffer | undefined => uploads.get(req);

/**
 * Reads a multipart body with busboy, in memory: at most one file, in the part `file` (anything else is
 * refused), and its text fields (a name sent twice is a list).
 * What is still coming after a refusal is read off the wire and dropped.
 */
function readSingleFile(req: IncomingMessage): Promise<{ file: Buffer | undefined; fields: TFields }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: UPLOAD_MAX_BYTES, files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES },
      });
    } catch {
      // No boundary, or not form-data: the file did not arrive.
      return reject(fieldError(400, 'file', 'lw.fileRequired'));
    }
    const fields: TFields = Object.create(null) as TFields;
    let file: Buffer | undefined;
    let reading = false;
    let parsed = false;
    let settled = false;
    const refuse = (err: ApiException) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      req.resume();
      reject(err);
    };
    const finish = () => {
      if (settled || reading || !parsed) return;
      settled = true;
      resolve({ file, fields });
    };
    parser.on('field', (name, value, info) => {
      if (info.nameTruncated) return refuse(fieldError(400, 'file', 'Field name too long'));
      if (info.valueTruncated) return refuse(fieldError(400, name, 'Field value too long'));
      const before = fields[name];
      fields[name] = before === undefined ? value : [before, value].flat();
    });
    parser.on('file', (name, stream, info) => {
      // An empty file input (a form's file field left empty): no file.
      if (!info.filename) return void stream.resume();
      if (name !== 'file') {
        stream.resume();
        return refuse(fieldError(400, name, 'Unexpected field'));
      }
      reading = true;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => refuse(fieldError(413, name, 'lw.photoTooLarge')));
      stream.on('error', () => refuse(fieldError(400, 'file', 'lw.fileRequired')));
      stream.on('end', () => {
        reading = false;
        file = Buffer.concat(chunks);
        finish();
      });
    });
    parser.on('filesLimit', () => refuse(fieldError(400, 'file', 'Too many files')));
    parser.on('fieldsLimit', () => refuse(fieldError(400, 'file', 'Too many fields')));
    // busboy's refusals of a malformed body (a cut-off part, a broken header): the file did not arrive.
    parser.on('error', () => refuse(fieldError(400, 'file', 'lw.fileRequired')));
    parser.on('close', () => {
      parsed = true;
      finish();
    });
    req.once('close', () => {
      if (!req.complete) refuse(fieldError(400, 'file', 'lw.fileRequired'));
    });
    req.pipe(parser);
  });
}

/**
 * Reads a multipart body with one `file` part (kept in memory, at most 15 MB; `uploadedFile(req)`)
 * and its text fields (`req.body`), after the guards: a caller who may not upload here is refused
 * before the body is read. A body declared larger than the limit is refused at once; one that grows
 * past it, as soon as it does. Refusals are field-level 4xx in the caller's language, like every
 * other error. A body that is not multipart is left to the route, which then finds no file.
 */
@Injectable()
export class SingleFileInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    if (declaredLength(req) > UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD) throw fieldError(413, 'file', 'lw.photoTooLarge');
    if (!mediaTypeOf(req).startsWith('multipart/')) return next.handle();
    return from(readSingleFile(req.raw)).pipe(
      switchMap(({ file, fields }) => {
        req.body = fields;
        if (file) uploads.set(req, file);
        return next.handle() as Observable<unknown>;
      }),
    );
  }
}
