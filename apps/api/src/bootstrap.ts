import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import helmet from 'helmet';
import swaggerUi from 'swagger-ui-dist';
import { AppModule } from './app.module.js';
import { type Clock, SystemClock } from './core/clock/clock.js';
import type { AppOptions } from './core/config/app-options.js';
import type { AppConfig } from './core/config/config.js';
import { RedisIoAdapter } from './core/live/redis-io.adapter.js';
import { serveSpa } from './core/web/static-apps.js';
import { requestContext } from './modules/audit/request-context.js';

export interface CreateAppOptions {
  config: AppConfig;
  databaseUrl: string;
  poolMax: number;
  embedded?: boolean;
  clock?: Clock;
  loginLimitPerMinute?: number;
  loginFailuresPerAccount?: number;
  checkinLimitPerMinute?: number;
  scheduler?: boolean;
  /** Built apps to serve at /admin and /kiosk (skipped when not built). */
  webRoot?: { admin: string; kiosk: string } | false;
  logger?: false | ('error' | 'warn' | 'log' | 'debug')[];
}

const APPS_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_WEB_ROOT = { admin: `${APPS_DIR}admin/dist`, kiosk: `${APPS_DIR}kiosk/dist` };

/**
 * Security headers on every answer (API, admin, kiosk, API docs). The apps and the docs page load
 * scripts only from this origin (the docs' start script is a served file, not inline); styles may be
 * inline (Vue, Element Plus and Swagger UI set style attributes); images also as data: (the wall's QR
 * code, Swagger's icons) and blob: (photo previews). No framing at all, and no Referer: kiosk tokens
 * and check-in links travel in URLs. No upgrade-insecure-requests: a venue may serve plain HTTP on
 * its own network.
 */
export function securityHeaders() {
  return helmet({
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
  });
}

/** Builds the Nest application (not listening yet): used by main.ts and by the tests alike. */
export async function createApp(opts: CreateAppOptions): Promise<NestExpressApplication> {
  const options: AppOptions = {
    config: opts.config,
    databaseUrl: opts.databaseUrl,
    poolMax: opts.poolMax,
    embedded: opts.embedded ?? false,
    loginLimitPerMinute: opts.loginLimitPerMinute ?? 30,
    loginFailuresPerAccount: opts.loginFailuresPerAccount ?? 10,
    checkinLimitPerMinute: opts.checkinLimitPerMinute ?? 600,
    scheduler: opts.scheduler ?? true,
  };
  const levels = (['error', 'warn', 'log', 'debug'] as const).slice(0, ['error', 'warn', 'log', 'debug'].indexOf(opts.config.logLevel) + 1);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options, opts.clock ?? new SystemClock()), {
    logger: opts.logger ?? [...levels],
    bodyParser: false,
  });
  // X-Forwarded-For is believed only from the proxies named in TRUST_PROXY (default: none).
  app.set('trust proxy', opts.config.trustProxy);
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(express.json({ limit: '1mb' }));
  // Who is calling, and what waits for the request's end (modules/audit/request-context.ts).
  app.use(requestContext);
  // No body parser for uploads here: their routes read the body after the permission checks (core/http).
  app.setGlobalPrefix('api');
  app.use('/api/docs/assets', express.static(swaggerUi.getAbsoluteFSPath(), { index: false }));
  const web = opts.webRoot === undefined ? DEFAULT_WEB_ROOT : opts.webRoot;
  if (web) {
    serveSpa(app, '/admin', web.admin);
    serveSpa(app, '/kiosk', web.kiosk);
    app.use((req: express.Request, res: express.Response, next: express.NextFunction) => (req.method === 'GET' && req.path === '/' ? res.redirect('/admin/') : next()));
  }
  if (opts.config.redisUrl) {
    const adapter = new RedisIoAdapter(app);
    await adapter.connectToRedis(opts.config.redisUrl);
    app.useWebSocketAdapter(adapter);
  }
  app.enableShutdownHooks();
  return app;
}
