import { inDistrict } from '@learnweek/db';
import { Injectable, Logger } from '@nestjs/common';
import { DEVICE_OFFLINE_ALERT_MS, DEVICE_ONLINE_MS, type THeartbeat } from '@learnweek/contracts';
import { Clock } from '../../../core/clock/clock.js';
import { NotificationService } from '../../notification/notification.service.js';
import { PresenceRepository, type TWatchedDevice } from './presence.repository.js';
import { PrismaService } from '../../../core/prisma/prisma.service.js';

/** Heartbeats closer than this are taken once: a page cannot turn its socket into a stream of writes. */
const BEAT_MIN_GAP_MS = 5_000;
const BEATS_KEPT = 10_000;

/**
 * Since when a device has been offline at `now`, or null while it is online: from its
 * disconnection, or DEVICE_ONLINE_MS after its last heartbeat (a page that vanished without
 * closing its socket), or, never seen, from when its session opened (or it was issued, if later).
 */
export function offlineSince(d: Pick<TWatchedDevice, 'lastSeenAt' | 'disconnectedAt' | 'createdAt' | 'opensAt'>, now: Date): Date | null {
  if (!d.lastSeenAt) return new Date(Math.max(d.createdAt.getTime(), d.opensAt.getTime()));
  if (d.disconnectedAt && d.disconnectedAt >= d.lastSeenAt) return d.disconnectedAt;
  const silentFrom = d.lastSeenAt.getTime() + DEVICE_ONLINE_MS;
  return silentFrom <= now.getTime() ? new Date(silentFrom) : null;
}

const KIND_LABEL = { screen: { 'zh-CN': '大屏', en: 'Screen' }, desk: { 'zh-CN': '签到台', en: 'Desk' } } as const;

/** The ceremony's screens and desks as the control room sees them: heartbeats in, offline alerts out. */
@Injectable()
export class PresenceService {
  private readonly logger = new Logger('presence');
  private readonly lastBeat = new Map<string, number>();

  constructor(
    private readonly repo: PresenceRepository,
    private readonly notifications: NotificationService,
    private readonly clock: Clock,
    private readonly prisma: PrismaService,
  ) {}

  /** A heartbeat of a screen or desk on one of its sockets; false for a revoked one. */
  async beat(deviceId: string, socketId: string, beat: THeartbeat): Promise<boolean> {
    const now = this.clock.now();
    const key = `${deviceId} ${socketId}`;
    const last = this.lastBeat.get(key);
    if (last !== undefined && now.getTime() - last >= 0 && now.getTime() - last < BEAT_MIN_GAP_MS) return true;
    if (this.lastBeat.size >= BEATS_KEPT) this.lastBeat.clear();
    this.lastBeat.set(key, now.getTime());
    return this.repo.beat(deviceId, socketId, now, beat);
  }

  /** Its page closed (or lost its connection): offline from now, unless another of its sockets beat since. */
  async left(deviceId: string, socketId: string): Promise<void> {
    this.lastBeat.delete(`${deviceId} ${socketId}`);
    await this.repo.left(deviceId, socketId, this.clock.now());
  }

  /**
   * Tells the organizers (in the app, and by email when SMTP is set) of each screen or desk of an
   * open session offline for more than DEVICE_OFFLINE_ALERT_MS, once per outage. Returns how many
   * outages were reported.
   */
  async alertOffline(): Promise<number> {
    const now = this.clock.now();
    let reported = 0;
    // District by district: each district's devices, told to its own organizers.
    const watched = (
      await this.prisma.eachDistrict((district) => this.repo.watched(now).then((ds) => ds.map((d) => ({ d, district }))))
    ).flat();
    for (const { d, district } of watched) {
      const since = offlineSince(d, now);
      if (!since || now.getTime() - since.getTime() <= DEVICE_OFFLINE_ALERT_MS) continue;
      try {
        await inDistrict(district, () => this.report(d, since, now));
        reported += 1;
      } catch (err) {
        this.logger.error(`offline alert for ${d.id} failed: ${(err as Error).message}`);
      }
    }
    return reported;
  }

  private async report(d: TWatchedDevice, since: Date, now: Date): Promise<void> {
    const kind = d.kind === 'desk' ? 'desk' : 'screen';
    const minutes = Math.max(1, Math.round((now.getTime() - since.getTime()) / 60_000));
    await this.notifications.notifyOrganizers(
      d.campaignId,
      {
        kind: 'deviceOffline',
        title: {
          'zh-CN': `${KIND_LABEL[kind]['zh-CN']}「${d.name}」（${d.venue}）已离线`,
          en: `${KIND_LABEL[kind].en} “${d.name}” (${d.venue}) is offline`,
        },
        body: {
          'zh-CN': `已离线约 ${minutes} 分钟。请到现场检查设备的电源和网络，或在「签到管理」的签到现场总控中查看。`,
          en: `Offline for about ${minutes} min. Check the device's power and network on site, or see the control room under Check-in.`,
        },
        link: `/admin/campaigns/${d.campaignId}/checkin`,
        dedupeKey: `deviceOffline:${d.id}:${since.toISOString()}`,
      },
      now,
    );
    await this.repo.markAlerted(d.id, now);
  }
}
