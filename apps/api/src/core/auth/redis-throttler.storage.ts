import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { Redis } from 'ioredis';

/** The record @nestjs/throttler expects back from its storage. */
type TThrottlerRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

// One counter per key and window: INCR, the window's expiry set by its first hit.
const HIT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

/** How long a Redis that failed is left alone before it is asked again. */
const RETRY_REDIS_MS = 5_000;

/**
 * @nestjs/throttler's counters in Redis (REDIS_URL), so that a limit per client address holds for
 * the whole deployment, not per instance: the self check-ins a venue's phones may send a minute
 * are counted once whichever instance takes them. A fixed window per key; a client over the limit
 * waits for the window's end. If Redis cannot answer, this process counts alone meanwhile (the
 * library's own storage) rather than refusing every check-in or letting every one through, and
 * asks Redis again every RETRY_REDIS_MS (a hung Redis would cost each request its 1 s timeout).
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger('throttle');
  private readonly redis: Redis;
  private readonly fallback = new ThrottlerStorageService();
  private degraded = false;
  /** While degraded, Redis is asked again only after this moment (a hung Redis costs 1 s a request otherwise). */
  private retryAt = 0;

  constructor(
    url: string,
    /** Deployments (and test databases) sharing one Redis keep apart by it. */
    private readonly prefix: string,
  ) {
    // No offline queue and a short timeout: a check-in must not wait for a Redis that is away.
    this.redis = new Redis(url, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 1_000,
      connectTimeout: 2_000,
    });
    this.redis.on('error', (err: Error) => this.degrade(err));
    this.redis.on('ready', () => (this.degraded = false));
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<TThrottlerRecord> {
    if (this.degraded && performance.now() < this.retryAt) return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    try {
      const [hits, left] = (await this.redis.eval(HIT, 1, `${this.prefix}:${throttlerName}:${key}`, Math.max(1, Math.round(ttl)))) as [
        number,
        number,
      ];
      const seconds = Math.max(1, Math.ceil(left / 1_000));
      const blocked = hits > limit;
      return { totalHits: hits, timeToExpire: seconds, isBlocked: blocked, timeToBlockExpire: blocked ? seconds : 0 };
    } catch (err) {
      this.degrade(err);
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.fallback.onApplicationShutdown();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private degrade(err: unknown) {
    this.retryAt = performance.now() + RETRY_REDIS_MS;
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn(
      `Redis cannot count request limits (${err instanceof Error ? err.message : String(err)}): counting in this process until it is back`,
    );
  }
}
