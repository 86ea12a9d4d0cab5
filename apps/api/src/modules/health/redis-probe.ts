import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { TRedisHealth } from '@learnweek/contracts';
import { Redis } from 'ioredis';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { HEALTH_PROBE_MS } from './health.repository.js';

/**
 * Whether Redis answers a PING within the readiness probe's bound, on a connection of its own
 * (opened at the first probe, reconnecting in the background; no offline queue, so that a probe
 * during an outage is refused at once instead of waiting for the reconnection).
 */
@Injectable()
export class RedisProbe implements OnModuleDestroy {
  private redis: Redis | undefined;

  constructor(@Inject(APP_OPTIONS) private readonly options: AppOptions) {}

  async probe(): Promise<TRedisHealth> {
    const url = this.options.config.redisUrl;
    if (!url) return 'none';
    this.redis ??= new Redis(url, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: HEALTH_PROBE_MS,
      commandTimeout: HEALTH_PROBE_MS,
      retryStrategy: () => 1_000,
    });
    // Errors are the probe's answer, not an unhandled event.
    this.redis.on('error', () => undefined);
    if (this.redis.status !== 'ready') await this.ready(this.redis);
    return this.redis
      .ping()
      .then((r) => (r === 'PONG' ? 'ok' : 'down'))
      .catch(() => 'down' as const);
  }

  /** The first connection, waited for at most the probe's bound. */
  private ready(redis: Redis): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, HEALTH_PROBE_MS);
      redis.once('ready', done);
    });
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }
}
