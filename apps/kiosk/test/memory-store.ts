import type { TQueueStore } from '../src/checkin/queue';

/**
 * IndexedDB's semantics without a browser: values are stored as structured clones (a stored
 * item is not the caller's object), and each call settles asynchronously like a transaction.
 */
export class MemoryStore implements TQueueStore {
  readonly data = new Map<string, unknown>();
  async get<T>(k: string): Promise<T | undefined> {
    await Promise.resolve();
    return structuredClone(this.data.get(k)) as T | undefined;
  }
  async update<T>(k: string, fn: (old: T | undefined) => T): Promise<void> {
    await Promise.resolve();
    this.data.set(k, structuredClone(fn(structuredClone(this.data.get(k)) as T | undefined)));
  }
}
