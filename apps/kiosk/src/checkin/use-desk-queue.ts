import type { TCreateCheckinRequest } from '@learnweek/contracts';
import { onScopeDispose, ref, type Ref } from 'vue';
import { CheckinQueue, newKey, type TQueued, type TQueueStore, type TRefused, type TSendResult } from './queue';

export interface TDeskQueueOptions {
  /** The queue's key in the store: one queue per session. */
  sessionId: string;
  store: TQueueStore;
  /** One try of a check-in (checkinSender). */
  send: (body: TCreateCheckinRequest) => Promise<TSendResult>;
  /** Whether anything can be sent: a signed-out desk keeps what waits until the staff sign in again. */
  signedIn: () => boolean;
  /** The check-ins the server took in a sync (the desk marks their attendees arrived). */
  onTaken?: (taken: readonly TQueued[]) => Promise<void> | void;
  /** What the server said to the last check-in it took. */
  onMessage?: (message: string) => void;
  /** Whether the server is there: set by syncs (and by whoever else hears from the server). */
  online?: Ref<boolean>;
  /** How often a desk with anything waiting tries again (no sooner than the queue's backoff). */
  retryEveryMs?: number;
  now?: () => number;
}

/**
 * The desk's queue as the page sees it: taps, scans and walk-ins go through it, sent now when the
 * network is there and later when not (CheckinQueue: IndexedDB, idempotency keys, backoff); what
 * waits and what the server refused, for the page to list. It syncs when the browser says the
 * network is back, and every `retryEveryMs` while anything waits (phones often lose and regain the
 * network without telling the page); its listeners and timer end with the component (scope).
 */
export function useDeskQueue(o: TDeskQueueOptions) {
  const now = o.now ?? (() => Date.now());
  const queue = new CheckinQueue(o.store, `learnweek.queue.${o.sessionId}`, now);
  const pending = ref<TQueued[]>([]);
  const refused = ref<TRefused[]>([]);
  const online = o.online ?? ref(navigator.onLine);
  /** When a sync last went through (the desk's heartbeat reports it). */
  let lastSyncAt: string | undefined;

  async function refresh() {
    [pending.value, refused.value] = await Promise.all([queue.list(), queue.refused()]);
  }

  /** Sends what waits (one sync at a time, see CheckinQueue); refused ones are listed for the staff to handle. */
  async function sync() {
    // Signed out: nothing can be taken until the staff sign in again (who then syncs).
    if (!o.signedIn()) return;
    const { settled, results } = await queue.flush(o.send);
    await refresh();
    const taken = settled.filter((_, i) => results[i]?.kind === 'done');
    if (taken.length) await o.onTaken?.(taken);
    // Whatever is left could not be sent now; something sent means the server is there.
    if (pending.value.length > 0) online.value = false;
    else if (results.length > 0) [online.value, lastSyncAt] = [true, new Date(now()).toISOString()];
    const last = results.at(-1);
    if (last?.kind === 'done') o.onMessage?.(last.message);
  }

  /** A check-in into the queue (with its idempotency key and the moment of the tap), then a sync. */
  async function enqueue(body: Omit<TCreateCheckinRequest, 'idempotencyKey'>) {
    await queue.add({ ...body, idempotencyKey: newKey() }, new Date(now()));
    await refresh();
    await sync();
  }

  async function dismiss(idempotencyKey: string) {
    await queue.dismiss(idempotencyKey);
    await refresh();
  }

  /** Sends now whatever the backoff (a new sign-in, the network back). */
  function syncNow() {
    queue.wake();
    return sync();
  }

  /** What the page's first load does: takes over a queue an earlier version kept in localStorage, lists what waits. */
  async function open(legacy: Pick<Storage, 'getItem' | 'removeItem'> = localStorage) {
    await queue.adopt(legacy);
    await refresh();
  }

  const onOnline = () => {
    online.value = true;
    void syncNow();
  };
  const onOffline = () => (online.value = false);
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  const retry = setInterval(() => {
    if (pending.value.length > 0 && now() >= queue.nextTryAt) void sync();
  }, o.retryEveryMs ?? 1_000);
  onScopeDispose(() => {
    clearInterval(retry);
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
  });

  return { pending, refused, online, lastSyncAt: () => lastSyncAt, open, refresh, enqueue, sync, syncNow, dismiss };
}
