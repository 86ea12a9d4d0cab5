import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { AppConfig } from '../config/config.js';

/** LOG_LEVEL (Nest's names) as pino's. */
const PINO_LEVELS = { error: 'error', warn: 'warn', log: 'info', debug: 'debug' } as const;

/** A caller's own request id is kept when it is this plain (a proxy's or a client's trace id); anything else gets a new one. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's id: the caller's X-Request-Id when it is plain enough, else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Fastify's logger (pino): one JSON object a line on stdout at LOG_LEVEL, each request's lines with
 * its `reqId`; the URL's query is left out of the request lines (kiosk tokens and desk links travel
 * in it). `false`: no log at all (tests).
 */
export function loggerOptions(config: AppConfig, enabled: boolean): Pick<FastifyServerOptions, 'logger' | 'genReqId'> {
  if (!enabled) return { logger: false, genReqId: requestIdOf };
  return {
    logger: {
      level: PINO_LEVELS[config.logLevel],
      base: { service: 'learnweek', pid: process.pid },
      serializers: {
        req: (req: { method: string; url: string; ip?: string; routeOptions?: { url?: string } }) => ({
          method: req.method,
          url: req.url.split('?')[0],
          route: req.routeOptions?.url,
          ip: req.ip,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    // Fastify's own label of the id on every line of the request: `reqId`.
    genReqId: requestIdOf,
  };
}

/** Nest's log lines through the same pino logger, so that every line of the process is JSON of one shape. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: FastifyBaseLogger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.pino.info(...this.args(message, rest));
  }
  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack, context) for errors.
    const [stack, context] = rest.length >= 2 ? rest : [undefined, ...rest];
    this.pino.error({ context, ...(typeof stack === 'string' ? { stack } : {}) }, text(message));
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.pino.warn(...this.args(message, rest));
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.pino.debug(...this.args(message, rest));
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.pino.trace(...this.args(message, rest));
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.pino.fatal(...this.args(message, rest));
  }

  /** Nest's last argument is the context (the Logger's name). */
  private args(message: unknown, rest: unknown[]): [{ context?: unknown }, string] {
    return [{ context: rest.at(-1) }, text(message)];
  }
}

const text = (m: unknown): string => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m));
