import { ApiError, type TApi } from '@learnweek/client';
import { ROUTES, type TAttendee, type TCheckinPublic } from '@learnweek/contracts';
import { computed, ref, toRaw, type Ref } from 'vue';
import type { TQueued, TQueueStore } from './queue';

export interface TDeskListOptions {
  sessionId: string;
  api: TApi;
  /** Where what the desk last read is kept, for a reload without the network (the queue's store). */
  store: TQueueStore;
  /** Set to false when no answer comes (and back to the browser's word when one does). */
  online: Ref<boolean>;
  /** The check-ins waiting in the queue: their attendees count as arrived (so nobody taps them twice). */
  pending: Ref<readonly TQueued[]>;
}

/**
 * What the desk works from: the venue (its name, its units) and the whole pre-registered list,
 * searched on the device and kept in the store, so that a reload without the network opens the desk
 * as it was. The list is long: a check-in the server took marks its attendee here instead of a
 * new read for every scan.
 */
export function useDeskList(o: TDeskListOptions) {
  const info = ref<TCheckinPublic | null>(null);
  const attendees = ref<TAttendee[]>([]);
  const search = ref('');
  const cacheKey = (what: 'info' | 'attendees') => `learnweek.${what}.${o.sessionId}`;

  const queued = computed(() => new Set(o.pending.value.flatMap((p) => (p.body.attendeeId ? [p.body.attendeeId] : []))));
  /** Up to 20 people whose name contains the search, or whose code or phone's last four digits it is. */
  const matches = computed(() => {
    const q = search.value.trim();
    if (!q) return [];
    return attendees.value.filter((a) => a.name.includes(q) || a.code === q.toUpperCase() || a.phoneTail === q).slice(0, 20);
  });
  const arrived = (a: TAttendee) => a.checkedInAt !== null || queued.value.has(a.id);
  const isQueued = (a: TAttendee) => queued.value.has(a.id);
  const byCode = (code: string) => attendees.value.find((x) => x.code === code);

  async function loadInfo() {
    let venue: TCheckinPublic;
    try {
      venue = await o.api.call(ROUTES.checkin.publicInfo, { params: { id: o.sessionId } });
    } catch (err) {
      if (!(err instanceof ApiError)) {
        // The desk without the network: what it read last.
        info.value = (await o.store.get<TCheckinPublic>(cacheKey('info'))) ?? null;
        o.online.value = false;
      }
      return;
    }
    info.value = venue;
    await o.store.update(cacheKey('info'), () => venue);
  }

  /** The whole pre-registered list (searched on the device), kept for a reload without the network. */
  async function loadAttendees() {
    let items: TAttendee[];
    try {
      ({ items } = await o.api.call(ROUTES.checkin.attendees, { params: { id: o.sessionId } }));
    } catch (err) {
      // A refusal leaves the list as it is (a 401 has signed the desk out); no answer: the kept one.
      if (err instanceof ApiError) return;
      o.online.value = false;
      attendees.value = (await o.store.get<TAttendee[]>(cacheKey('attendees'))) ?? attendees.value;
      return;
    }
    o.online.value = navigator.onLine;
    attendees.value = items;
    await o.store.update(cacheKey('attendees'), () => items);
  }

  /** The attendees of check-ins the server took are arrived, at the moment of their scan; the kept list too. */
  async function markTaken(taken: readonly TQueued[]) {
    let marked = false;
    for (const q of taken) {
      const a = q.body.attendeeId ? attendees.value.find((x) => x.id === q.body.attendeeId) : undefined;
      if (a && !a.checkedInAt) [a.checkedInAt, marked] = [q.body.scannedAt ?? q.queuedAt, true];
    }
    if (marked) await o.store.update(cacheKey('attendees'), () => toRaw(attendees.value).map((a) => ({ ...toRaw(a) })));
  }

  return { info, attendees, search, matches, arrived, isQueued, byCode, loadInfo, loadAttendees, markTaken };
}
