import type { OnModuleDestroy } from '@nestjs/common';
import { type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { SharedCounters } from '../redis/shared-counters.js';

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

/**
 * @nestjs/throttler's counters in Redis (REDIS_URL), so that a limit per client address holds for
 * the whole deployment, not per instance: the self check-ins a venue's phones may send a minute
 * are counted once whichever instance takes them. A fixed window per key; a client over the limit
 * waits for the window's end. While Redis cannot answer, this process counts alone (the library's
 * own storage), as SharedCounters (core/redis) does for every shared counter.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly counters: SharedCounters;
  private readonly fallback = new ThrottlerStorageService();

  constructor(
    url: string,
    /** Deployments (and test databases) sharing one Redis keep apart by it (counterPrefix). */
    private readonly prefix: string,
  ) {
    this.counters = new SharedCounters(url, { context: 'throttle', counts: 'request limits' });
    // Connected in the background: until it is, and whenever it is not, the counting is local.
    this.counters.connect().catch(() => undefined);
  }

  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<TThrottlerRecord> {
    return this.counters.run(
      async (redis) => {
        const [hits, left] = (await redis.eval(HIT, 1, `${this.prefix}:${throttlerName}:${key}`, Math.max(1, Math.round(ttl)))) as [
          number,
          number,
        ];
        const seconds = Math.max(1, Math.ceil(left / 1_000));
        const blocked = hits > limit;
        return { totalHits: hits, timeToExpire: seconds, isBlocked: blocked, timeToBlockExpire: blocked ? seconds : 0 };
      },
      () => this.fallback.increment(key, ttl, limit, blockDuration, throttlerName),
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.fallback.onApplicationShutdown();
    await this.counters.close();
  }
}
