import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents, type TLiveEnvelope, type TLiveEventType } from '@learnweek/contracts';
import { io, type Socket } from 'socket.io-client';
import { onUnmounted, ref } from 'vue';
import { useSessionStore } from '../stores/session';

/**
 * Follows a campaign on the live feed while the calling component is mounted: `onEvent` gets
 * each event of `types`, missed ones first after a reconnection. `connected` drives the
 * "live" indicator.
 */
export function useLiveFeed(campaignId: string, types: readonly TLiveEventType[], onEvent: (e: TLiveEnvelope) => void) {
  const session = useSessionStore();
  const connected = ref(false);
  let lastSeq: number | undefined;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(LIVE_NAMESPACE, { auth: { token: session.token }, transports: ['websocket', 'polling'] });
  for (const type of types) {
    socket.on(type, (e: TLiveEnvelope) => {
      lastSeq = Math.max(lastSeq ?? 0, e.seq);
      onEvent(e);
    });
  }
  socket.on('connect', () => socket.emit('subscribe', { campaignId, ...(lastSeq === undefined ? {} : { sinceSeq: lastSeq }) }, (r) => (connected.value = r.ok)));
  socket.on('disconnect', () => (connected.value = false));
  socket.on('connect_error', () => (connected.value = false));
  onUnmounted(() => socket.close());
  return { connected };
}
