import { connectLive, followLive, type TResyncReason } from '@learnweek/client';
import type { TLiveEnvelope, TLiveEventType } from '@learnweek/contracts';
import { onUnmounted, ref } from 'vue';
import { useSessionStore } from '../stores/session';

/**
 * Follows a campaign on the live feed (@learnweek/client's `followLive`) while the calling component
 * is mounted: `onEvent` gets each event of `types` the signed-in user may read, missed ones first
 * after a reconnection or the server's `live.resync`. `connected` drives the "live" indicator.
 * `onResync`: what the page shows may have missed events the server will not replay (older than
 * it keeps, more than a replay serves, or an instance's lost broadcasts): reload it by REST. Every
 * page that follows the feed has one.
 */
export function useLiveFeed(
  campaignId: string,
  types: readonly TLiveEventType[],
  onEvent: (e: TLiveEnvelope) => void,
  onResync: (reason: TResyncReason) => void,
) {
  const session = useSessionStore();
  const connected = ref(false);
  const feed = followLive(connectLive({ token: session.token }), {
    follow: { campaignId },
    types,
    onEvent,
    onLive: (live) => (connected.value = live),
    onResync,
  });
  onUnmounted(() => feed.close());
  return { connected };
}

/**
 * A page that shows a list by REST and reloads it when the feed says it changed (or may have missed
 * events): `useLiveFeed` with one reload for a burst of events (`delayMs` after the last).
 */
export function useLiveReload(campaignId: string, types: readonly TLiveEventType[], reload: () => unknown, delayMs = 250) {
  let pending: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    clearTimeout(pending);
    pending = setTimeout(() => void reload(), delayMs);
  };
  onUnmounted(() => clearTimeout(pending));
  return useLiveFeed(campaignId, types, soon, soon);
}
