import type { ClientToServerEvents, ServerToClientEvents, TSubscribeReply, TSubscribeRequest } from '@learnweek/contracts';
import type { Socket } from 'socket.io-client';

/** How long to wait before asking again when the server could not answer. */
export const LIVE_RETRY_MS = 5_000;

/**
 * Keeps a live-feed socket subscribed. At every (re)connection and whenever the server says
 * `live.resync`, it subscribes again with `request()` (which carries the last seq seen, so the
 * replay brings what was missed); one request at a time; a replay cut at its limit is continued;
 * when the server could not answer (`unavailable`, also as a refused handshake, which socket.io
 * does not retry by itself) it tries again a little later. Returns a function that stops the retries.
 * The admin app's live-feed.ts has the same function (a shared client will replace both).
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
