import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

/** One counter of failed sign-ins: at most `limit` in a window of `windowMs` from its first one. */
export interface AttemptCounter {
  key: string;
  limit: number;
  windowMs: number;
}

export interface AttemptSettlement {
  reset: string[];
  giveBack: string[];
}

/**
 * Where sign-in attempts are counted. Times are the service's clock (ms), so that windows move
 * with the injected clock in tests; a counter's window starts at its first attempt.
 */
export interface AttemptStore {
  /**
   * Counts one attempt on every counter, unless one of them is full: then nothing is counted and
   * the answer is how long (ms) until the fullest one empties. 0: counted. Atomic, so that
   * concurrent attempts cannot all pass a counter that has one place left.
   */
  take(counters: AttemptCounter[], now: number): Promise<number>;
  /** After the attempt: the `reset` counters are emptied, one attempt is given back to each of `giveBack`. */
  settle(change: AttemptSettlement, now: number): Promise<void>;
  close(): Promise<void>;
}

/** This process only: when no Redis is configured (one instance), and while Redis cannot answer. */
export class MemoryAttemptStore implements AttemptStore {
  private readonly counters = new Map<string, { n: number; resetAt: number }>();

  take(counters: AttemptCounter[], now: number): Promise<number> {
    if (this.counters.size > 50_000) this.sweep(now);
    const states = counters.map((c) => {
      const s = this.counters.get(c.key);
      return s && s.resetAt > now && s.resetAt <= now + c.windowMs ? s : { n: 0, resetAt: now + c.windowMs };
    });
    const wait = Math.max(0, ...states.map((s, i) => (s.n >= counters[i]!.limit ? s.resetAt - now : 0)));
    if (wait > 0) return Promise.resolve(wait);
    counters.forEach((c, i) => this.counters.set(c.key, { n: states[i]!.n + 1, resetAt: states[i]!.resetAt }));
    return Promise.resolve(0);
  }

  settle(change: AttemptSettlement, now: number): Promise<void> {
    for (const key of change.reset) this.counters.delete(key);
    for (const key of change.giveBack) {
      const s = this.counters.get(key);
      if (s && s.resetAt > now && s.n > 0) s.n -= 1;
    }
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private sweep(now: number) {
    for (const [key, s] of this.counters) if (s.resetAt <= now) this.counters.delete(key);
  }
}

// Each counter is a hash {n, resetAt}. A window that ended, or that starts further ahead than its
// length (the clock was set back), begins again. PEXPIRE only tidies up: the window is resetAt.
const TAKE = `
local now = tonumber(ARGV[1])
local n, reset, wait = {}, {}, 0
for i, key in ipairs(KEYS) do
  local limit, window = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  local v = redis.call('HMGET', key, 'n', 'resetAt')
  local c, r = tonumber(v[1]), tonumber(v[2])
  if c == nil or r == nil or r <= now or r > now + window then c, r = 0, now + window end
  n[i], reset[i] = c, r
  if c >= limit and r - now > wait then wait = r - now end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('HSET', key, 'n', n[i] + 1, 'resetAt', reset[i])
  redis.call('PEXPIRE', key, reset[i] - now)
end
return 0`;

// KEYS: the counters to empty (ARGV[2] of them), then those to give one attempt back to.
const SETTLE = `
local now, resets = tonumber(ARGV[1]), tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  if i <= resets then
    redis.call('DEL', key)
  else
    local v = redis.call('HMGET', key, 'n', 'resetAt')
    local c, r = tonumber(v[1]), tonumber(v[2])
    if c ~= nil and r ~= nil and r > now and c > 0 then redis.call('HSET', key, 'n', c - 1) end
  end
end
return 0`;

/**
 * Shared by every instance through Redis (REDIS_URL): an account locked on one is locked on all.
 * If Redis cannot answer, counting goes on in this process (a warning is logged) rather than
 * refusing every sign-in or letting every attempt through.
 */
export class RedisAttemptStore implements AttemptStore {
  private readonly logger = new Logger('sign-in');
  private readonly fallback = new MemoryAttemptStore();
  private degraded = false;

  private constructor(private readonly redis: Redis) {}

  static async connect(url: string): Promise<RedisAttemptStore> {
    // No offline queue and a short timeout: a sign-in must not hang while Redis is away.
    const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1_000, connectTimeout: 2_000 });
    const store = new RedisAttemptStore(redis);
    redis.on('error', (err: Error) => store.degrade(err));
    redis.on('ready', () => (store.degraded = false));
    await redis.connect();
    return store;
  }

  async take(counters: AttemptCounter[], now: number): Promise<number> {
    try {
      const args = counters.flatMap((c) => [c.limit, c.windowMs]);
      const wait = await this.redis.eval(TAKE, counters.length, ...counters.map((c) => c.key), now, ...args);
      return Number(wait);
    } catch (err) {
      this.degrade(err);
      return this.fallback.take(counters, now);
    }
  }

  async settle(change: AttemptSettlement, now: number): Promise<void> {
    const keys = [...change.reset, ...change.giveBack];
    try {
      await this.redis.eval(SETTLE, keys.length, ...keys, now, change.reset.length);
    } catch (err) {
      this.degrade(err);
    }
    // What was counted here while Redis was away is settled here too.
    await this.fallback.settle(change, now);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private degrade(err: unknown) {
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn(`Redis cannot count sign-in attempts (${err instanceof Error ? err.message : String(err)}): counting in this process until it is back`);
  }
}
