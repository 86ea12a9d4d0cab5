import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import {
  API_ERROR_LIMITS,
  API_MESSAGES,
  fieldMessage,
  problemMessage,
  unsafeTextReason,
  type TApiError,
  type TApiMessageCode,
  type TLocale,
} from '@learnweek/contracts';
import { Prisma } from '@learnweek/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiException } from './api.exception.js';
import { dbDataError, isTransientDbError, RETRY_AFTER_SECONDS, type DbDataError } from './db-errors.js';
import { localeOf } from './locale.js';

const STATUS_CODES: Record<number, TApiMessageCode> = {
  400: 'validationFailed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
  408: 'requestTimeout',
  409: 'conflict',
  413: 'payloadTooLarge',
  429: 'tooManyRequests',
  503: 'serviceUnavailable',
};

/** Every string of the request's body and query with its path (`items.0.name`), as the contract's errors name them. */
function* leaves(value: unknown, path: string[] = [], depth = 0): Generator<[string, unknown]> {
  if (depth > 20 || Buffer.isBuffer(value)) return;
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* leaves(v, [...path, k], depth + 1);
  } else if (path.length > 0) {
    yield [path.join('.'), value];
  }
}

/** A path or message within API_ERROR_LIMITS.characters (an ellipsis says it was cut). */
const clip = (s: string) => (s.length <= API_ERROR_LIMITS.characters ? s : `${s.slice(0, API_ERROR_LIMITS.characters - 1)}…`);

/**
 * The field a value the database refused came from, when it can be named: the column
 * PostgreSQL named, a string with a character no text may hold, or the value it quoted.
 */
function refusedField(data: DbDataError, req: FastifyRequest): { path: string; message: string } {
  const all = [...leaves(req.body), ...leaves(req.query)];
  const byKey = data.column && all.find(([p]) => p.split('.').pop()?.toLowerCase() === data.column!.toLowerCase());
  if (byKey) return { path: byKey[0], message: 'lw.invalidValue' };
  for (const [p, v] of all) {
    const reason = typeof v === 'string' ? unsafeTextReason(v, true) : undefined;
    if (reason) return { path: p, message: reason };
  }
  const quoted =
    data.quoted !== undefined && all.find(([, v]) => (typeof v === 'string' || typeof v === 'number') && String(v) === data.quoted);
  if (quoted) return { path: quoted[0], message: 'lw.invalidValue' };
  return { path: '(body)', message: 'lw.invalidValue' };
}

/**
 * Every error leaves as TApiError in the caller's language. Known causes become 4xx:
 * malformed JSON, oversize bodies (core/http/json-body.ts, Fastify's own refusals), unique/foreign-key
 * violations, a value the database refused (400 naming the field); a database or Redis that is down
 * or overloaded is a 503 with Retry-After (the client retries); only the unknown is a 500.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const locale = localeOf(req);
    const body = this.toBody(exception, locale, req);
    // The path without the query: a kiosk's token travels there.
    const path = req.url.split('?', 1)[0];
    if (body.statusCode === 503)
      this.logger.warn(`${req.method} ${path}: ${exception instanceof Error ? exception.message : String(exception)}`);
    else if (body.statusCode >= 500)
      this.logger.error(`${req.method} ${path}`, exception instanceof Error ? exception.stack : String(exception));
    if (reply.sent || reply.raw.headersSent) return;
    if (body.code === 'serviceUnavailable' && !reply.hasHeader('Retry-After')) reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    void reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
  }

  private toBody(e: unknown, locale: TLocale, req: FastifyRequest): TApiError {
    const make = (statusCode: number, code: TApiMessageCode): TApiError => ({ statusCode, code, message: API_MESSAGES[code][locale] });
    if (e instanceof ApiException) {
      const body = make(e.getStatus(), e.code);
      const { errors, problems } = e.extras;
      if (errors) {
        // 60,000 unknown keys are one refusal each (and zod's message lists them all): a few, cut short, and the count.
        body.errors = errors
          .slice(0, API_ERROR_LIMITS.errors)
          .map((x) => ({ path: clip(x.path), message: clip(fieldMessage(x.message, locale)) }));
        if (errors.length > API_ERROR_LIMITS.errors) body.errorCount = errors.length;
      }
      if (problems)
        body.problems = problems.slice(0, API_ERROR_LIMITS.problems).map((p) => ({ ...p, message: clip(problemMessage(p, locale)) }));
      if (e.extras.allowedEvents) body.allowedEvents = e.extras.allowedEvents;
      if (e.extras.current !== undefined) body.current = e.extras.current;
      return body;
    }
    // Nest's own, and Fastify's refusals (a body over the limit, a malformed URL, a Content-Type that is
    // not one), which Nest's Fastify adapter hands over as HttpExceptions of their status.
    if (e instanceof HttpException) {
      const status = e.getStatus();
      return make(status, STATUS_CODES[status] ?? (status >= 500 ? 'internal' : 'validationFailed'));
    }
    if (e instanceof Prisma.PrismaClientKnownRequestError) {
      if (e.code === 'P2002') return make(409, 'conflict');
      if (e.code === 'P2025') return make(404, 'notFound');
      if (e.code === 'P2003') return make(409, 'conflict');
    }
    if (isTransientDbError(e)) return make(503, 'serviceUnavailable');
    const data = dbDataError(e);
    if (data) {
      const field = refusedField(data, req);
      return { ...make(400, 'validationFailed'), errors: [{ path: field.path, message: fieldMessage(field.message, locale) }] };
    }
    return make(500, 'internal');
  }
}
