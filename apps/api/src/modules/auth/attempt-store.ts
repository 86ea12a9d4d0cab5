import { SharedCounters } from '../../core/redis/shared-counters.js';

/** How sign-in attempts are throttled (docs/PRODUCT.md §6, sign-in protection). Times in ms. */
export interface ThrottleRules {
  /** Failures one address may make on one account before each further one waits (backoff). */
  pairFree: number;
  /** The same while the account is under attack (`slowAfter` failures in its window): fewer. */
  slowFree: number;
  /** Failures of the account, from anywhere, that make it "under attack" (and tell its owner). */
  slowAfter: number;
  /** The first wait of the backoff; each further failure doubles it, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a pair is remembered after its last wait ends. */
  pairKeepMs: number;
  /** The window of an account's failures (from its first). */
  accountWindowMs: number;
  /** Failures one address may make in `addressWindowMs`, whatever the accounts (spraying): then it waits. */
  addressLimit: number;
  addressWindowMs: number;
}

/**
 * The wait after the `failures`-th failure of one address on one account: none for the first
 * `free - 1`, then `base`, doubling with each further one up to `max`.
 */
export function backoffMs(failures: number, free: number, r: Pick<ThrottleRules, 'baseDelayMs' | 'maxDelayMs'>): number {
  if (failures < free) return 0;
  return Math.min(r.baseDelayMs * 2 ** Math.min(failures - free, 40), r.maxDelayMs);
}

/** One attempt: the keys of its counters and what they are about. */
export interface AttemptKeys {
  /** This account from this address. */
  pair: string;
  /** This account from anywhere. */
  account: string;
  /** This address, whatever the account. */
  address: string;
  /** The account as typed (trimmed, lower-cased) and the address (its /64 for IPv6): shown to the organiser. */
  username: string;
  from: string;
}

export type AttemptOutcome = 'failed' | 'succeeded' | 'undecided';

/** After a failure: the account's failures in its window, and when it has just become "under attack", what to tell its owner. */
export interface FailureReport {
  failures: number;
  /** Set once per account window, the first time its failures reach `slowAfter`. */
  notice?: { since: number; addresses: { address: string; at: number }[] };
}

/** A throttle as the organiser sees it. `until`: when its wait ends (null: it only counts, or only slows). */
export interface ThrottleEntry {
  kind: 'pair' | 'account' | 'address';
  username: string | null;
  address: string | null;
  failures: number;
  until: number | null;
  slowed: boolean;
}

/** The addresses remembered per account for its owner's notice. */
const NOTICE_ADDRESSES = 10;
/** The most throttles listed. */
export const LIST_MAX = 200;

/**
 * Where sign-in attempts are counted. Times are the service's clock (ms), so that windows move
 * with the injected clock in tests.
 */
export interface AttemptStore {
  /**
   * Counts one attempt on the pair, the account and the address, unless the pair is in its wait or
   * the address is full: then nothing is counted and the answer is the wait (ms). 0: counted.
   * Atomic, so that concurrent attempts cannot all pass a counter that has one place left.
   */
  take(keys: AttemptKeys, rules: ThrottleRules, now: number): Promise<number>;
  /**
   * After the password was checked. Succeeded: the pair is forgotten, account and address get
   * their attempt back. Undecided (the database failed): all three get it back, the pair's wait
   * ends. Failed: the attempt stays counted, the address is remembered for the owner's notice.
   */
  settle(keys: AttemptKeys, outcome: AttemptOutcome, rules: ThrottleRules, now: number): Promise<FailureReport | null>;
  /** The counters with failures now, those that make someone wait first (at most LIST_MAX). */
  list(rules: ThrottleRules, now: number): Promise<ThrottleEntry[]>;
  /** Empties the counters of an account (pairs included) or of an address (its pairs included); how many. */
  clear(which: { account?: string; address?: string }, now: number): Promise<number>;
  close(): Promise<void>;
}

interface PairState {
  n: number;
  until: number;
  expires: number;
  username: string;
  from: string;
}
interface WindowState {
  n: number;
  resetAt: number;
  label: string;
  noticed?: boolean;
  addresses?: Map<string, number>;
}

const byUrgency = (a: ThrottleEntry, b: ThrottleEntry) => (b.until ?? 0) - (a.until ?? 0) || b.failures - a.failures;

/** This process only: when no Redis is configured (one instance), and while Redis cannot answer. */
export class MemoryAttemptStore implements AttemptStore {
  private readonly pairs = new Map<string, PairState>();
  private readonly accounts = new Map<string, WindowState>();
  private readonly addresses = new Map<string, WindowState>();

  take(k: AttemptKeys, r: ThrottleRules, now: number): Promise<number> {
    if (this.pairs.size > 50_000) this.sweep(now);
    const pair = this.pairState(k, r, now);
    const account = windowState(this.accounts.get(k.account), r.accountWindowMs, now, k.username);
    const address = windowState(this.addresses.get(k.address), r.addressWindowMs, now, k.from);
    const wait = Math.max(pair.until - now, address.n >= r.addressLimit ? address.resetAt - now : 0, 0);
    if (wait > 0) return Promise.resolve(wait);
    const n = pair.n + 1;
    const delay = backoffMs(n, account.n >= r.slowAfter ? r.slowFree : r.pairFree, r);
    this.pairs.set(k.pair, { n, until: now + delay, expires: now + delay + r.pairKeepMs, username: k.username, from: k.from });
    this.accounts.set(k.account, { ...account, n: account.n + 1 });
    this.addresses.set(k.address, { ...address, n: address.n + 1 });
    return Promise.resolve(0);
  }

  settle(k: AttemptKeys, outcome: AttemptOutcome, r: ThrottleRules, now: number): Promise<FailureReport | null> {
    const account = this.accounts.get(k.account);
    if (outcome !== 'failed') {
      const pair = this.pairs.get(k.pair);
      if (outcome === 'succeeded') this.pairs.delete(k.pair);
      else if (pair) this.pairs.set(k.pair, { ...pair, n: Math.max(0, pair.n - 1), until: now });
      for (const w of [account, this.addresses.get(k.address)]) if (w && w.resetAt > now && w.n > 0) w.n -= 1;
      return Promise.resolve(null);
    }
    if (!account || account.resetAt <= now) return Promise.resolve({ failures: 0 });
    const seen = (account.addresses ??= new Map<string, number>());
    seen.delete(k.from);
    seen.set(k.from, now);
    if (seen.size > NOTICE_ADDRESSES) seen.delete(seen.keys().next().value!);
    if (account.n < r.slowAfter || account.noticed) return Promise.resolve({ failures: account.n });
    account.noticed = true;
    const addresses = [...seen].map(([address, at]) => ({ address, at })).reverse();
    return Promise.resolve({ failures: account.n, notice: { since: account.resetAt - r.accountWindowMs, addresses } });
  }

  list(r: ThrottleRules, now: number): Promise<ThrottleEntry[]> {
    this.sweep(now);
    const entries: ThrottleEntry[] = [
      ...[...this.pairs.values()].map((p): ThrottleEntry => ({
        kind: 'pair',
        username: p.username,
        address: p.from,
        failures: p.n,
        until: p.until > now ? p.until : null,
        slowed: false,
      })),
      ...[...this.accounts.values()].map((a): ThrottleEntry => ({
        kind: 'account',
        username: a.label,
        address: null,
        failures: a.n,
        until: null,
        slowed: a.n >= r.slowAfter,
      })),
      ...[...this.addresses.values()].map((a): ThrottleEntry => ({
        kind: 'address',
        username: null,
        address: a.label,
        failures: a.n,
        until: a.n >= r.addressLimit ? a.resetAt : null,
        slowed: false,
      })),
    ];
    return Promise.resolve(
      entries
        .filter((e) => e.failures > 0)
        .sort(byUrgency)
        .slice(0, LIST_MAX),
    );
  }

  clear(which: { account?: string; address?: string }, now: number): Promise<number> {
    this.sweep(now);
    let n = 0;
    for (const key of this.pairs.keys()) if (pairMatches(key, which)) n += Number(this.pairs.delete(key));
    if (which.account) n += Number(this.accounts.delete(which.account));
    if (which.address) n += Number(this.addresses.delete(which.address));
    return Promise.resolve(n);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private pairState(k: AttemptKeys, r: ThrottleRules, now: number): PairState {
    const p = this.pairs.get(k.pair);
    // Forgotten after its keep time; a wait further ahead than the longest (the clock was set back) ends.
    return p && p.expires > now && p.until <= now + r.maxDelayMs ? p : { n: 0, until: 0, expires: 0, username: k.username, from: k.from };
  }

  private sweep(now: number) {
    for (const [key, p] of this.pairs) if (p.expires <= now) this.pairs.delete(key);
    for (const m of [this.accounts, this.addresses]) for (const [key, w] of m) if (w.resetAt <= now) m.delete(key);
  }
}

/** A window that ended, or that starts further ahead than its length (the clock was set back), begins again. */
function windowState(s: WindowState | undefined, windowMs: number, now: number, label: string): WindowState {
  return s && s.resetAt > now && s.resetAt <= now + windowMs ? s : { n: 0, resetAt: now + windowMs, label };
}

/** A pair key is `<account key>|<address key>`: it belongs to both. */
export const pairKey = (account: string, address: string) => `${account}|${address}`;
const pairMatches = (key: string, which: { account?: string; address?: string }) =>
  (which.account !== undefined && key.startsWith(`${which.account}|`)) ||
  (which.address !== undefined && key.endsWith(`|${which.address}`));

// KEYS: pair, account, address, index, the account's addresses. Pairs are hashes {n, until, user, addr},
// windows {n, resetAt, label, kind}; an account's window that begins again forgets its notice and addresses.
// The same arithmetic as MemoryAttemptStore.take and backoffMs (the unit tests run both).
const TAKE = `
local now = tonumber(ARGV[1])
local free, slowFree, slowAfter = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local base, max, keep = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local accountWindow, limit, addressWindow = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local function window(key, len)
  local v = redis.call('HMGET', key, 'n', 'resetAt')
  local n, r = tonumber(v[1]), tonumber(v[2])
  if n == nil or r == nil or r <= now or r > now + len then return 0, now + len, true end
  return n, r, false
end
local p = redis.call('HMGET', KEYS[1], 'n', 'until')
local pn, pu = tonumber(p[1]) or 0, tonumber(p[2]) or 0
if pu > now + max then pn, pu = 0, 0 end
local an, ar, fresh = window(KEYS[2], accountWindow)
local dn, dr = window(KEYS[3], addressWindow)
local wait = 0
if pu > now then wait = pu - now end
if dn >= limit and dr - now > wait then wait = dr - now end
if wait > 0 then return wait end
if an >= slowAfter then free = slowFree end
if fresh then redis.call('DEL', KEYS[2], KEYS[5]) end
pn = pn + 1
local delay = 0
if pn >= free then delay = math.min(base * 2 ^ math.min(pn - free, 40), max) end
redis.call('HSET', KEYS[1], 'n', pn, 'until', now + delay, 'user', ARGV[11], 'addr', ARGV[12])
redis.call('PEXPIRE', KEYS[1], delay + keep)
redis.call('HSET', KEYS[2], 'n', an + 1, 'resetAt', ar, 'label', ARGV[11], 'kind', 'account')
redis.call('PEXPIRE', KEYS[2], ar - now)
redis.call('HSET', KEYS[3], 'n', dn + 1, 'resetAt', dr, 'label', ARGV[12], 'kind', 'address')
redis.call('PEXPIRE', KEYS[3], dr - now)
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
redis.call('ZADD', KEYS[4], now + delay + keep, KEYS[1], ar, KEYS[2], dr, KEYS[3])
return 0`;

// KEYS: pair, account, address, the account's addresses (a sorted set by time), index.
// ARGV: now, outcome, slowAfter, the address, how many addresses to keep, the account window.
// Answers {failures, noticed (0/1), since, address, at, address, at…}.
const SETTLE = `
local now, outcome = tonumber(ARGV[1]), ARGV[2]
local function giveBack(key)
  local v = redis.call('HMGET', key, 'n', 'resetAt')
  local n, r = tonumber(v[1]), tonumber(v[2])
  if n ~= nil and r ~= nil and r > now and n > 0 then redis.call('HSET', key, 'n', n - 1) end
end
if outcome ~= 'failed' then
  if outcome == 'succeeded' then
    redis.call('DEL', KEYS[1])
    redis.call('ZREM', KEYS[5], KEYS[1])
  elseif redis.call('EXISTS', KEYS[1]) == 1 then
    local n = tonumber(redis.call('HGET', KEYS[1], 'n')) or 1
    redis.call('HSET', KEYS[1], 'n', math.max(0, n - 1), 'until', now)
  end
  giveBack(KEYS[2])
  giveBack(KEYS[3])
  return {}
end
local v = redis.call('HMGET', KEYS[2], 'n', 'resetAt')
local n, r = tonumber(v[1]), tonumber(v[2])
if n == nil or r == nil or r <= now then return {0, 0} end
redis.call('ZADD', KEYS[4], now, ARGV[4])
redis.call('ZREMRANGEBYRANK', KEYS[4], 0, -tonumber(ARGV[5]) - 1)
redis.call('PEXPIRE', KEYS[4], r - now)
if n < tonumber(ARGV[3]) or redis.call('HSETNX', KEYS[2], 'noticed', 1) == 0 then return {n, 0} end
local out = {n, 1, r - tonumber(ARGV[6])}
local seen = redis.call('ZREVRANGE', KEYS[4], 0, -1, 'WITHSCORES')
for i = 1, #seen do out[#out + 1] = seen[i] end
return out`;

const seenKey = (k: Pick<AttemptKeys, 'account'>) => `${k.account}:seen`;

/**
 * Shared by every instance through Redis (REDIS_URL): a throttle made on one holds on all, and the
 * organiser sees and clears them from any. While Redis cannot answer, counting goes on in this
 * process (SharedCounters, core/redis: a warning is logged) rather than refusing every sign-in or
 * letting every attempt through.
 */
export class RedisAttemptStore implements AttemptStore {
  private readonly fallback = new MemoryAttemptStore();

  private constructor(
    private readonly counters: SharedCounters,
    /** The index of every counter (a sorted set by expiry): for the organiser's list and clearing. */
    private readonly index: string,
  ) {}

  static async connect(url: string, index: string): Promise<RedisAttemptStore> {
    return new RedisAttemptStore(await new SharedCounters(url, { context: 'sign-in', counts: 'sign-in attempts' }).connect(), index);
  }

  take(k: AttemptKeys, r: ThrottleRules, now: number): Promise<number> {
    const args = [
      now,
      r.pairFree,
      r.slowFree,
      r.slowAfter,
      r.baseDelayMs,
      r.maxDelayMs,
      r.pairKeepMs,
      r.accountWindowMs,
      r.addressLimit,
      r.addressWindowMs,
      k.username,
      k.from,
    ];
    return this.counters.run(
      async (redis) => Number(await redis.eval(TAKE, 5, k.pair, k.account, k.address, this.index, seenKey(k), ...args)),
      () => this.fallback.take(k, r, now),
    );
  }

  async settle(k: AttemptKeys, outcome: AttemptOutcome, r: ThrottleRules, now: number): Promise<FailureReport | null> {
    // What was counted here while Redis was away is settled here too.
    const local = await this.fallback.settle(k, outcome, r, now);
    return this.counters.run(
      async (redis) => {
        const out = (await redis.eval(
          SETTLE,
          5,
          k.pair,
          k.account,
          k.address,
          seenKey(k),
          this.index,
          now,
          outcome,
          r.slowAfter,
          k.from,
          NOTICE_ADDRESSES,
          r.accountWindowMs,
        )) as (string | number)[];
        if (outcome !== 'failed') return null;
        const [failures, noticed, since, ...seen] = out;
        if (Number(noticed) !== 1) return local?.notice ? local : { failures: Number(failures) };
        const addresses = Array.from({ length: seen.length / 2 }, (_, i) => ({
          address: String(seen[2 * i]),
          at: Number(seen[2 * i + 1]),
        }));
        return { failures: Number(failures), notice: { since: Number(since), addresses } };
      },
      () => local,
    );
  }

  async list(r: ThrottleRules, now: number): Promise<ThrottleEntry[]> {
    const local = await this.fallback.list(r, now);
    return this.counters.run(
      async (redis) => {
        await redis.zremrangebyscore(this.index, '-inf', now);
        const keys = await redis.zrangebyscore(this.index, `(${now}`, '+inf', 'LIMIT', 0, 2 * LIST_MAX);
        const rows = await Promise.all(keys.map((key) => redis.hgetall(key)));
        const entries = keys.flatMap((key, i): ThrottleEntry[] => {
          const h = rows[i]!;
          const n = Number(h.n ?? 0);
          if (!(n > 0)) return [];
          if ('until' in h)
            return [
              {
                kind: 'pair',
                username: h.user ?? null,
                address: h.addr ?? null,
                failures: n,
                until: Number(h.until) > now ? Number(h.until) : null,
                slowed: false,
              },
            ];
          if (h.kind === 'account')
            return [{ kind: 'account', username: h.label ?? null, address: null, failures: n, until: null, slowed: n >= r.slowAfter }];
          return [
            {
              kind: 'address',
              username: null,
              address: h.label ?? null,
              failures: n,
              until: n >= r.addressLimit ? Number(h.resetAt) : null,
              slowed: false,
            },
          ];
        });
        return [...entries, ...local].sort(byUrgency).slice(0, LIST_MAX);
      },
      () => local,
    );
  }

  async clear(which: { account?: string; address?: string }, now: number): Promise<number> {
    const here = await this.fallback.clear(which, now);
    const shared = await this.counters.run(
      async (redis) => {
        const keys = (await redis.zrangebyscore(this.index, `(${now}`, '+inf')).filter(
          (key) => pairMatches(key, which) || key === which.account || key === which.address,
        );
        if (which.account) keys.push(seenKey({ account: which.account }));
        if (keys.length === 0) return 0;
        const n = await redis.del(...keys);
        await redis.zrem(this.index, ...keys);
        return n;
      },
      () => 0,
    );
    return here + shared;
  }

  close(): Promise<void> {
    return this.counters.close();
  }
}
