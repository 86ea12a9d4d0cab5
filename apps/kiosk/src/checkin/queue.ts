import type { TCreateCheckinRequest } from '@learnweek/contracts';

export interface TQueued {
  body: TCreateCheckinRequest;
  queuedAt: string;
}

export type TSendResult = { kind: 'done'; message: string } | { kind: 'rejected'; message: string } | { kind: 'offline' };

/**
 * Staff check-ins waiting for the network, kept in the phone's storage. Each carries its
 * idempotency key from the moment it was tapped, so sending it twice never counts twice.
 */
export class CheckinQueue {
  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'>,
    private readonly key: string,
  ) {}

  list(): TQueued[] {
    return JSON.parse(this.storage.getItem(this.key) ?? '[]') as TQueued[];
  }

  add(body: TCreateCheckinRequest, at: Date): void {
    this.save([...this.list(), { body, queuedAt: at.toISOString() }]);
  }

  /** Sends in order until the network fails again; returns what was settled. */
  async flush(send: (body: TCreateCheckinRequest) => Promise<TSendResult>): Promise<{ settled: TQueued[]; results: TSendResult[] }> {
    const settled: TQueued[] = [];
    const results: TSendResult[] = [];
    for (const item of this.list()) {
      const r = await send(item.body);
      if (r.kind === 'offline') break;
      settled.push(item);
      results.push(r);
      this.save(this.list().filter((x) => x.body.idempotencyKey !== item.body.idempotencyKey));
    }
    return { settled, results };
  }

  private save(items: TQueued[]): void {
    this.storage.setItem(this.key, JSON.stringify(items));
  }
}

export const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);
