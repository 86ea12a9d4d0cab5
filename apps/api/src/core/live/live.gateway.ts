import { inDistrict } from '@learnweek/db';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectThrottlerStorage, type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import {
  LIVE_NAMESPACE,
  ZSubscribeRequest,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TSubscribeReply,
  type TSubscribeRequest,
} from '@learnweek/contracts';
import type { Namespace, Socket } from 'socket.io';
import { TokenService } from '../auth/token.service.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { ApiException } from '../errors/api.exception.js';
import { MetricsService, type TSocketKind } from '../metrics/metrics.service.js';
import { eventRooms, followsCheckins, grantFor, type TSubscription } from './live-audience.js';
import type { TOutboxItem } from './live-events.js';
import { LiveRepository } from './live.repository.js';
import { OutboxRepository } from './outbox.repository.js';

/** What a socket follows: one campaign and one check-in session at most (a subscribe replaces the one of its kind). */
type TKind = 'campaign' | 'session';

/** Plain data: the Redis adapter carries it to other instances (fetchSockets); the token stays in the handshake. */
interface TSocketData {
  principal?: Principal;
  /** What the socket follows, by kind: each subscribe grants them again for the principal as it is now. */
  subscriptions?: Partial<Record<TKind, TSubscription>>;
}
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, TSocketData>;

/**
 * The bounds of the live feed (docs/RELIABILITY.md, "The live feed is bounded"): what one socket or one principal
 * (a user, a screen) may ask of it. Subscribes and replays are counted per socket (in this process)
 * and per principal (the deployment's count: Redis with REDIS_URL, else this process), each within
 * its windows: a principal's subscribes come at most five at once, one a second over a minute. A
 * replay is served in pages; a client further behind than `replayWindow`, or past its replays for
 * the minute, redraws from REST (`resyncNeeded`).
 */
export const LIVE_LIMITS = {
  subscribe: {
    socket: [{ ttl: 60_000, limit: 20 }],
    principal: [
      { ttl: 1_000, limit: 5 },
      { ttl: 60_000, limit: 60 },
    ],
  },
  replay: {
    socket: [{ ttl: 60_000, limit: 10 }],
    principal: [{ ttl: 60_000, limit: 30 }],
  },
  /** Events per answer; `more` asks for the next page. */
  replayPage: 200,
  /**
   * How far behind the feed's end (in seqs, every campaign's events counted) a replay is served:
   * each page then walks at most this much of its scope's index, and a client further behind
   * redraws from REST without a query.
   */
  replayWindow: 2_000,
  /** Subscriptions one principal holds at once on one instance, across its sockets. */
  subscriptionsPerPrincipal: 20,
  /** A connection that has not joined a namespace by then is closed (socket.io's default: 45 s). */
  connectTimeoutMs: 5_000,
} as const;
type TWindow = { ttl: number; limit: number };

const tokenOf = (socket: LiveSocket): string | undefined => {
  const auth = socket.handshake.auth as { token?: unknown; kioskToken?: unknown };
  return typeof auth.token === 'string' ? auth.token : typeof auth.kioskToken === 'string' ? auth.kioskToken : undefined;
};
/** A credential refused (401), as opposed to a database that did not answer. */
const isRefusal = (err: unknown) => err instanceof ApiException && err.getStatus() === 401;
const kindOf = (s: TSubscription): TKind => ('checkinSessionId' in s ? 'session' : 'campaign');
/** A principal's counters: a user's under their district (docs/ARCHITECTURE.md, "Tenancy"), a device's under its own id. */
const principalKey = (p: Principal) => (p.kind === 'user' ? `district:${p.districtId ?? 'none'}:user:${p.id}` : `${p.kind}:${p.deviceId}`);
/**
 * The organizer runs the load rehearsal, whose hundreds of walls subscribe under the organizer's
 * own sign-in (modules/rehearsal): the per-principal limits are for everyone else; each of the
 * organizer's sockets keeps its own limits.
 */
const sharesLimits = (p: Principal | undefined): p is Principal => p !== undefined && !(p.kind === 'user' && hasRole(p, 'organizer'));
/**
 * The handshake's refusal as the client's `connect_error` sees it: the message says what
 * (`unauthorized` for every refused credential, `unavailable`), `data` the status as REST would
 * answer it (401: sign in again; 503: try again) and the code (`tokenExpired`, `unitInactive`…).
 */
const handshakeError = (status: 401 | 503, code: string) =>
  Object.assign(new Error(status === 401 ? 'unauthorized' : 'unavailable'), { data: { status, code } });

type TRefusal = Exclude<Extract<TSubscribeReply, { ok: false }>, { retryAfterMs: number }>['error'];
const refused = (error: TRefusal): TSubscribeReply => ({ ok: false, replayed: 0, lastSeq: 0, error });
/** How long a principal holding its share of subscriptions waits before asking again. */
const LIVE_RETRY_AFTER_MS = 30_000;
const later = (error: 'rateLimited' | 'tooManySubscriptions', retryAfterMs: number): TSubscribeReply => ({
  ok: false,
  replayed: 0,
  lastSeq: 0,
  error,
  retryAfterMs,
});

/**
 * Refuses a handshake and closes its connection once the refusal is sent, rather than holding it
 * until socket.io's connect timeout: a refused connection carries no other namespace (`/` refuses
 * all, and a client opens one connection per `/live` socket).
 */
function refuse(socket: Socket, next: (err?: Error) => void, error: Error) {
  next(error);
  // socket.io writes the refusal on the next tick; close() lets it drain first.
  setImmediate(() => socket.conn.close());
}

/**
 * socket.io namespace /live. A client authenticates in the handshake (`auth: {token}` or
 * `auth: {kioskToken}`), then `subscribe`s to a campaign or a check-in session with its last
 * seen `sinceSeq`: it joins the rooms its principal may read (live-audience.ts), receives what it
 * missed from the outbox through the same filter, then the stream.
 */
/**
 * The options of the socket.io server behind `/live`. Every gateway of the namespace (presence's too)
 * declares these: Nest builds the server from whichever gateway initialises first.
 */
export const LIVE_GATEWAY_OPTIONS = {
  namespace: LIVE_NAMESPACE,
  cors: { origin: false },
  transports: ['websocket', 'polling'],
  connectTimeout: LIVE_LIMITS.connectTimeoutMs,
};

@WebSocketGateway(LIVE_GATEWAY_OPTIONS)
export class LiveGateway implements OnGatewayInit, OnGatewayDisconnect, OnApplicationShutdown {
  private readonly logger = new Logger('live');
  @WebSocketServer() private readonly server!: Namespace<ClientToServerEvents, ServerToClientEvents>;
  /** The counts of each socket: in this process, where the socket is. */
  private readonly socketCounters = new ThrottlerStorageService();
  /** The subscriptions each principal holds on this instance: `<socket id>:<kind>`. */
  private readonly held = new Map<string, Set<string>>();

  constructor(
    private readonly tokens: TokenService,
    private readonly outbox: OutboxRepository,
    private readonly repo: LiveRepository,
    @InjectThrottlerStorage() private readonly counters: ThrottlerStorage,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Authenticates in the handshake, before the socket is connected: a refused client gets
   * `connect_error` and its connection is closed. The default namespace serves nothing: it refuses
   * every connection.
   */
  afterInit(server: Namespace): void {
    this.metrics.sampleSockets(() => this.socketsByKind());
    server.server.of('/').use((socket, next) => refuse(socket, next, new Error('Invalid namespace')));
    server.use((socket: LiveSocket, next: (err?: Error) => void) => {
      const token = tokenOf(socket);
      if (!token) return refuse(socket, next, handshakeError(401, 'unauthorized'));
      this.tokens.verify(token).then(
        (principal) => {
          socket.data.principal = principal;
          next();
        },
        // A database that cannot answer is not a refusal: the client tries again later.
        (err: unknown) =>
          refuse(socket, next, isRefusal(err) ? handshakeError(401, (err as ApiException).code) : handshakeError(503, 'unavailable')),
      );
    });
  }

  /** The sockets connected to this instance, by who holds them: walls (screens), desks (desk links), consoles (signed-in users). */
  private socketsByKind(): Record<TSocketKind, number> {
    const counts = { wall: 0, desk: 0, console: 0 };
    for (const socket of this.server.sockets.values()) {
      const kind = (socket.data as TSocketData).principal?.kind;
      if (kind === 'kiosk') counts.wall++;
      else if (kind === 'desk') counts.desk++;
      else if (kind === 'user') counts.console++;
    }
    return counts;
  }

  handleDisconnect(socket: LiveSocket): void {
    this.hold(socket, []);
  }

  onApplicationShutdown(): void {
    this.socketCounters.onApplicationShutdown();
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<TSubscribeReply> {
    const req = ZSubscribeRequest.safeParse(body);
    if (!req.success) return refused('badRequest');
    try {
      // Counted before any work, by the principal of the handshake.
      const wait = await this.overLimit(socket, 'subscribe');
      if (wait !== undefined) return later('rateLimited', wait);
      return await this.grantAndReplay(socket, req.data);
    } catch (err) {
      if (!isRefusal(err)) {
        // The database did not answer: the rooms stay, the client subscribes again later for the replay.
        this.logger.warn(`subscribe failed: ${(err as Error).message}`);
        return refused('unavailable');
      }
      // The principal as it is now: a deactivated account or a revoked screen leaves every room it had joined.
      await this.follow(socket, undefined, undefined);
      return refused('unauthorized');
    }
  }

  private async grantAndReplay(socket: LiveSocket, req: TSubscribeRequest): Promise<TSubscribeReply> {
    const token = tokenOf(socket);
    if (!token) throw new ApiException(401, 'unauthorized');
    const principal = await this.tokens.verify(token);
    socket.data.principal = principal;
    // A session that must set a new password first follows nothing (as REST refuses it everything else).
    if (principal.kind === 'user' && principal.mustChangePassword) return refused('forbidden');
    // The rest runs in the principal's district (an account's, a screen's or desk's), under its policies: another
    // district's campaign or session is not found, exactly like an unknown one (docs/ARCHITECTURE.md,
    // "Tenancy"). An account of no district follows nothing (as REST refuses it every signed-in route).
    const within = principal.districtId;
    if (!within) return refused('forbidden');
    return inDistrict(within, () => this.grantIn(socket, req, principal, within));
  }

  private async grantIn(socket: LiveSocket, req: TSubscribeRequest, principal: Principal, within: string): Promise<TSubscribeReply> {
    let sub: TSubscription;
    if ('checkinSessionId' in req) {
      // Refused before the lookup, as REST refuses a session's stats by role first.
      if (!followsCheckins(principal)) return refused('forbidden');
      const session = await this.repo.session(req.checkinSessionId, within);
      if (!session || session.districtId !== within) return refused('notFound');
      sub = { checkinSessionId: req.checkinSessionId, campaignId: session.campaignId, districtId: session.districtId };
    } else {
      // A screen follows its own campaign only, a desk none: refused before the look-up.
      if (principal.kind !== 'user' && (principal.kind === 'desk' || principal.campaignId !== req.campaignId)) return refused('forbidden');
      const districtId = await this.repo.campaignDistrict(req.campaignId, within);
      if (!districtId || districtId !== within) return refused('notFound');
      sub = { campaignId: req.campaignId, districtId };
    }
    const grant = grantFor(principal, sub);
    if (!(await this.follow(socket, principal, grant && { sub, rooms: grant.rooms })))
      return later('tooManySubscriptions', LIVE_RETRY_AFTER_MS);
    if (!grant) return refused('forbidden');
    const { floor, end } = await this.outbox.bounds();
    if (req.sinceSeq === undefined) return { ok: true, replayed: 0, lastSeq: end, more: false };
    const redraw: TSubscribeReply = { ok: true, replayed: 0, lastSeq: end, more: false, resyncNeeded: true };
    // Retention removed events after sinceSeq: a replay would leave holes, REST draws it whole.
    if (req.sinceSeq < floor) return redraw;
    if (end <= req.sinceSeq) return { ok: true, replayed: 0, lastSeq: req.sinceSeq, more: false };
    // Further behind than a replay serves, or past its replays for the minute: REST draws it whole.
    if (end - req.sinceSeq > LIVE_LIMITS.replayWindow) return redraw;
    if ((await this.overLimit(socket, 'replay')) !== undefined) return redraw;
    const replay = await this.outbox.since(grant.replay, req.sinceSeq, LIVE_LIMITS.replayPage, end);
    for (const envelope of replay.envelopes) socket.emit(envelope.type, envelope as never);
    return { ok: true, replayed: replay.envelopes.length, lastSeq: replay.lastSeq, more: replay.more };
  }

  /**
   * Rooms first, then the replay: whatever commits meanwhile arrives live (clients de-duplicate by
   * seq). The added subscription replaces the socket's one of its kind; the others are granted
   * again for the principal as it is now (a coordinator moved to another unit leaves the old
   * unit's room); with no principal the socket follows nothing any more. False, and nothing
   * changed: the principal already holds its share of subscriptions on this instance.
   */
  private async follow(
    socket: LiveSocket,
    principal: Principal | undefined,
    added: { sub: TSubscription; rooms: string[] } | undefined,
  ): Promise<boolean> {
    const all: Partial<Record<TKind, TSubscription>> = principal
      ? { ...socket.data.subscriptions, ...(added ? { [kindOf(added.sub)]: added.sub } : {}) }
      : {};
    const granted = (Object.entries(all) as [TKind, TSubscription][]).flatMap(([kind, sub]) => {
      const g = grantFor(principal!, sub);
      return g ? [{ kind, sub, rooms: g.rooms }] : [];
    });
    if (
      !this.hold(
        socket,
        granted.map((g) => g.kind),
      )
    )
      return false;
    socket.data.subscriptions = Object.fromEntries(granted.map((g) => [g.kind, g.sub]));
    const keep = new Set(granted.flatMap((g) => g.rooms));
    for (const room of [...socket.rooms]) if (room !== socket.id && !keep.has(room)) await socket.leave(room);
    if (added) await socket.join(added.rooms);
    return true;
  }

  /**
   * Records that `socket` now holds `kinds` for its principal on this instance, if the principal's
   * share allows it (false: nothing recorded).
   */
  private hold(socket: LiveSocket, kinds: TKind[]): boolean {
    const p = socket.data.principal;
    if (!sharesLimits(p)) return true;
    const key = principalKey(p);
    const mine = (k: string) => k.startsWith(`${socket.id}:`);
    const others = [...(this.held.get(key) ?? [])].filter((k) => !mine(k));
    if (others.length + kinds.length > LIVE_LIMITS.subscriptionsPerPrincipal) return false;
    const next = new Set([...others, ...kinds.map((k) => `${socket.id}:${k}`)]);
    if (next.size === 0) this.held.delete(key);
    else this.held.set(key, next);
    return true;
  }

  /**
   * Counts one subscribe (or replay) for the socket, then, if the socket may, for its principal;
   * how long to wait when one of them is past a limit, else undefined.
   */
  private async overLimit(socket: LiveSocket, what: 'subscribe' | 'replay'): Promise<number | undefined> {
    const p = socket.data.principal;
    const limits = LIVE_LIMITS[what];
    const count = async (storage: ThrottlerStorage, key: string, windows: readonly TWindow[]) => {
      for (const { ttl, limit } of windows) {
        const c = await storage.increment(key, ttl, limit, ttl, `live-${what}-${ttl}`);
        if (c.isBlocked) return Math.max(c.timeToBlockExpire, 1) * 1_000;
      }
      return undefined;
    };
    return (
      (await count(this.socketCounters, socket.id, limits.socket)) ??
      (sharesLimits(p) ? await count(this.counters, principalKey(p), limits.principal) : undefined)
    );
  }

  /** Disconnects every socket of a revoked ceremony screen or desk link (see disconnectWhere). */
  disconnectDevice(deviceId: string): Promise<void> {
    return this.disconnectWhere((p) => (p?.kind === 'kiosk' || p?.kind === 'desk') && p.deviceId === deviceId, `device ${deviceId}`);
  }

  /** Disconnects every socket of a unit's users (see disconnectWhere): a deactivated unit stops seeing its feed at once (their reconnection is refused). */
  disconnectUnit(unitId: string): Promise<void> {
    return this.disconnectWhere((p) => p?.kind === 'user' && p.unitId === unitId, `unit ${unitId}`);
  }

  /** Disconnects every socket of one user (see disconnectWhere): deactivated, or signed out everywhere by a password reset. */
  disconnectUser(userId: string): Promise<void> {
    return this.disconnectWhere((p) => p?.kind === 'user' && p.id === userId, `user ${userId}`);
  }

  /**
   * This instance's matching sockets at once, without Redis; the other instances' through the
   * adapter (fetchSockets) afterwards, not awaited: the organiser's answer never waits for a Redis
   * that is away or hangs. If Redis cannot carry it, a socket elsewhere loses its rooms at its next
   * subscribe (the principal is read again), which the `live.resync` sent when Redis is back asks for.
   */
  private async disconnectWhere(match: (p: Principal | undefined) => boolean, what: string): Promise<void> {
    const principalOf = (socket: { data: unknown }) => (socket.data as TSocketData).principal;
    for (const socket of await this.server.local.fetchSockets()) if (match(principalOf(socket))) socket.disconnect(true);
    this.server.fetchSockets().then(
      (sockets) => {
        for (const socket of sockets) if (match(principalOf(socket))) socket.disconnect(true);
      },
      (err: unknown) =>
        this.logger.warn(
          `disconnecting ${what} on the other instances failed (${(err as Error).message}): their next subscribe refuses it`,
        ),
    );
  }

  /** Fans committed events out to their audiences' rooms (across instances through the Redis adapter); LiveEvents calls it. */
  publish(items: readonly TOutboxItem[]): void {
    for (const { scope, envelope } of items) {
      const rooms = eventRooms({
        type: envelope.type,
        districtId: scope.districtId,
        campaignId: scope.campaignId,
        checkinSessionId: scope.checkinSessionId,
        unitId: scope.unitId,
        rehearsal: scope.rehearsal,
      });
      try {
        this.server.to(rooms).emit(envelope.type, envelope as never);
      } catch (err) {
        // A screen that missed it catches up from the outbox on its next (re)subscribe.
        this.logger.warn(`publish ${envelope.type} #${envelope.seq} failed: ${(err as Error).message}`);
      }
    }
  }
}
