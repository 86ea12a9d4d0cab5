import { describe, expect, it } from 'vitest';
import { attemptStoreCases } from '../../../test/attempt-store-cases.js';
import { backoffMs, MemoryAttemptStore } from './attempt-store.js';
import { addressKey } from './sign-in-limiter.js';

describe('the backoff of one address on one account', () => {
  const rules = { baseDelayMs: 1_000, maxDelayMs: 15 * 60_000 };
  it('is nothing for the free failures, then 1 s doubling with each failure up to its cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffMs(n, 5, rules))).toEqual([0, 0, 0, 0, 1_000, 2_000, 4_000, 8_000]);
    expect(backoffMs(14, 5, rules)).toBe(512_000);
    expect(backoffMs(15, 5, rules)).toBe(15 * 60_000);
    expect(backoffMs(10_000, 5, rules)).toBe(15 * 60_000);
    // Under attack: one free failure.
    expect([1, 2, 3].map((n) => backoffMs(n, 1, rules))).toEqual([1_000, 2_000, 4_000]);
  });
});

describe('throttling sign-ins in this process', () => {
  attemptStoreCases(() => Promise.resolve(new MemoryAttemptStore()));
});

describe('the address an attempt is counted for', () => {
  it('is an IPv4 address as it is, also when mapped into IPv6', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('is the /64 network of an IPv6 address, however it is written', () => {
    expect(addressKey('2001:db8:0:12:1:2:3:4')).toBe('2001:db8:0:12::/64');
    expect(addressKey('2001:0db8:0000:0012:ffff::1')).toBe('2001:db8:0:12::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});
