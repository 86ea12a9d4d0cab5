import { inDistrict } from '@learnweek/db';
import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, type OnGatewayDisconnect, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { DEVICE_HEARTBEAT_MS, ZHeartbeat, type THeartbeatReply } from '@learnweek/contracts';
import type { Socket } from 'socket.io';
import type { Principal } from '../../../core/auth/principal.js';
import { Clock } from '../../../core/clock/clock.js';
import { LIVE_GATEWAY_OPTIONS } from '../../../core/live/live.gateway.js';
import { PresenceService } from './presence.service.js';

/** The device behind a socket: a screen or desk-link token (the live gateway authenticated it in the handshake). */
const deviceOf = (socket: Socket): string | undefined => {
  const p = (socket.data as { principal?: Principal }).principal;
  return p?.kind === 'kiosk' || p?.kind === 'desk' ? p.deviceId : undefined;
};
/** Its district (a device's socket has one: deviceOf is checked first). */
const districtOf = (socket: Socket): string => ((socket.data as { principal?: Principal }).principal as { districtId: string }).districtId;

/**
 * Presence on the live feed's namespace (beside core/live/live.gateway.ts, which authenticates its
 * sockets): a screen or desk sends `heartbeat` every DEVICE_HEARTBEAT_MS; its socket's end marks it
 * offline at once. Users' sockets have no presence.
 */
@WebSocketGateway(LIVE_GATEWAY_OPTIONS)
export class PresenceGateway implements OnGatewayDisconnect {
  private readonly logger = new Logger('presence');

  constructor(
    private readonly presence: PresenceService,
    private readonly clock: Clock,
  ) {}

  @SubscribeMessage('heartbeat')
  async heartbeat(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<THeartbeatReply> {
    const deviceId = deviceOf(socket);
    if (!deviceId) return { ok: false, error: 'forbidden' };
    const beat = ZHeartbeat.safeParse(body);
    if (!beat.success) return { ok: false, error: 'badRequest' };
    // The same heartbeat again within a third of the period is not written again, however often a
    // page (or a script) sends it; a changed one (the desk's queue, its last sync) always is.
    const data = socket.data as { lastBeat?: { at: number; body: string } };
    const now = this.clock.now().getTime();
    const said = JSON.stringify(beat.data);
    if (data.lastBeat && data.lastBeat.body === said && now - data.lastBeat.at < DEVICE_HEARTBEAT_MS / 3) return { ok: true };
    data.lastBeat = { at: now, body: said };
    try {
      // In the device's district, under its policies (docs/ARCHITECTURE.md, "Tenancy").
      const beaten = await inDistrict(districtOf(socket), () => this.presence.beat(deviceId, socket.id, beat.data));
      return beaten ? { ok: true } : { ok: false, error: 'forbidden' };
    } catch (err) {
      this.logger.warn(`heartbeat failed: ${(err as Error).message}`);
      return { ok: false, error: 'unavailable' };
    }
  }

  async handleDisconnect(socket: Socket): Promise<void> {
    const deviceId = deviceOf(socket);
    if (!deviceId) return;
    await inDistrict(districtOf(socket), () => this.presence.left(deviceId, socket.id)).catch((err: unknown) =>
      this.logger.warn(`presence of ${deviceId} not recorded: ${(err as Error).message}`),
    );
  }
}
