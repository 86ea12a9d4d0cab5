import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { LIVE_NAMESPACE, ZSubscribeRequest, type ClientToServerEvents, type ServerToClientEvents } from '@learnweek/contracts';
import type { Namespace, Socket } from 'socket.io';
import { TokenService } from '../auth/token.service.js';
import type { Principal } from '../auth/principal.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { OutboxRepository, type TOutboxItem } from './outbox.repository.js';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal?: Principal }>;
type Ack = (reply: { ok: boolean; replayed: number; lastSeq: number; error?: string }) => void;

export const campaignRoom = (id: string) => `campaign:${id}`;
export const sessionRoom = (id: string) => `session:${id}`;

/**
 * socket.io namespace /live. A client authenticates in the handshake (`auth: {token}` or
 * `auth: {kioskToken}`), then `subscribe`s to a campaign or a check-in session with its last
 * seen `sinceSeq`: it receives what it missed from the outbox, then the stream.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE, cors: { origin: false }, transports: ['websocket', 'polling'] })
export class LiveGateway implements OnGatewayInit {
  private readonly logger = new Logger('live');
  @WebSocketServer() private readonly server!: Namespace<ClientToServerEvents, ServerToClientEvents>;

  constructor(
    private readonly tokens: TokenService,
    private readonly outbox: OutboxRepository,
    private readonly prisma: PrismaService,
  ) {}

  /** Authenticates in the handshake, before the socket is connected: a refused client gets `connect_error`. */
  afterInit(server: Namespace): void {
    server.use((socket: LiveSocket, next: (err?: Error) => void) => {
      const auth = socket.handshake.auth as { token?: unknown; kioskToken?: unknown };
      const token = typeof auth.token === 'string' ? auth.token : typeof auth.kioskToken === 'string' ? auth.kioskToken : undefined;
      if (!token) return next(new Error('unauthorized'));
      this.tokens.verify(token).then(
        (principal) => {
          socket.data.principal = principal;
          next();
        },
        () => next(new Error('unauthorized')),
      );
    });
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Parameters<Ack>[0]> {
    const principal = socket.data.principal;
    const req = ZSubscribeRequest.safeParse(body);
    if (!principal || !req.success) return { ok: false, replayed: 0, lastSeq: 0, error: 'badRequest' };
    const sessionId = 'checkinSessionId' in req.data ? req.data.checkinSessionId : undefined;
    const campaignId = 'campaignId' in req.data ? req.data.campaignId : (await this.prisma.client.checkinSession.findUnique({ where: { id: sessionId } }))?.campaignId;
    // A screen sees only its own campaign; people see what they may read anyway (campaign-wide figures).
    if (principal.kind === 'kiosk' && campaignId && principal.campaignId !== campaignId) {
      return { ok: false, replayed: 0, lastSeq: 0, error: 'forbidden' };
    }
    if (!campaignId) return { ok: false, replayed: 0, lastSeq: 0, error: 'notFound' };
    const scope = sessionId ? { checkinSessionId: sessionId } : { campaignId };
    await socket.join(sessionId ? sessionRoom(sessionId) : campaignRoom(campaignId));
    let replayed = 0;
    let lastSeq = req.data.sinceSeq ?? 0;
    if (req.data.sinceSeq !== undefined) {
      for (const envelope of await this.outbox.since(scope, req.data.sinceSeq)) {
        socket.emit(envelope.type, envelope as never);
        replayed += 1;
        lastSeq = envelope.seq;
      }
    }
    return { ok: true, replayed, lastSeq };
  }

  /** Disconnects every socket of a revoked ceremony screen, on every instance (through the adapter). */
  async disconnectDevice(deviceId: string): Promise<void> {
    for (const socket of await this.server.fetchSockets()) {
      const p = (socket.data as { principal?: { kind: string; deviceId?: string } }).principal;
      if (p?.kind === 'kiosk' && p.deviceId === deviceId) socket.disconnect(true);
    }
  }

  /** Fans committed events out to their rooms (across instances through the Redis adapter). */
  publish(items: readonly TOutboxItem[]): void {
    for (const { scope, envelope } of items) {
      const rooms = [campaignRoom(scope.campaignId), ...(scope.checkinSessionId ? [sessionRoom(scope.checkinSessionId)] : [])];
      try {
        this.server.to(rooms).emit(envelope.type, envelope as never);
      } catch (err) {
        // A screen that missed it catches up from the outbox on its next (re)subscribe.
        this.logger.warn(`publish ${envelope.type} #${envelope.seq} failed: ${(err as Error).message}`);
      }
    }
  }
}
