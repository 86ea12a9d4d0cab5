/** Latencies are counted up to a minute; above, they count as a minute. */
export const MAX_MS = 60_000;
/** Histogram bounds for the report's chart (ms); the last bucket takes everything above, up to a minute. */
const CHART_BOUNDS = [10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, Number.POSITIVE_INFINITY];

/** A histogram as it crosses between threads (structured clone keeps the data, not the class). */
export interface THistogramData {
  stepMs: number;
  counts: Uint32Array;
  n: number;
  max: number;
}

/**
 * Latencies in buckets of `stepMs` up to a minute: exact percentiles (to the bucket) without keeping
 * millions of samples, and mergeable across the generator's threads (the counts travel as a
 * transferable Uint32Array).
 */
export class Histogram implements THistogramData {
  readonly counts: Uint32Array;
  n = 0;
  max = 0;

  constructor(readonly stepMs = 1) {
    this.counts = new Uint32Array(Math.floor(MAX_MS / stepMs) + 1);
  }

  add(ms: number): void {
    const v = Math.max(0, Math.min(MAX_MS, ms));
    const i = Math.round(v / this.stepMs);
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.n += 1;
    if (ms > this.max) this.max = ms;
  }

  merge(other: THistogramData): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += other.counts[i] ?? 0;
    this.n += other.n;
    this.max = Math.max(this.max, other.max);
  }

  quantile(q: number): number {
    if (this.n === 0) return 0;
    const rank = Math.ceil(q * this.n);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return i * this.stepMs;
    }
    return MAX_MS;
  }

  chart(): { upToMs: number; count: number }[] {
    let from = 0;
    return CHART_BOUNDS.map((bound) => {
      let count = 0;
      const to = Math.min(MAX_MS, Number.isFinite(bound) ? bound : MAX_MS);
      for (let ms = from; ms <= to; ms += this.stepMs) count += this.counts[Math.round(ms / this.stepMs)]!;
      from = to + this.stepMs;
      return { upToMs: to, count };
    });
  }
}
