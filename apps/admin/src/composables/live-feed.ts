import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents, type TLiveEnvelope, type TLiveEventType, type TSubscribeReply, type TSubscribeRequest } from '@learnweek/contracts';
import { io, type Socket } from 'socket.io-client';
import { onUnmounted, ref } from 'vue';
import { useSessionStore } from '../stores/session';

/**
 * Follows a campaign on the live feed while the calling component is mounted: `onEvent` gets
 * each event of `types` the signed-in user may read, missed ones first after a reconnection or the
 * server's `live.resync`. `connected` drives the "live" indicator. `onResync`: the events missed
 * are older than the server keeps (its outbox retention): reload what the page shows by REST.
 */
export function useLiveFeed(campaignId: string, types: readonly TLiveEventType[], onEvent: (e: TLiveEnvelope) => void, onResync?: () => void) {
  const session = useSessionStore();
  const connected = ref(false);
  /** The last seq seen or scanned; unknown until the first subscribe answers (no replay then). */
  let lastSeq: number | undefined;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(LIVE_NAMESPACE, { auth: { token: session.token }, transports: ['websocket', 'polling'] });
  for (const type of types) {
    socket.on(type, (e: TLiveEnvelope) => {
      lastSeq = Math.max(lastSeq ?? 0, e.seq);
      onEvent(e);
    });
  }
  const stop = keepSubscribed(
    socket,
    () => ({ campaignId, ...(lastSeq === undefined ? {} : { sinceSeq: lastSeq }) }),
    (r) => {
      connected.value = r.ok;
      if (r.ok) lastSeq = Math.max(lastSeq ?? 0, r.lastSeq);
      // Away for longer than the server keeps events: the page reloads its figures by REST.
      if (r.ok && r.resyncNeeded) onResync?.();
    },
  );
  socket.on('disconnect', () => (connected.value = false));
  socket.on('connect_error', () => (connected.value = false));
  onUnmounted(() => {
    stop();
    socket.close();
  });
  return { connected };
}

/** How long to wait before asking again when the server could not answer. */
export const LIVE_RETRY_MS = 5_000;

/**
 * Keeps a live-feed socket subscribed. At every (re)connection and whenever the server says
 * `live.resync`, it subscribes again with `request()` (which carries the last seq seen, so the
 * replay brings what was missed); one request at a time; a replay cut at its limit is continued;
 * when the server could not answer (`unavailable`, also as a refused handshake, which socket.io
 * does not retry by itself) it tries again a little later. Returns a function that stops the retries.
 * The kiosk's wall/live-subscription.ts has the same function (a shared client will replace both).
 */
export function keepSubscribed(
  socket: Socket<ServerToClientEvents, ClientToServerEvents>,
  request: () => TSubscribeRequest,
  onReply: (reply: TSubscribeReply) => void,
): () => void {
  let inFlight = false;
  let again = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const later = (f: () => void) => {
    clearTimeout(retry);
    retry = setTimeout(f, LIVE_RETRY_MS);
  };
  const send = () => {
    if (!socket.connected) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    socket.emit('subscribe', request(), (reply) => {
      inFlight = false;
      onReply(reply);
      const more = reply.ok && reply.more;
      if (again || more) {
        again = false;
        send();
      } else if (!reply.ok && reply.error === 'unavailable') later(send);
    });
  };
  socket.on('connect', send);
  socket.on('live.resync', send);
  // An answer to a request of the lost connection never comes: the next connection starts afresh.
  socket.on('disconnect', () => {
    inFlight = false;
    again = false;
  });
  socket.on('connect_error', (err) => {
    if (!socket.active && err.message === 'unavailable') later(() => socket.connect());
  });
  if (socket.connected) send();
  return () => clearTimeout(retry);
}
