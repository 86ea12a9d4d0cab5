import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { API_MESSAGES, fieldMessage, problemMessage, type TApiError, type TApiMessageCode } from '@learnweek/contracts';
import { Prisma } from '@learnweek/db';
import type { Request, Response } from 'express';
import { ApiException } from './api.exception.js';
import { localeOf } from './locale.js';

const STATUS_CODES: Record<number, TApiMessageCode> = {
  400: 'validationFailed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
  409: 'conflict',
  413: 'payloadTooLarge',
  429: 'tooManyRequests',
};

/**
 * Every error leaves as TApiError in the caller's language. Known causes become 4xx:
 * malformed JSON, oversize bodies, unique/foreign-key violations; only the unknown is a 500.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const locale = localeOf(req as never);
    const body = this.toBody(exception, locale);
    if (body.statusCode >= 500) this.logger.error(`${req.method} ${req.url}`, exception instanceof Error ? exception.stack : String(exception));
    if (res.headersSent) return;
    res.status(body.statusCode).json(body);
  }

  private toBody(e: unknown, locale: 'zh-CN' | 'en'): TApiError {
    const make = (statusCode: number, code: TApiMessageCode): TApiError => ({ statusCode, code, message: API_MESSAGES[code][locale] });
    if (e instanceof ApiException) {
      const body = make(e.getStatus(), e.code);
      if (e.extras.errors) body.errors = e.extras.errors.map((x) => ({ ...x, message: fieldMessage(x.message, locale) }));
      if (e.extras.problems) body.problems = e.extras.problems.map((p) => ({ ...p, message: problemMessage(p, locale) }));
      if (e.extras.allowedEvents) body.allowedEvents = e.extras.allowedEvents;
      return body;
    }
    // body-parser errors (malformed JSON, oversize bodies), raw or wrapped by Nest's adapter.
    const bodyErr = (e instanceof HttpException ? e.cause : e) as { status?: number; type?: string } | undefined;
    if (bodyErr?.type === 'entity.parse.failed') return make(400, 'malformedJson');
    if (bodyErr?.type === 'entity.too.large') return make(413, 'payloadTooLarge');
    if (e instanceof HttpException) {
      const status = e.getStatus();
      return make(status, STATUS_CODES[status] ?? (status >= 500 ? 'internal' : 'validationFailed'));
    }
    if (typeof bodyErr?.status === 'number' && bodyErr.status >= 400 && bodyErr.status < 500) {
      return make(bodyErr.status, STATUS_CODES[bodyErr.status] ?? 'validationFailed');
    }
    if (e instanceof Prisma.PrismaClientKnownRequestError) {
      if (e.code === 'P2002') return make(409, 'conflict');
      if (e.code === 'P2025') return make(404, 'notFound');
      if (e.code === 'P2003') return make(409, 'conflict');
    }
    return make(500, 'internal');
  }
}
