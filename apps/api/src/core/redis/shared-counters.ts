import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

/** How long a Redis that failed is left alone before it is asked again (a hung Redis would cost each call its timeout). */
export const RETRY_REDIS_MS = 5_000;

/**
 * Counters every instance shares through Redis (REDIS_URL), with this process as the fallback: the
 * one "Redis if configured, else in memory" of the request limits (core/auth/redis-throttler.storage.ts)
 * and the sign-in throttles (modules/auth/attempt-store.ts). `run` asks Redis and, if it cannot
 * answer, the in-memory counter instead (one warning, naming what is counted, until Redis is
 * back), rather than refusing every request or letting every one through. After a failure Redis is
 * asked again only after RETRY_REDIS_MS, or as soon as it reconnects. No offline queue and a short
 * timeout: a sign-in or a check-in never waits for a Redis that is away.
 */
export class SharedCounters {
  readonly redis: Redis;
  private readonly logger: Logger;
  private degraded = false;
  private retryAt = 0;

  constructor(
    url: string,
    /** What is counted, for the log: its context and its words (`sign-in`, `sign-in attempts`). */
    private readonly what: { context: string; counts: string },
    private readonly now: () => number = () => performance.now(),
  ) {
    this.logger = new Logger(what.context);
    this.redis = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 1_000,
      connectTimeout: 2_000,
    });
    this.redis.on('error', (err: Error) => this.degrade(err));
    this.redis.on('ready', () => (this.degraded = false));
  }

  /** Connects (rejects when Redis cannot be reached now; later failures only degrade). */
  async connect(): Promise<this> {
    await this.redis.connect();
    return this;
  }

  /** `remote` on Redis, or `local` while Redis cannot answer. */
  async run<T>(remote: (redis: Redis) => Promise<T>, local: () => T | Promise<T>): Promise<T> {
    if (this.degraded && this.now() < this.retryAt) return local();
    try {
      return await remote(this.redis);
    } catch (err) {
      this.degrade(err);
      return local();
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private degrade(err: unknown) {
    this.retryAt = this.now() + RETRY_REDIS_MS;
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn(
      `Redis cannot count ${this.what.counts} (${err instanceof Error ? err.message : String(err)}): counting in this process until it is back`,
    );
  }
}

/**
 * The key prefix of one kind of counter: deployments (and test databases) sharing one Redis keep
 * theirs apart by their database's name (`lw:signin:learnweek`).
 */
export function counterPrefix(kind: string, databaseUrl: string): string {
  let name = 'postgres';
  try {
    name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || 'postgres';
  } catch {
    // not a URL: the default database
  }
  return `lw:${kind}:${name}`;
}
