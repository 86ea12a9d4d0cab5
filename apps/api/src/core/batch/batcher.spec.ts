import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher.js';

/** A `run` whose calls the test settles by hand, recording each batch. */
function manualRun() {
  const calls: { items: number[]; settle: (fail?: boolean) => void }[] = [];
  const run = (items: number[]) =>
    new Promise<number[]>((resolve, reject) => {
      calls.push({ items, settle: (fail) => (fail ? reject(new Error('boom')) : resolve(items.map((n) => n * 10))) });
    });
  return { calls, run };
}

const flushed = () => new Promise((r) => setImmediate(r));

describe('Batcher', () => {
  it('runs a lone item at once and groups the items that arrive while it is in flight', async () => {
    const { calls, run } = manualRun();
    const b = new Batcher('test', run);
    const first = b.push(1);
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    const rest = [b.push(2), b.push(3), b.push(4)];
    expect(calls).toHaveLength(1);
    calls[0]!.settle();
    await flushed();
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4]]);
    calls[1]!.settle();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
  });

  it('caps a batch at max items', async () => {
    const { calls, run } = manualRun();
    const b = new Batcher('test', run, { max: 2 });
    const all = [1, 2, 3, 4, 5].map((n) => b.push(n));
    calls[0]!.settle();
    await flushed();
    calls[1]!.settle();
    await flushed();
    calls[2]!.settle();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('runs a failed batch one by one, so only the bad item fails', async () => {
    const b = new Batcher<number, number>('test', async (items) => {
      if (items.includes(13)) throw new Error(`bad ${items.join(',')}`);
      return items.map((n) => n + 1);
    });
    const [a, bad, c] = await Promise.allSettled([b.push(1), b.push(13), b.push(2)]);
    expect(a).toEqual({ status: 'fulfilled', value: 2 });
    expect(bad).toMatchObject({ status: 'rejected', reason: new Error('bad 13') });
    expect(c).toEqual({ status: 'fulfilled', value: 3 });
  });

  it("refuses a push beyond maxQueued at once, and fails a batch whole on an error that is not the items'", async () => {
    const { calls, run } = manualRun();
    const b = new Batcher('test', run, { maxQueued: 2, full: () => new Error('full'), failsAll: (e) => (e as Error).message === 'boom' });
    const first = b.push(1);
    const queued = [b.push(2), b.push(3)];
    await expect(b.push(4)).rejects.toThrow('full');
    calls[0]!.settle();
    await flushed();
    calls[1]!.settle(true);
    expect(await Promise.allSettled([first, ...queued])).toMatchObject([
      { status: 'fulfilled', value: 10 },
      { status: 'rejected' },
      { status: 'rejected' },
    ]);
    // Not retried one by one: two calls in all.
    expect(calls).toHaveLength(2);
  });

  it('answers a push whose signal aborts with its reason, and leaves it out of the next batch', async () => {
    const { calls, run } = manualRun();
    const b = new Batcher('test', run);
    const first = b.push(1);
    const gaveUp = new AbortController();
    const late = b.push(2, gaveUp.signal);
    const kept = b.push(3);
    gaveUp.abort(new Error('deadline'));
    await expect(late).rejects.toThrow('deadline');
    calls[0]!.settle();
    await flushed();
    expect(calls.map((c) => c.items)).toEqual([[1], [3]]);
    calls[1]!.settle();
    expect(await Promise.all([first, kept])).toEqual([10, 30]);
  });
});
