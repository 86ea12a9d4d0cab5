import { ApiError, type TApi } from '@learnweek/client';
import { ROUTES, type TCreateCheckinRequest } from '@learnweek/contracts';
import { createStore, get, update } from 'idb-keyval';

export interface TQueued {
  body: TCreateCheckinRequest;
  queuedAt: string;
  /** Tries so far that the server or the network could not settle. */
  attempts: number;
}

/** A check-in the server refused for good (not retried): shown to the staff with the reason. */
export interface TRefused {
  body: TCreateCheckinRequest;
  status: number;
  reason: string;
  at: string;
}

/**
 * What one try of a check-in came to:
 * - `done`: the server took it (201 new, 200 the same person or key already in);
 * - `refused`: a definitive answer (400, 403, 404, 409, 422): sending it again cannot help;
 * - `retry`: the network failed, or the server could not take it now (5xx, 429, anything else):
 *   kept and sent again later with the same key; `retryAfterMs` when the server named a wait.
 */
export type TSendResult =
  { kind: 'done'; message: string } | { kind: 'refused'; status: number; message: string } | { kind: 'retry'; retryAfterMs?: number };

const DEFINITIVE = new Set([400, 403, 404, 409, 422]);

/** How an HTTP answer to a check-in is taken by the desk (see TSendResult). */
export function classify(status: number): 'done' | 'refused' | 'retry' {
  if (status === 200 || status === 201) return 'done';
  return DEFINITIVE.has(status) ? 'refused' : 'retry';
}

/**
 * What a try that did not go through comes to: the server's definitive refusal with its reason
 * (the fields' messages when it named them), else a retry — no answer came, or the server could
 * not take it now — after the wait the server named (`Retry-After`, seconds) if it did.
 */
export function failedTry(err: unknown): TSendResult {
  if (!(err instanceof ApiError)) return { kind: 'retry' };
  if (classify(err.status) === 'refused') {
    const detail = err.body.errors?.map((e) => e.message).join('；');
    return { kind: 'refused', status: err.status, message: detail || err.message || `HTTP ${err.status}` };
  }
  return { kind: 'retry', retryAfterMs: err.retryAfter === undefined ? undefined : err.retryAfter * 1000 };
}

/**
 * One try of a check-in at the session, through the API client. On a resident's page (`selfService`)
 * a 401 is a refusal shown as it is: there is no sign-in to renew. The desk keeps the item instead,
 * to be sent after the staff sign in again (the client's `onUnauthorized` has signed the desk out).
 */
export function checkinSender(api: TApi, sessionId: string, selfService: boolean): (body: TCreateCheckinRequest) => Promise<TSendResult> {
  return async (body) => {
    try {
      const r = await api.call(ROUTES.checkin.checkIn, { params: { id: sessionId }, body });
      return { kind: 'done', message: `${body.name}：${r.message}` };
    } catch (err) {
      if (selfService && err instanceof ApiError && err.status === 401) return { kind: 'refused', status: 401, message: err.message };
      return failedTry(err);
    }
  };
}

/** Waits between tries: 1 s doubling to 30 s, or what the server asked for (at most 60 s). */
export function backoffMs(attempts: number, serverAsked?: number): number {
  if (serverAsked !== undefined) return Math.min(serverAsked, 60_000);
  return Math.min(1_000 * 2 ** Math.max(0, attempts - 1), 30_000);
}

/**
 * Where the queue keeps its items: one key read and written as a whole. `update` is atomic (one
 * IndexedDB read-write transaction), so a tap that adds while a flush removes loses neither.
 */
export interface TQueueStore {
  get<T>(key: string): Promise<T | undefined>;
  update<T>(key: string, fn: (old: T | undefined) => T): Promise<void>;
}

/** The desk's IndexedDB (database `learnweek-desk`): it outlives a reload, a closed tab and the network. */
export function indexedDbStore(): TQueueStore {
  const store = createStore('learnweek-desk', 'keyval');
  return {
    get: <T>(key: string) => get<T>(key, store),
    update: <T>(key: string, fn: (old: T | undefined) => T) => update<T>(key, fn, store),
  };
}

/**
 * Staff check-ins waiting to be taken by the server, kept in the phone's IndexedDB. Each carries
 * its idempotency key and the moment of the scan from the moment it was tapped, so sending it
 * again — after a lost answer, a 503, a reload — never counts twice and keeps its time.
 * One flush runs at a time: the timer, a tap and the `online` event share it.
 */
export class CheckinQueue {
  private inFlight: Promise<{ settled: TQueued[]; results: TSendResult[] }> | null = null;
  /** No try before this moment (after a failure: the backoff). */
  private notBefore = 0;
  private readonly refusedKey: string;

  constructor(
    private readonly store: TQueueStore,
    private readonly key: string,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.refusedKey = `${key}.refused`;
  }

  async list(): Promise<TQueued[]> {
    return ((await this.store.get<TQueued[]>(this.key)) ?? []).map((q) => ({ ...q, attempts: q.attempts ?? 0 }));
  }

  /** What the server refused, newest last, until the staff dismiss it. */
  async refused(): Promise<TRefused[]> {
    return (await this.store.get<TRefused[]>(this.refusedKey)) ?? [];
  }

  async dismiss(idempotencyKey: string): Promise<void> {
    await this.store.update<TRefused[]>(this.refusedKey, (old = []) => old.filter((r) => r.body.idempotencyKey !== idempotencyKey));
  }

  async add(body: TCreateCheckinRequest, at: Date): Promise<void> {
    const item: TQueued = { body: { ...body, scannedAt: body.scannedAt ?? at.toISOString() }, queuedAt: at.toISOString(), attempts: 0 };
    await this.store.update<TQueued[]>(this.key, (old = []) => [...old, item]);
    // A new tap is a reason to try now.
    this.wake();
  }

  /**
   * Takes over what an earlier version of the desk queued in localStorage (same keys), once:
   * items it already has (by idempotency key) are not added twice.
   */
  async adopt(legacy: Pick<Storage, 'getItem' | 'removeItem'>): Promise<number> {
    const read = <T>(k: string): T[] => {
      try {
        return JSON.parse(legacy.getItem(k) ?? '[]') as T[];
      } catch {
        return [];
      }
    };
    const items = read<TQueued>(this.key);
    const refused = read<TRefused>(this.refusedKey);
    const merge = <T extends { body: { idempotencyKey: string } }>(old: T[] = [], more: T[]) => {
      const have = new Set(old.map((x) => x.body.idempotencyKey));
      return [...old, ...more.filter((x) => !have.has(x.body.idempotencyKey))];
    };
    if (items.length)
      await this.store.update<TQueued[]>(this.key, (old) =>
        merge(
          old,
          items.map((q) => ({ ...q, attempts: q.attempts ?? 0 })),
        ),
      );
    if (refused.length) await this.store.update<TRefused[]>(this.refusedKey, (old) => merge(old, refused));
    legacy.removeItem(this.key);
    legacy.removeItem(this.refusedKey);
    return items.length;
  }

  /** Tries at the next flush, whatever the backoff (the network just came back). */
  wake(): void {
    this.notBefore = 0;
  }

  /** When the next try may run (0: now). */
  get nextTryAt(): number {
    return this.notBefore;
  }

  /**
   * Sends in order until one cannot be settled now; then waits (backoff) before the next flush
   * tries again. A flush while another runs joins it instead of sending the same items twice.
   */
  flush(send: (body: TCreateCheckinRequest) => Promise<TSendResult>): Promise<{ settled: TQueued[]; results: TSendResult[] }> {
    this.inFlight ??= this.run(send).finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async run(send: (body: TCreateCheckinRequest) => Promise<TSendResult>): Promise<{ settled: TQueued[]; results: TSendResult[] }> {
    const settled: TQueued[] = [];
    const results: TSendResult[] = [];
    if (this.now() < this.notBefore) return { settled, results };
    for (const item of await this.list()) {
      const key = item.body.idempotencyKey;
      const r = await send(item.body);
      if (r.kind === 'retry') {
        const attempts = item.attempts + 1;
        await this.store.update<TQueued[]>(this.key, (old = []) =>
          old.map((x) => (x.body.idempotencyKey === key ? { ...x, attempts } : x)),
        );
        this.notBefore = this.now() + backoffMs(attempts, r.retryAfterMs);
        break;
      }
      this.notBefore = 0;
      settled.push(item);
      results.push(r);
      if (r.kind === 'refused') {
        const refused: TRefused = { body: item.body, status: r.status, reason: r.message, at: new Date(this.now()).toISOString() };
        await this.store.update<TRefused[]>(this.refusedKey, (old = []) => [...old, refused]);
      }
      await this.store.update<TQueued[]>(this.key, (old = []) => old.filter((x) => x.body.idempotencyKey !== key));
    }
    return { settled, results };
  }
}

export { newKey } from './keys';
