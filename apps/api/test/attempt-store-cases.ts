import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { type AttemptKeys, type AttemptStore, pairKey, type ThrottleRules } from '../src/modules/auth/attempt-store.js';

/** Small numbers: 3 free failures per pair, waits of 1 s doubling up to 8 s, an account under attack at 6 failures. */
export const RULES: ThrottleRules = {
  pairFree: 3,
  slowFree: 1,
  slowAfter: 6,
  baseDelayMs: 1_000,
  maxDelayMs: 8_000,
  pairKeepMs: 60_000,
  accountWindowMs: 600_000,
  addressLimit: 10,
  addressWindowMs: 60_000,
};
const T0 = Date.parse('2026-12-07T02:00:00Z');

/**
 * The arithmetic of throttling sign-ins, run against each store (MemoryAttemptStore in the unit
 * test, RedisAttemptStore's Lua on a real Redis in attempt-store.int-spec.ts): both must agree.
 */
export function attemptStoreCases(open: (index: string) => Promise<AttemptStore>) {
  /** Keys as SignInLimiter makes them, under a prefix of this test's own. */
  function keysOf(prefix: string, username: string, from: string): AttemptKeys {
    const account = `${prefix}:account:${username}`;
    const address = `${prefix}:address:${from}`;
    return { pair: pairKey(account, address), account, address, username, from };
  }

  async function setup() {
    const prefix = `lw:test:${randomUUID()}`;
    const store = await open(`${prefix}:index`);
    let now = T0;
    const keys = (username: string, from: string) => keysOf(prefix, username, from);
    /** One attempt that fails: the wait it met (0: it was checked and failed). */
    const fail = async (k: AttemptKeys, rules = RULES) => {
      const wait = await store.take(k, rules, now);
      if (wait === 0) await store.settle(k, 'failed', rules, now);
      return wait;
    };
    return { store, keys, fail, advance: (ms: number) => (now += ms), now: () => now, prefix };
  }

  it('lets one address fail on one account 3 times, then makes it wait 1 s, 2 s, 4 s, 8 s, 8 s between tries', async () => {
    const { store, keys, fail, advance } = await setup();
    const rules = { ...RULES, slowAfter: 100 };
    const k = keys('staff', '198.51.100.1');
    try {
      for (let i = 0; i < 3; i++) expect(await fail(k, rules)).toBe(0);
      for (const wait of [1_000, 2_000, 4_000, 8_000, 8_000]) {
        expect(await fail(k, rules)).toBe(wait);
        advance(wait - 1);
        expect(await fail(k, rules)).toBe(1);
        advance(1);
        expect(await fail(k, rules)).toBe(0);
      }
    } finally {
      await store.close();
    }
  });

  it('never stops another address on that account; under attack, every new address gets one free failure then waits, and its success forgets it', async () => {
    const { store, keys, fail, advance } = await setup();
    try {
      // Six addresses, one failure each: the account is under attack, no address waits yet.
      for (let i = 1; i <= 6; i++) expect(await fail(keys('staff', `203.0.113.${i}`))).toBe(0);
      // The owner at the desk, with the right password, the account under attack.
      const desk = keys('staff', '192.0.2.10');
      expect(await store.take(desk, RULES, T0)).toBe(0);
      await store.settle(desk, 'succeeded', RULES, T0);
      expect(await store.take(desk, RULES, T0)).toBe(0);
      await store.settle(desk, 'succeeded', RULES, T0);
      // A new address guessing: one failure, then 1 s, then 2 s.
      const second = keys('staff', '203.0.113.10');
      expect(await fail(second)).toBe(0);
      expect(await fail(second)).toBe(1_000);
      advance(1_000);
      expect(await fail(second)).toBe(0);
      expect(await fail(second)).toBe(2_000);
    } finally {
      await store.close();
    }
  });

  it('stops one address after 10 attempts a minute on any accounts, counting only failures, without touching other addresses', async () => {
    const { store, keys, fail, advance } = await setup();
    try {
      const ok = keys('organizer', '203.0.113.5');
      expect(await store.take(ok, RULES, T0)).toBe(0);
      await store.settle(ok, 'succeeded', RULES, T0);
      for (let i = 0; i < 10; i++) expect(await fail(keys(`sprayed-${i}`, '203.0.113.5'))).toBe(0);
      advance(10_000);
      expect(await fail(keys('organizer', '203.0.113.5'))).toBe(50_000);
      expect(await fail(keys('organizer', '203.0.113.6'))).toBe(0);
      advance(50_000);
      expect(await store.take(ok, RULES, T0 + 60_000)).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('gives an undecided attempt back: no wait, nothing counted', async () => {
    const { store, keys, fail, now } = await setup();
    try {
      const k = keys('staff', '198.51.100.7');
      for (let i = 0; i < 2; i++) await fail(k);
      expect(await store.take(k, RULES, now())).toBe(0);
      await store.settle(k, 'undecided', RULES, now());
      // Still the third failure free, and only then the wait.
      expect(await fail(k)).toBe(0);
      expect(await fail(k)).toBe(1_000);
    } finally {
      await store.close();
    }
  });

  it('tells the owner once per window, when the account reaches 6 failures, naming its addresses newest first', async () => {
    const { store, keys, now, advance } = await setup();
    try {
      const reports = [];
      for (let i = 1; i <= 8; i++) {
        const k = keys('organizer', `198.51.100.${i}`);
        expect(await store.take(k, RULES, now())).toBe(0);
        reports.push(await store.settle(k, 'failed', RULES, now()));
        advance(1_000);
      }
      expect(reports.map((r) => r?.failures)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(reports.map((r) => !!r?.notice)).toEqual([false, false, false, false, false, true, false, false]);
      expect(reports[5]!.notice).toEqual({
        since: T0,
        addresses: [6, 5, 4, 3, 2, 1].map((i) => ({ address: `198.51.100.${i}`, at: T0 + (i - 1) * 1_000 })),
      });
      advance(RULES.accountWindowMs);
      const again = [];
      for (let i = 0; i < 6; i++) {
        const k = keys('organizer', `198.51.100.${100 + i}`);
        await store.take(k, RULES, now());
        again.push(await store.settle(k, 'failed', RULES, now()));
      }
      expect(again[5]?.notice?.since).toBe(now());
    } finally {
      await store.close();
    }
  });

  it('lists the throttles, those that make someone wait first, and clears them by account or by address', async () => {
    const { store, keys, fail, now } = await setup();
    try {
      for (let i = 0; i < 3; i++) await fail(keys('staff', '203.0.113.9'));
      for (let i = 1; i <= 3; i++) await fail(keys('staff', `203.0.113.${i}`));
      await fail(keys('approver', '203.0.113.9'));
      await fail(keys('approver', '192.0.2.1'));
      const mine = (await store.list(RULES, now())).filter(
        (e) => e.username === 'staff' || e.username === 'approver' || e.address === '203.0.113.9',
      );
      expect(mine[0]).toEqual({
        kind: 'pair',
        username: 'staff',
        address: '203.0.113.9',
        failures: 3,
        until: now() + 1_000,
        slowed: false,
      });
      expect(mine).toHaveLength(9);
      expect(mine).toEqual(
        expect.arrayContaining([
          { kind: 'account', username: 'staff', address: null, failures: 6, until: null, slowed: true },
          { kind: 'pair', username: 'staff', address: '203.0.113.2', failures: 1, until: null, slowed: false },
          { kind: 'account', username: 'approver', address: null, failures: 2, until: null, slowed: false },
          { kind: 'address', username: null, address: '203.0.113.9', failures: 4, until: null, slowed: false },
          { kind: 'pair', username: 'approver', address: '192.0.2.1', failures: 1, until: null, slowed: false },
        ]),
      );
      const staff = keys('staff', '203.0.113.9');
      // The account, its 4 pairs (and, in Redis, the addresses kept for its owner's notice).
      expect(await store.clear({ account: staff.account }, now())).toBeGreaterThanOrEqual(5);
      expect(await store.take(staff, RULES, now())).toBe(0);
      await store.settle(staff, 'succeeded', RULES, now());
      expect(await store.clear({ address: staff.address }, now())).toBe(2);
      const left = (await store.list(RULES, now())).filter((e) => e.username === 'staff' || e.address === '203.0.113.9');
      expect(left).toEqual([]);
      expect(
        (await store.list(RULES, now()))
          .filter((e) => e.username === 'approver')
          .map((e) => `${e.kind} ${e.address}`)
          .sort(),
      ).toEqual(['account null', 'pair 192.0.2.1']);
    } finally {
      await store.close();
    }
  });

  it('ends a wait further ahead than the longest one, as after the clock was set back', async () => {
    const { store, keys, fail, advance } = await setup();
    const rules = { ...RULES, slowAfter: 100 };
    try {
      const k = keys('staff', '198.51.100.20');
      for (let i = 0; i < 4; i++) await fail(k, rules);
      expect(await fail(k, rules)).toBeGreaterThan(0);
      advance(-3_600_000);
      expect(await fail(k, rules)).toBe(0);
    } finally {
      await store.close();
    }
  });
}
