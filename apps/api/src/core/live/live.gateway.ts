import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { LIVE_NAMESPACE, ZSubscribeRequest, type ClientToServerEvents, type ServerToClientEvents, type TSubscribeReply, type TSubscribeRequest } from '@learnweek/contracts';
import type { Namespace, Socket } from 'socket.io';
import { TokenService } from '../auth/token.service.js';
import type { Principal } from '../auth/principal.js';
import { ApiException } from '../errors/api.exception.js';
import { eventRooms, followsCheckins, grantFor, type TSubscription } from './live-audience.js';
import type { TOutboxItem } from './live-events.js';
import { LiveRepository } from './live.repository.js';
import { OutboxRepository } from './outbox.repository.js';

/** Plain data: the Redis adapter carries it to other instances (fetchSockets); the token stays in the handshake. */
interface TSocketData {
  principal?: Principal;
  /** What the socket follows, by key: each subscribe checks them all again. */
  subscriptions?: Record<string, TSubscription>;
}
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, TSocketData>;

const tokenOf = (socket: LiveSocket): string | undefined => {
  const auth = socket.handshake.auth as { token?: unknown; kioskToken?: unknown };
  return typeof auth.token === 'string' ? auth.token : typeof auth.kioskToken === 'string' ? auth.kioskToken : undefined;
};
/** A credential refused (401), as opposed to a database that did not answer. */
const isRefusal = (err: unknown) => err instanceof ApiException && err.getStatus() === 401;
const keyOf = (s: TSubscription) => ('checkinSessionId' in s ? `session:${s.checkinSessionId}` : `campaign:${s.campaignId}`);

const refused = (error: Extract<TSubscribeReply, { ok: false }>['error'], lastSeq = 0): TSubscribeReply => ({ ok: false, replayed: 0, lastSeq, error });

/**
 * socket.io namespace /live. A client authenticates in the handshake (`auth: {token}` or
 * `auth: {kioskToken}`), then `subscribe`s to a campaign or a check-in session with its last
 * seen `sinceSeq`: it joins the rooms its principal may read (live-audience.ts), receives what it
 * missed from the outbox through the same filter, then the stream.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE, cors: { origin: false }, transports: ['websocket', 'polling'] })
export class LiveGateway implements OnGatewayInit {
  private readonly logger = new Logger('live');
  @WebSocketServer() private readonly server!: Namespace<ClientToServerEvents, ServerToClientEvents>;

  constructor(
    private readonly tokens: TokenService,
    private readonly outbox: OutboxRepository,
    private readonly repo: LiveRepository,
  ) {}

  /** Authenticates in the handshake, before the socket is connected: a refused client gets `connect_error`. */
  afterInit(server: Namespace): void {
    server.use((socket: LiveSocket, next: (err?: Error) => void) => {
      const token = tokenOf(socket);
      if (!token) return next(new Error('unauthorized'));
      this.tokens.verify(token).then(
        (principal) => {
          socket.data.principal = principal;
          next();
        },
        // A database that cannot answer is not a refusal: the client tries again later.
        (err: unknown) => next(new Error(isRefusal(err) ? 'unauthorized' : 'unavailable')),
      );
    });
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<TSubscribeReply> {
    const req = ZSubscribeRequest.safeParse(body);
    if (!req.success) return refused('badRequest');
    try {
      return await this.grantAndReplay(socket, req.data);
    } catch (err) {
      if (!isRefusal(err)) {
        // The database did not answer: the rooms stay, the client subscribes again later for the replay.
        this.logger.warn(`subscribe failed: ${(err as Error).message}`);
        return refused('unavailable');
      }
      // The principal as it is now: a deactivated account or a revoked screen leaves every room it had joined.
      await this.leaveAll(socket);
      return refused('unauthorized');
    }
  }

  private async grantAndReplay(socket: LiveSocket, req: TSubscribeRequest): Promise<TSubscribeReply> {
    const token = tokenOf(socket);
    if (!token) throw new ApiException(401, 'unauthorized');
    const principal = await this.tokens.verify(token);
    socket.data.principal = principal;
    let sub: TSubscription;
    if ('checkinSessionId' in req) {
      // Refused before the lookup, as REST refuses a session's stats by role first.
      if (!followsCheckins(principal)) return refused('forbidden');
      const campaignId = await this.repo.sessionCampaign(req.checkinSessionId);
      if (!campaignId) return refused('notFound');
      sub = { checkinSessionId: req.checkinSessionId, campaignId };
    } else {
      sub = { campaignId: req.campaignId };
    }
    const grant = grantFor(principal, sub);
    await this.follow(socket, principal, grant && { sub, rooms: grant.rooms });
    if (!grant) return refused('forbidden');
    if (req.sinceSeq === undefined) return { ok: true, replayed: 0, lastSeq: await this.outbox.end(), more: false };
    // Retention removed events after sinceSeq: a replay would leave holes, REST draws it whole.
    if (req.sinceSeq < (await this.outbox.floor())) return { ok: true, replayed: 0, lastSeq: await this.outbox.end(), more: false, resyncNeeded: true };
    const replay = await this.outbox.since(grant.replay, req.sinceSeq);
    for (const envelope of replay.envelopes) socket.emit(envelope.type, envelope as never);
    return { ok: true, replayed: replay.envelopes.length, lastSeq: replay.lastSeq, more: replay.more };
  }

  /**
   * Rooms first, then the replay: whatever commits meanwhile arrives live (clients de-duplicate by
   * seq). The socket's earlier subscriptions are granted again for the principal as it is now: a
   * coordinator moved to another unit leaves the old unit's room.
   */
  private async follow(socket: LiveSocket, principal: Principal, added: { sub: TSubscription; rooms: string[] } | undefined): Promise<void> {
    const all = { ...socket.data.subscriptions, ...(added ? { [keyOf(added.sub)]: added.sub } : {}) };
    const granted = Object.entries(all).flatMap(([key, sub]) => {
      const g = grantFor(principal, sub);
      return g ? [{ key, sub, rooms: g.rooms }] : [];
    });
    socket.data.subscriptions = Object.fromEntries(granted.map((g) => [g.key, g.sub]));
    const keep = new Set(granted.flatMap((g) => g.rooms));
    for (const room of [...socket.rooms]) if (room !== socket.id && !keep.has(room)) await socket.leave(room);
    if (added) await socket.join(added.rooms);
  }

  private async leaveAll(socket: LiveSocket): Promise<void> {
    socket.data.subscriptions = {};
    for (const room of [...socket.rooms]) if (room !== socket.id) await socket.leave(room);
  }

  /** Disconnects every socket of a revoked ceremony screen (see disconnectWhere). */
  disconnectDevice(deviceId: string): Promise<void> {
    return this.disconnectWhere((p) => p?.kind === 'kiosk' && p.deviceId === deviceId, `screen ${deviceId}`);
  }

  /** Disconnects every socket of a unit's users (see disconnectWhere): a deactivated unit stops seeing its feed at once (their reconnection is refused). */
  disconnectUnit(unitId: string): Promise<void> {
    return this.disconnectWhere((p) => p?.kind === 'user' && p.unitId === unitId, `unit ${unitId}`);
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
      (err: unknown) => this.logger.warn(`disconnecting ${what} on the other instances failed (${(err as Error).message}): their next subscribe refuses it`),
    );
  }

  /** Fans committed events out to their audiences' rooms (across instances through the Redis adapter); LiveEvents calls it. */
  publish(items: readonly TOutboxItem[]): void {
    for (const { scope, envelope } of items) {
      const rooms = eventRooms({ type: envelope.type, campaignId: scope.campaignId, checkinSessionId: scope.checkinSessionId, unitId: scope.unitId, rehearsal: scope.rehearsal, data: envelope.data });
      try {
        this.server.to(rooms).emit(envelope.type, envelope as never);
      } catch (err) {
        // A screen that missed it catches up from the outbox on its next (re)subscribe.
        this.logger.warn(`publish ${envelope.type} #${envelope.seq} failed: ${(err as Error).message}`);
      }
    }
  }
}
