import zlib from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiException } from '../errors/api.exception.js';

/** The largest JSON body, once decoded. */
export const JSON_MAX_BYTES = 1024 * 1024;

const DECODE: Record<string, ((body: Buffer, options: zlib.ZlibOptions) => Buffer) | undefined> = {
  identity: (body) => body,
  gzip: zlib.gunzipSync,
  deflate: zlib.inflateSync,
  br: zlib.brotliDecompressSync,
};

/**
 * A JSON body as the clients send it: an empty body is `{}`; only an object or an array at the
 * top; UTF-8 only (else 415); gzip, deflate or br decoded (another
 * Content-Encoding is a 415); at most 1 MB, decoded too (413); anything else a 400 `malformedJson`.
 */
function parseJson(req: FastifyRequest, raw: Buffer): unknown {
  const charset = /;\s*charset\s*=\s*"?([\w-]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase() ?? 'utf-8';
  const decode = DECODE[(req.headers['content-encoding'] ?? 'identity').toLowerCase()];
  if ((charset !== 'utf-8' && charset !== 'utf8') || !decode) throw new ApiException(415, 'validationFailed');
  let body: Buffer;
  try {
    body = decode(raw, { maxOutputLength: JSON_MAX_BYTES });
  } catch (err) {
    const tooLarge = (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw tooLarge ? new ApiException(413, 'payloadTooLarge') : new ApiException(400, 'malformedJson');
  }
  if (body.length === 0) return {};
  const text = body.toString('utf8');
  if (!/^[\uFEFF \t\n\r]*[{[]/.test(text)) throw new ApiException(400, 'malformedJson');
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch {
    throw new ApiException(400, 'malformedJson');
  }
}

/**
 * The only body the API reads before its guards is JSON (over 1 MB: Fastify's 413 from
 * Content-Length, or as the count passes it). Every other body is left unread on the wire for the
 * route: the uploads read theirs after the permission checks (core/http), and a JSON route finds no
 * body in another type (a 400 naming the body).
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: JSON_MAX_BYTES },
    (req: FastifyRequest, body: Buffer) => new Promise((resolve) => resolve(parseJson(req, body))),
  );
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
}
