import {
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TLiveEnvelope,
  type TLiveEventType,
  type TSubscribeReply,
  type TSubscribeRequest,
} from '@learnweek/contracts';
import { io, type Socket } from 'socket.io-client';

export type TLiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long to wait before asking again when the server could not answer. */
export const LIVE_RETRY_MS = 5_000;

/** A socket on the live feed, signed in as a person (`token`) or as a ceremony screen (`kioskToken`). */
export const connectLive = (auth: { token: string | null } | { kioskToken: string }, url: string = LIVE_NAMESPACE): TLiveSocket =>
  io(url, { auth, transports: ['websocket', 'polling'] });

/**
 * Keeps a live-feed socket subscribed. At every (re)connection and whenever the server says
 * `live.resync`, it subscribes again with `request()` (which carries the last seq seen, so the
 * replay brings what was missed); one request at a time; a replay cut at its page is continued;
 * when the server could not answer (`unavailable`, also as a refused handshake, which socket.io
 * does not retry by itself) it tries again a little later, and when it answered `rateLimited` or
 * `tooManySubscriptions`, after the wait it named. Returns a function that stops the retries.
 */
export function keepSubscribed(
  socket: TLiveSocket,
  request: () => TSubscribeRequest,
  onReply: (reply: TSubscribeReply) => void,
): () => void {
  let inFlight = false;
  let again = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const later = (f: () => void, ms = LIVE_RETRY_MS) => {
    clearTimeout(retry);
    retry = setTimeout(f, Math.max(ms, LIVE_RETRY_MS));
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
      else if (!reply.ok && 'retryAfterMs' in reply) later(send, reply.retryAfterMs);
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

/**
 * Why a page should redraw from REST: `gap` — the server replays no more (`resyncNeeded`: the
 * events missed are older than it keeps, more than a replay serves, or this client replayed its
 * share for now); `server` — the server's `live.resync` (an instance that
 * lost its link to the others may have missed broadcasts of any seq, below the last one seen too);
 * `timer` — every `resyncEveryMs`, to converge whatever the network did.
 */
export type TResyncReason = 'gap' | 'server' | 'timer';

export interface TLiveOptions {
  /** What to follow: a campaign, or one check-in session. */
  follow: { campaignId: string } | { checkinSessionId: string };
  /** The events the page shows; each raises the last seq seen. */
  types: readonly TLiveEventType[];
  onEvent: (envelope: TLiveEnvelope) => void;
  /** Whether the feed is live: true once a subscribe is taken, false when refused or disconnected. */
  onLive?: (live: boolean) => void;
  onResync?: (reason: TResyncReason) => void;
  /** Also redraw every so often (the ceremony wall: every minute). */
  resyncEveryMs?: number;
  /** Where the page's REST state stands (the wall's `lastSeq`); without it the first subscribe replays nothing. */
  sinceSeq?: number;
}

export interface TLiveFeed {
  /** The highest seq seen: in events, in the server's answers, and as given to `seen`. */
  readonly lastSeq: number | undefined;
  /** Where a REST redraw stands: the next subscribe starts there if that is further. */
  seen(seq: number): void;
  /** Stops the retries and the timer, and closes the socket. */
  close(): void;
}

/**
 * Follows a campaign (or a check-in session) on the live feed: `onEvent` gets each event of
 * `types`, the missed ones first after a reconnection or the server's `live.resync` (subscribing
 * again from the highest seq seen). Takes over the socket: `close()` closes it.
 */
export function followLive(socket: TLiveSocket, options: TLiveOptions): TLiveFeed {
  const { follow, onEvent, onLive, onResync, resyncEveryMs } = options;
  let lastSeq = options.sinceSeq;
  const seen = (seq: number) => {
    lastSeq = Math.max(lastSeq ?? 0, seq);
  };
  for (const type of options.types) {
    socket.on(type, (e: TLiveEnvelope) => {
      seen(e.seq);
      onEvent(e);
    });
  }
  const stop = keepSubscribed(
    socket,
    () => ({ ...follow, ...(lastSeq === undefined ? {} : { sinceSeq: lastSeq }) }),
    (reply) => {
      onLive?.(reply.ok);
      if (!reply.ok) return;
      seen(reply.lastSeq);
      if (reply.resyncNeeded) onResync?.('gap');
    },
  );
  socket.on('live.resync', () => onResync?.('server'));
  socket.on('disconnect', () => onLive?.(false));
  socket.on('connect_error', () => onLive?.(false));
  const timer = resyncEveryMs === undefined ? undefined : setInterval(() => onResync?.('timer'), resyncEveryMs);
  return {
    get lastSeq() {
      return lastSeq;
    },
    seen,
    close() {
      stop();
      clearInterval(timer);
      socket.close();
    },
  };
}
