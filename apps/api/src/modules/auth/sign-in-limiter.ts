import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../core/clock/clock.js';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { ApiException } from '../../core/errors/api.exception.js';
import { counterPrefix } from '../../core/redis/shared-counters.js';
import {
  type AttemptKeys,
  type AttemptStore,
  type FailureReport,
  MemoryAttemptStore,
  pairKey,
  RedisAttemptStore,
  type ThrottleEntry,
  type ThrottleRules,
} from './attempt-store.js';

/**
 * How sign-ins are throttled (docs/PRODUCT.md §6, sign-in protection). Nothing here locks an account:
 * each address has its own backoff on each account, so that whoever guesses from one address cannot
 * keep the owner, at another, from signing in with the right password.
 */
export const SIGN_IN_RULES = {
  /** One address on one account: 5 failures free, then 1 s, 2 s, 4 s… up to 15 minutes between tries. */
  pairFree: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  pairKeepMs: 60 * 60_000,
  /** An account with this many failures (SignInLimiter's `slowAfter`) in an hour is under attack: its owner is told once, and every address gets 1 free failure. */
  slowFree: 1,
  accountWindowMs: 60 * 60_000,
  /** One address, whatever the accounts (spraying): `loginLimitPerMinute` failures a minute. */
  addressWindowMs: 60_000,
} as const;

/** 429 with Retry-After: this address has failed too often on this account, or on any. */
export class SignInLockedException extends ApiException {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'signInLocked');
  }
}

/** An attempt let through, to be settled once the password has been checked. */
export type SignInAttempt = AttemptKeys;

/**
 * Throttles password guessing per account and address (exponential backoff), per address across
 * accounts (a window), and slows, never blocks, an account under attack from many addresses.
 * Every attempt is counted before the password is checked, so that concurrent guesses cannot slip
 * past a counter with one place left; a successful sign-in then forgets its pair and gives its place
 * back, and an attempt that the server could not decide (database down) gives all back. Counters
 * live in Redis when REDIS_URL is set, so that every instance sees the same throttles, and in this
 * process otherwise.
 */
@Injectable()
export class SignInLimiter implements OnModuleInit, OnModuleDestroy {
  private store: AttemptStore = new MemoryAttemptStore();
  /** Deployments (and test databases) sharing one Redis keep apart by their database's name. */
  private readonly prefix: string;
  readonly rules: ThrottleRules;

  constructor(
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
    private readonly clock: Clock,
  ) {
    this.prefix = counterPrefix('signin', options.databaseUrl);
    this.rules = { ...SIGN_IN_RULES, slowAfter: options.loginFailuresPerAccount, addressLimit: options.loginLimitPerMinute };
  }

  async onModuleInit(): Promise<void> {
    if (this.options.config.redisUrl) this.store = await RedisAttemptStore.connect(this.options.config.redisUrl, `${this.prefix}:index`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.store.close();
  }

  /** Counts an attempt for `username` from `address`, or throws SignInLockedException. */
  async begin(username: string, address: string): Promise<SignInAttempt> {
    const name = username.trim().toLowerCase();
    const from = addressKey(address);
    const [account, counter] = [this.accountKey(name), this.addressCounter(from)];
    const attempt = { pair: pairKey(account, counter), account, address: counter, username: name, from };
    const waitMs = await this.store.take(attempt, this.rules, this.now());
    if (waitMs > 0) throw new SignInLockedException(Math.ceil(waitMs / 1000));
    return attempt;
  }

  /** The password was wrong (or the account is disabled): what the owner should be told, once per window. */
  failed(a: SignInAttempt): Promise<FailureReport | null> {
    return this.store.settle(a, 'failed', this.rules, this.now());
  }

  /** The password was right: this address starts afresh on this account. */
  async succeeded(a: SignInAttempt): Promise<void> {
    await this.store.settle(a, 'succeeded', this.rules, this.now());
  }

  /** Nothing was decided (the database failed): the attempt does not count. */
  async undecided(a: SignInAttempt): Promise<void> {
    await this.store.settle(a, 'undecided', this.rules, this.now());
  }

  /** The throttles now, those that make someone wait first. */
  list(): Promise<ThrottleEntry[]> {
    return this.store.list(this.rules, this.now());
  }

  /** Clears the throttles of an account (on every address) and/or of an address (on every account). */
  clear(which: { username?: string; address?: string }): Promise<number> {
    return this.store.clear(
      {
        ...(which.username ? { account: this.accountKey(which.username.trim().toLowerCase()) } : {}),
        ...(which.address ? { address: this.addressCounter(addressKey(which.address)) } : {}),
      },
      this.now(),
    );
  }

  private accountKey(name: string) {
    return `${this.prefix}:account:${accountHash(name)}`;
  }

  private addressCounter(from: string) {
    return `${this.prefix}:address:${from}`;
  }

  private now() {
    return this.clock.now().getTime();
  }
}

/** Usernames are compared trimmed and lower-cased; hashed to keep keys short and plain. */
const accountHash = (name: string) => createHash('sha256').update(name).digest('base64url').slice(0, 32);

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
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
