import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Refresher } from '../src/wall/refresher';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A fetch that stays in flight until the test lets it finish. */
function gatedRun() {
  const calls: (() => void)[] = [];
  const run = () => new Promise<void>((resolve) => calls.push(resolve));
  return { run, calls, finish: async (i: number) => (calls[i]!(), await vi.advanceTimersByTimeAsync(0)) };
}

describe('the refresher', () => {
  it('runs at once when idle, and a burst during a run becomes exactly one more run', async () => {
    const g = gatedRun();
    const r = new Refresher(g.run, 1_000, () => Date.now());
    r.request();
    expect(g.calls).toHaveLength(1);
    for (let i = 0; i < 50; i++) r.request();
    expect(g.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_000);
    await g.finish(0);
    expect(g.calls).toHaveLength(2);
    await g.finish(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(g.calls).toHaveLength(2);
  });

  it('waits out the gap after a run before the next, then runs once', async () => {
    const g = gatedRun();
    const r = new Refresher(g.run, 1_000, () => Date.now());
    r.request();
    await g.finish(0);
    r.request();
    r.request();
    expect(g.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(g.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(g.calls).toHaveLength(2);
  });

  it('keeps going after a failed run', async () => {
    let n = 0;
    const r = new Refresher(
      () => (++n === 1 ? Promise.reject(new Error('offline')) : Promise.resolve()),
      0,
      () => Date.now(),
    );
    r.request();
    await vi.advanceTimersByTimeAsync(0);
    r.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(n).toBe(2);
  });
});
