import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import fastifyCompress, { type FastifyCompressOptions } from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { SecurityHeadersOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import swaggerUi from 'swagger-ui-dist';
import { AppModule } from './app.module.js';
import { type Clock, SystemClock } from './core/clock/clock.js';
import type { AppOptions } from './core/config/app-options.js';
import type { AppConfig } from './core/config/config.js';
import { boundJsonBodies, capConnectionsPerAddress, HTTP_WAITS, uncappedPeers } from './core/http/connection-limits.js';
import { registerBodyParsers } from './core/http/json-body.js';
import { loggerOptions, PinoNestLogger } from './core/http/logging.js';
import { MetricsService } from './core/metrics/metrics.service.js';
import { RedisIoAdapter } from './core/live/redis-io.adapter.js';
import { ADMIN_PAGES, serveSpa } from './core/web/static-apps.js';
import { requestContext } from './core/http/request-context.js';

export interface CreateAppOptions {
  config: AppConfig;
  databaseUrl: string;
  /** The tables' owner (backups); unset: config's DATABASE_OWNER_URL, else databaseUrl. */
  databaseOwnerUrl?: string;
  poolMax: number;
  embedded?: boolean;
  clock?: Clock;
  loginLimitPerMinute?: number;
  loginFailuresPerAccount?: number;
  checkinLimitPerMinute?: number;
  checkinHoldAfterPerMinute?: number;
  scheduler?: boolean;
  /** Counts this machine's own connections against MAX_CONNECTIONS_PER_ADDRESS too (tests, which have no other address). */
  capThisMachine?: boolean;
  /** Built apps to serve at /admin and /kiosk (skipped when not built). */
  webRoot?: { admin: string; kiosk: string } | false;
  logger?: false | ('error' | 'warn' | 'log' | 'debug')[];
}

const APPS_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_WEB_ROOT = { admin: `${APPS_DIR}admin/dist`, kiosk: `${APPS_DIR}kiosk/dist` };

/**
 * Security headers on every answer (API, admin, kiosk, API docs, errors and 404s), helmet's set and
 * defaults as Nest sends them itself. The apps and the docs page load scripts only from this origin
 * (the docs' start script is a served file, not inline); styles may be inline (Vue, Element Plus and
 * Swagger UI set style attributes); images also as data: (the wall's QR code, Swagger's icons) and
 * blob: (photo previews). No framing at all, and no Referer: kiosk tokens and check-in links travel
 * in URLs. No upgrade-insecure-requests: a venue may serve plain HTTP on its own network.
 */
const SECURITY_HEADERS: SecurityHeadersOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
    },
  },
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};

/**
 * Which answers are compressed (br or gzip, as the client accepts): JSON, HTML, scripts, styles,
 * from 1 KB on. Not the downloads (.xlsx, .docx and .zip are zip archives, photos are JPEG: mime-db
 * marks none of them compressible, and the streamed exports bypass Fastify altogether), nor
 * socket.io, which answers on the HTTP server before Fastify sees the request.
 */
const COMPRESSION: FastifyCompressOptions = {
  threshold: 1024,
  encodings: ['br', 'gzip'],
  // Request bodies are decoded by the JSON parser alone (core/http/json-body.ts): an upload is read after its guards.
  globalDecompression: false,
};

/** Builds the Nest application (not listening yet): used by main.ts and by the tests alike. */
export async function createApp(opts: CreateAppOptions): Promise<NestFastifyApplication> {
  const options: AppOptions = {
    config: opts.config,
    databaseUrl: opts.databaseUrl,
    databaseOwnerUrl: opts.databaseOwnerUrl,
    poolMax: opts.poolMax,
    embedded: opts.embedded ?? false,
    loginLimitPerMinute: opts.loginLimitPerMinute ?? 30,
    loginFailuresPerAccount: opts.loginFailuresPerAccount ?? 10,
    checkinLimitPerMinute: opts.checkinLimitPerMinute ?? 600,
    checkinHoldAfterPerMinute: opts.checkinHoldAfterPerMinute ?? 30,
    scheduler: opts.scheduler ?? true,
  };
  // Tests name the levels they want (or none); a served process logs at LOG_LEVEL.
  const config = Array.isArray(opts.logger) && opts.logger.length > 0 ? { ...opts.config, logLevel: opts.logger.at(-1)! } : opts.config;
  const adapter = new FastifyAdapter({
    // JSON lines with each request's id (core/http/logging.ts).
    ...loggerOptions(config, opts.logger !== false),
    // X-Forwarded-For (and -Proto, -Host) are believed only from the proxies named in TRUST_PROXY (default: none).
    trustProxy: opts.config.trustProxy,
    // A malformed id is the route's own 400, however long: longer than any URL Node takes (16 KB).
    routerOptions: { maxParamLength: 16 * 1024 },
    // A URL the router cannot decode ('%', a lone surrogate) is refused before any hook runs: answered
    // by Nest's exception layer, so in the API's error shape (400), though without the security headers.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      request.server.errorHandler(error, request, reply),
    // Every wait of a connection bounded (core/http/connection-limits.ts): a whole request (an upload
    // on a slow venue network fits), its headers, a silent connection, a kept-alive one. Node checks
    // headersTimeout every connectionsCheckingInterval.
    requestTimeout: HTTP_WAITS.requestMs,
    connectionTimeout: HTTP_WAITS.idleMs,
    keepAliveTimeout: HTTP_WAITS.keepAliveMs,
    http: { headersTimeout: HTTP_WAITS.headersMs, connectionsCheckingInterval: 1_000 },
    // No Nest middleware: the request context is a Fastify hook, the security headers Nest's own.
    skipMiddie: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options, opts.clock ?? new SystemClock()), adapter, {
    bufferLogs: opts.logger !== false,
    logger: opts.logger === false ? false : undefined,
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  if (opts.logger !== false) app.useLogger(new PinoNestLogger(fastify.log));
  // The id every log line of the request carries, handed back so that a report can quote it.
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header('X-Request-Id', req.id);
    done();
  });
  // Every answer in the metrics, by the route's template (`/api/campaigns/:id`), never the URL itself.
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', (req, reply, done) => {
    metrics.httpDuration.observe(
      { route: req.routeOptions.url ?? '(no route)', method: req.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.useSecurityHeaders(SECURITY_HEADERS);
  registerBodyParsers(fastify);
  boundJsonBodies(fastify);
  capConnectionsPerAddress(
    fastify.server,
    opts.config.maxConnectionsPerAddress,
    uncappedPeers(opts.config.trustProxy, !opts.capThisMachine),
  );
  // The auth guard sets it on every signed-in request: declared, so that every request has the same shape.
  fastify.decorateRequest('principal', undefined);
  // Who is calling, and what waits for the request's end (core/http/request-context.ts).
  fastify.addHook('preHandler', requestContext);
  // Awaited: its hook must see every route, Nest's included (added at init).
  await app.register(fastifyCompress, COMPRESSION);
  app.setGlobalPrefix('api');
  void app.register(fastifyStatic, {
    root: swaggerUi.getAbsoluteFSPath(),
    prefix: '/api/docs/assets/',
    index: false,
    decorateReply: false,
  });
  const web = opts.webRoot === undefined ? DEFAULT_WEB_ROOT : opts.webRoot;
  if (web) {
    serveSpa(fastify, '/admin', web.admin, ADMIN_PAGES);
    serveSpa(fastify, '/kiosk', web.kiosk);
    fastify.get('/', (_req, reply) => reply.redirect('/admin/'));
  }
  if (opts.config.redisUrl) {
    const io = new RedisIoAdapter(app);
    await io.connectToRedis(opts.config.redisUrl);
    app.useWebSocketAdapter(io);
  }
  // No enableShutdownHooks(): main.ts stops on SIGINT/SIGTERM itself (it would re-raise the signal).
  return app;
}
