/**
 * Runs a fetch on request, at most one at a time and no more often than every `gapMs`: a burst
 * of requests while one runs (or within the gap) becomes one more run after it, never none.
 * The wall asks for its people figure this way after each `checkin.created`.
 */
export class Refresher {
  private running = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly gapMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  request(): void {
    if (this.running || this.timer !== undefined) {
      this.again = true;
      return;
    }
    const wait = this.last + this.gapMs - this.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.start();
      }, wait);
      return;
    }
    this.start();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.again = false;
  }

  private start(): void {
    this.running = true;
    this.again = false;
    this.last = this.now();
    void this.run()
      .catch(() => undefined)
      .finally(() => {
        this.running = false;
        if (this.again) this.request();
      });
  }
}
