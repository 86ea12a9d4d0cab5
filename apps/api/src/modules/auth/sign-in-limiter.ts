import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../core/clock/clock.js';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { ApiException } from '../../core/errors/api.exception.js';
import { type AttemptStore, MemoryAttemptStore, RedisAttemptStore } from './attempt-store.js';

/** Failed sign-ins to one account within this window lock it (whatever the address). */
export const ACCOUNT_WINDOW_MS = 15 * 60_000;
/** Failed sign-ins from one address within this window stop it (whatever the accounts: spraying). */
export const ADDRESS_WINDOW_MS = 60_000;

/** 429 with Retry-After: the account or the address has failed too often. */
export class SignInLockedException extends ApiException {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'signInLocked');
  }
}

/** An attempt let through, to be settled once the password has been checked. */
export interface SignInAttempt {
  account: string;
  address: string;
}

/**
 * Limits password guessing per account (across addresses) and per address (across accounts).
 * Every attempt is counted before the password is checked, so that concurrent guesses cannot
 * slip past a counter with one place left; a successful sign-in then empties its account's
 * counter and gives its place back to the address, and an attempt that the server could not
 * decide (database down) gives both back. Counters live in Redis when REDIS_URL is set, so that
 * every instance sees the same lock, and in this process otherwise.
 */
@Injectable()
export class SignInLimiter implements OnModuleInit, OnModuleDestroy {
  private store: AttemptStore = new MemoryAttemptStore();
  /** Deployments (and test databases) sharing one Redis keep apart by their database's name. */
  private readonly prefix: string;

  constructor(
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
    private readonly clock: Clock,
  ) {
    this.prefix = `lw:signin:${databaseName(options.databaseUrl)}`;
  }

  async onModuleInit(): Promise<void> {
    if (this.options.config.redisUrl) this.store = await RedisAttemptStore.connect(this.options.config.redisUrl);
  }

  async onModuleDestroy(): Promise<void> {
    await this.store.close();
  }

  /** Counts an attempt for `username` from `address`, or throws SignInLockedException. */
  async begin(username: string, address: string): Promise<SignInAttempt> {
    const attempt = { account: `${this.prefix}:account:${accountKey(username)}`, address: `${this.prefix}:address:${addressKey(address)}` };
    const waitMs = await this.store.take(
      [
        { key: attempt.account, limit: this.options.loginFailuresPerAccount, windowMs: ACCOUNT_WINDOW_MS },
        { key: attempt.address, limit: this.options.loginLimitPerMinute, windowMs: ADDRESS_WINDOW_MS },
      ],
      this.now(),
    );
    if (waitMs > 0) throw new SignInLockedException(Math.ceil(waitMs / 1000));
    return attempt;
  }

  /** The password was right: the account starts afresh and the address gets its attempt back. */
  succeeded(a: SignInAttempt): Promise<void> {
    return this.store.settle({ reset: [a.account], giveBack: [a.address] }, this.now());
  }

  /** Nothing was decided (the database failed): the attempt does not count. */
  undecided(a: SignInAttempt): Promise<void> {
    return this.store.settle({ reset: [], giveBack: [a.account, a.address] }, this.now());
  }

  private now() {
    return this.clock.now().getTime();
  }
}

/** Usernames are compared as typed, trimmed and lower-cased; hashed to keep keys short and plain. */
const accountKey = (username: string) => createHash('sha256').update(username.trim().toLowerCase()).digest('base64url').slice(0, 32);

/**
 * An IPv4 address as it is; an IPv6 address by its /64 network, the block one subscriber gets
 * (counting single IPv6 addresses would let one attacker rotate through billions).
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

function databaseName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
  } catch {
    return 'postgres';
  }
}
