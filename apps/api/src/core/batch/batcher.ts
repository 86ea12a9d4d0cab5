import { Logger } from '@nestjs/common';

interface Pending<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
}

/** How much a Batcher takes on: waits are bounded by what it holds and by each caller's own deadline. */
export interface TBatcherLimits {
  /** Items in a batch at most. */
  max?: number;
  /** Items waiting at most: beyond, `push` refuses at once with `full()`. */
  maxQueued?: number;
  /** The error a refused push rejects with. */
  full?: () => Error;
  /**
   * An error that would fail every item alike (the database timed out or is down): the batch
   * fails whole instead of item by item, which would wait that long once per item.
   */
  failsAll?: (err: unknown) => boolean;
}

/**
 * Group commit: an item pushed while no batch is in flight runs at once, alone; items pushed
 * meanwhile wait for it and then run together as ONE call of `run` (at most `max` at a time).
 * A quiet service sees no added wait; under load N round trips become one. Each item's answer
 * reflects the database no earlier than when it was pushed. When a batch fails, its items run
 * one by one, so one bad item cannot fail its neighbours (unless `failsAll` says the error is not
 * the items'). A push with a signal is answered with the signal's reason once it aborts, and is left
 * out of any batch not yet begun: nobody waits past their deadline, and nobody's abandoned work runs.
 */
export class Batcher<I, O> {
  private readonly logger = new Logger(Batcher.name);
  private queue: Pending<I, O>[] = [];
  private flushing = false;

  /** `run` answers for every item, in order: its result at index i belongs to items[i]. */
  constructor(
    private readonly name: string,
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly limits: TBatcherLimits = {},
  ) {}

  push(item: I, signal?: AbortSignal): Promise<O> {
    if (this.limits.maxQueued !== undefined && this.queue.length >= this.limits.maxQueued) {
      return Promise.reject(this.limits.full?.() ?? new Error(`${this.name}: ${this.queue.length} items waiting already`));
    }
    return new Promise<O>((resolve, reject) => {
      const gaveUp = () => reject(signal?.reason instanceof Error ? signal.reason : new Error(`${this.name}: the caller gave up`));
      if (signal?.aborted) return gaveUp();
      signal?.addEventListener('abort', gaveUp, { once: true });
      this.queue.push({ item, resolve, reject, signal });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        // Those whose caller gave up were answered already: their work is not begun.
        const batch = this.queue.splice(0, this.limits.max ?? 500).filter((p) => !p.signal?.aborted);
        if (batch.length === 0) continue;
        try {
          this.settle(batch, await this.run(batch.map((p) => p.item)));
        } catch (err) {
          if (batch.length === 1 || this.limits.failsAll?.(err)) {
            for (const p of batch) p.reject(err);
            continue;
          }
          this.logger.warn(`${this.name}: batch of ${batch.length} failed (${(err as Error).message}); running them one by one`);
          for (const p of batch) {
            try {
              this.settle([p], await this.run([p.item]));
            } catch (e) {
              p.reject(e);
            }
          }
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private settle(batch: Pending<I, O>[], results: O[]): void {
    batch.forEach((p, i) =>
      i < results.length ? p.resolve(results[i] as O) : p.reject(new Error(`${this.name}: no result for item ${i}`)),
    );
  }
}
