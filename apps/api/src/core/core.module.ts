import { createSecretKey } from 'node:crypto';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthRepository } from './auth/auth.repository.js';
import { RedisThrottlerStorage } from './auth/redis-throttler.storage.js';
import { counterPrefix } from './redis/shared-counters.js';
import { TokenService } from './auth/token.service.js';
import { Clock } from './clock/clock.js';
import { APP_OPTIONS, type AppOptions } from './config/app-options.js';
import { HttpExceptionFilter } from './errors/http-exception.filter.js';
import { LiveEvents } from './live/live-events.js';
import { LiveGateway } from './live/live.gateway.js';
import { LiveRepository } from './live/live.repository.js';
import { OutboxRepository } from './live/outbox.repository.js';
import { SocketLiveEvents } from './live/socket-live-events.js';
import { OutboxRetention } from './live/outbox-retention.js';
import { MetricsRepository } from './metrics/metrics.repository.js';
import { MetricsService } from './metrics/metrics.service.js';
import { OpenApiController, OpenApiJsonController } from './openapi/openapi.controller.js';
import { PrismaService } from './prisma/prisma.service.js';
import { AdvisoryLockService } from './scheduler/advisory-lock.service.js';
import { FileStore } from './storage/file-store.js';
import { FileSweepCron } from './storage/file-sweep.cron.js';
import { FileSweep } from './storage/file-sweep.service.js';
import { StoredFileRepository } from './storage/stored-file.repository.js';
import { FileUrls } from './storage/file-urls.js';

/** The cross-cutting parts every module may inject: options, clock, database, auth, outbox, locks. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(options: AppOptions, clock: Clock): DynamicModule {
    const throttleStorage = options.config.redisUrl
      ? new RedisThrottlerStorage(options.config.redisUrl, counterPrefix('throttle', options.databaseUrl))
      : undefined;
    return {
      module: CoreModule,
      imports: [
        // A KeyObject made once: given a string, jsonwebtoken tries it as a PEM public key on every
        // call before treating it as a secret, which cost more than the rest of a check-in.
        JwtModule.register({
          secretOrKeyProvider: (
            (key) => () =>
              key
          )(createSecretKey(Buffer.from(options.config.jwtSecret))),
          signOptions: { algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
        // Sign-in has its own limits, per account and per address (modules/auth/sign-in-limiter.ts).
        ThrottlerModule.forRoot({
          throttlers: [
            // A venue's phones often share one address (the venue Wi-Fi): generous per address.
            { name: 'checkin', ttl: 60_000, limit: options.checkinLimitPerMinute },
          ],
          // Several instances: counted once for all of them, in Redis.
          ...(throttleStorage ? { storage: throttleStorage } : {}),
        }),
      ],
      controllers: [OpenApiController, OpenApiJsonController],
      providers: [
        { provide: APP_OPTIONS, useValue: options },
        { provide: Clock, useValue: clock },
        { provide: PrismaService, useFactory: () => new PrismaService(options.databaseUrl, options.poolMax) },
        AuthRepository,
        TokenService,
        OutboxRepository,
        OutboxRetention,
        LiveRepository,
        LiveGateway,
        { provide: LiveEvents, useClass: SocketLiveEvents },
        FileStore,
        FileUrls,
        StoredFileRepository,
        FileSweep,
        FileSweepCron,
        AdvisoryLockService,
        MetricsRepository,
        MetricsService,
        // A provider too, so that its Redis connection closes with the application.
        ...(throttleStorage ? [{ provide: RedisThrottlerStorage, useFactory: () => throttleStorage }] : []),
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
      exports: [
        APP_OPTIONS,
        Clock,
        PrismaService,
        AuthRepository,
        TokenService,
        OutboxRepository,
        LiveEvents,
        AdvisoryLockService,
        MetricsService,
        FileStore,
        FileUrls,
      ],
    };
  }
}
