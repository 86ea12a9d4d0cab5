import { describe, expect, it } from 'vitest';
import { MemoryAttemptStore } from './attempt-store.js';
import { addressKey } from './sign-in-limiter.js';

describe('counting sign-in attempts in this process', () => {
  const account = { key: 'account', limit: 3, windowMs: 60_000 };
  const address = { key: 'address', limit: 5, windowMs: 10_000 };

  it('counts on every counter until one is full, then answers the wait and counts nothing', async () => {
    const s = new MemoryAttemptStore();
    for (let i = 0; i < 3; i++) expect(await s.take([account, address], 1_000 + i)).toBe(0);
    expect(await s.take([account, address], 2_000)).toBe(59_000);
    // The address kept its 3: two more fit for another account.
    expect(await s.take([{ ...account, key: 'other' }, address], 2_000)).toBe(0);
    expect(await s.take([{ ...account, key: 'other' }, address], 2_000)).toBe(0);
    expect(await s.take([{ ...account, key: 'third' }, address], 2_000)).toBe(9_000);
  });

  it('starts a window again when it ends, or when the clock was set back', async () => {
    const s = new MemoryAttemptStore();
    for (let i = 0; i < 3; i++) await s.take([account], 0);
    expect(await s.take([account], 59_999)).toBe(1);
    expect(await s.take([account], 60_000)).toBe(0);
    for (let i = 0; i < 2; i++) await s.take([account], 60_000);
    expect(await s.take([account], 60_000)).toBeGreaterThan(0);
    expect(await s.take([account], -1_000_000)).toBe(0);
  });

  it('empties the reset counters and gives one attempt back to the others', async () => {
    const s = new MemoryAttemptStore();
    for (let i = 0; i < 3; i++) await s.take([account, address], 0);
    await s.settle({ reset: ['account'], giveBack: ['address'] }, 0);
    for (let i = 0; i < 3; i++) expect(await s.take([account], 0)).toBe(0);
    // address: 3 - 1 = 2 counted, so 3 more fit.
    for (let i = 0; i < 3; i++) expect(await s.take([address], 0)).toBe(0);
    expect(await s.take([address], 0)).toBe(10_000);
  });
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
