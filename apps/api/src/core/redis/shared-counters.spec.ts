import { Logger } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { counterPrefix, RETRY_REDIS_MS, SharedCounters } from './shared-counters.js';

afterEach(() => vi.restoreAllMocks());

/** Counters on a Redis that is never connected: `remote` stands in for what Redis would answer. */
function counters() {
  const clock = { t: 1_000 };
  const c = new SharedCounters('redis://127.0.0.1:6379', { context: 'test', counts: 'test hits' }, () => clock.t);
  return { c, clock };
}

describe('shared counters (Redis, else this process)', () => {
  it('counts in Redis while it answers', async () => {
    const { c } = counters();
    expect(
      await c.run(
        async () => 'redis',
        () => 'here',
      ),
    ).toBe('redis');
    c.redis.disconnect();
  });

  it('counts here while Redis fails, says so once, and asks Redis again only after a while', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { c, clock } = counters();
    const remote = vi.fn(async (): Promise<string> => {
      throw new Error('Connection is closed.');
    });
    expect(await c.run(remote, () => 'here')).toBe('here');
    expect(await c.run(remote, () => 'here')).toBe('here');
    // within the wait Redis is not asked (a hung one would cost every call its timeout)
    expect(remote).toHaveBeenCalledTimes(1);
    clock.t += RETRY_REDIS_MS;
    expect(await c.run(remote, () => 'here')).toBe('here');
    expect(remote).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toBe('Redis cannot count test hits (Connection is closed.): counting in this process until it is back');
    // back: Redis again as soon as it is ready
    c.redis.emit('ready');
    expect(
      await c.run(
        async () => 'redis',
        () => 'here',
      ),
    ).toBe('redis');
    c.redis.disconnect();
  });

  it('keeps deployments sharing one Redis apart by their database', () => {
    expect(counterPrefix('signin', 'postgresql://u@db:5432/learnweek_test_1')).toBe('lw:signin:learnweek_test_1');
    expect(counterPrefix('throttle', 'postgresql://u@db:5432')).toBe('lw:throttle:postgres');
    expect(counterPrefix('throttle', 'not a url')).toBe('lw:throttle:postgres');
  });
});
