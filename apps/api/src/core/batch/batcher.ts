import { Logger } from '@nestjs/common';

interface Pending<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: an item pushed while no batch is in flight runs at once, alone; items pushed
 * meanwhile wait for it and then run together as ONE call of `run` (at most `max` at a time).
 * A quiet service sees no added wait; under load N round trips become one. Each item's answer
 * reflects the database no earlier than when it was pushed. When a batch fails, its items run
 * one by one, so one bad item cannot fail its neighbours.
 */
export class Batcher<I, O> {
  private readonly logger = new Logger(Batcher.name);
  private queue: Pending<I, O>[] = [];
  private flushing = false;

  /** `run` answers for every item, in order: its result at index i belongs to items[i]. */
  constructor(
    private readonly name: string,
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly max = 500,
  ) {}

  push(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.max);
        try {
          this.settle(batch, await this.run(batch.map((p) => p.item)));
        } catch (err) {
          if (batch.length === 1) {
            batch[0]?.reject(err);
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
    batch.forEach((p, i) => (i < results.length ? p.resolve(results[i] as O) : p.reject(new Error(`${this.name}: no result for item ${i}`))));
  }
}
