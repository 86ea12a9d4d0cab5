// A throwaway bootstrap for one measurement: the whole AppModule (same guards, validation,
// services, socket.io gateway) on @nestjs/platform-fastify instead of Express, so that
// `BENCH_ADAPTER=fastify node bench/checkin-ingest.mjs` and bench/adapters.mjs compare like with
// like. Not the product: docs/PERFORMANCE.md lists what a real migration must change.
//
// What differs from apps/api/src/bootstrap.ts, on purpose the least that lets the check-in route
// answer as it does on Express:
//  - the same helmet headers, through Nest's middleware layer (@fastify/middie) rather than @fastify/helmet;
//  - Fastify's own JSON body parser (limit 1 MB) instead of express.json;
//  - no Swagger assets and no admin/kiosk static apps (the benchmarks serve neither);
//  - the error filter calls Express' `res.status(..).json(..)` and `res.setHeader`: FastifyReply
//    gets a `json` and a `setHeader` here, so errors answer as on Express.
import 'reflect-metadata';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

// BENCH_API_DIST: another build of the API to put on Fastify (see server-process.mjs); default apps/api/dist.
const dist = process.env.BENCH_API_DIST ? pathToFileURL(path.resolve(process.env.BENCH_API_DIST)).href + '/' : new URL('../apps/api/dist/', import.meta.url).href;
const { AppModule } = await import(`${dist}app.module.js`);
const { securityHeaders } = await import(`${dist}bootstrap.js`);
const { SystemClock } = await import(`${dist}core/clock/clock.js`);
const { RedisIoAdapter } = await import(`${dist}core/live/redis-io.adapter.js`);

export async function createApp(opts) {
  const options = {
    config: opts.config,
    databaseUrl: opts.databaseUrl,
    poolMax: opts.poolMax,
    embedded: opts.embedded ?? false,
    loginLimitPerMinute: opts.loginLimitPerMinute ?? 30,
    loginFailuresPerAccount: opts.loginFailuresPerAccount ?? 10,
    checkinLimitPerMinute: opts.checkinLimitPerMinute ?? 600,
    scheduler: opts.scheduler ?? true,
  };
  const adapter = new FastifyAdapter({ trustProxy: opts.config.trustProxy, bodyLimit: 1_048_576 });
  const fastify = adapter.getInstance();
  fastify.decorateReply('json', function json(body) {
    return this.type('application/json; charset=utf-8').send(body);
  });
  fastify.decorateReply('setHeader', function setHeader(name, value) {
    return this.header(name, value);
  });
  const app = await NestFactory.create(AppModule.forRoot(options, opts.clock ?? new SystemClock()), adapter, { logger: opts.logger ?? ['error', 'warn'] });
  app.use(securityHeaders());
  app.setGlobalPrefix('api');
  if (opts.config.redisUrl) {
    const io = new RedisIoAdapter(app);
    await io.connectToRedis(opts.config.redisUrl);
    app.useWebSocketAdapter(io);
  }
  app.enableShutdownHooks();
  return app;
}
