import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type {
  TCheckinRecord,
  TCheckinSession,
  TCreateCheckinSessionRequest,
  TIssuedKioskDevice,
  TKioskDevice,
  TListCheckinsResponse,
  ZListCheckinsQuery,
} from '@learnweek/contracts';
import { DEVICE_ONLINE_MS, ZDeviceKind, type ZCreateKioskDeviceRequest } from '@learnweek/contracts';
import { sha256, type KioskDevice } from '@learnweek/db';
import type { z } from 'zod';
import { toChinaWallClock } from '../../core/clock/china-time.js';
import { Clock } from '../../core/clock/clock.js';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { ApiException, fieldError, notFound } from '../../core/errors/api.exception.js';
import { XLSX } from '../../core/http/xlsx.js';
import { LiveEvents } from '../../core/live/live-events.js';
import { DATE_TIME_SECONDS } from '../../core/xlsx/print-layout.js';
import { streamingSheet, type TExportFile } from '../../core/xlsx/streaming.js';
import { AuditService } from '../audit/audit.service.js';
import { CampaignService } from '../campaign/campaign.service.js';
import { CheckinAdminRepository } from './checkin-admin.repository.js';
import { posterFont, posterPdf } from './checkin-poster.js';
import { toSession } from './checkin.mapper.js';

type TCheckinRow = Awaited<ReturnType<CheckinAdminRepository['checkins']>>['items'][number];

const toRecord = (c: TCheckinRow): TCheckinRecord => ({
  id: c.id,
  sessionId: c.sessionId,
  name: c.name,
  unitId: c.unitId,
  isResident: c.isResident,
  source: c.source === 'self' || c.source === 'import' ? c.source : 'staff',
  at: c.at.toISOString(),
  unitName: c.unit?.name ?? null,
  town: c.unit?.town.name ?? null,
});
const iso = (d: Date | null) => d?.toISOString() ?? null;
/** A device as the control room sees it at `now`: online while its heartbeats keep coming. */
const toDevice = (d: KioskDevice & { session: { venue: string } | null }, now: Date): TKioskDevice => ({
  id: d.id,
  kind: ZDeviceKind.parse(d.kind),
  name: d.name,
  sessionId: d.sessionId,
  venue: d.session?.venue ?? null,
  createdAt: d.createdAt.toISOString(),
  expiresAt: iso(d.expiresAt),
  revokedAt: iso(d.revokedAt),
  online: isOnline(d, now),
  lastSeenAt: iso(d.lastSeenAt),
  queueLength: d.queueLength,
  lastSyncAt: iso(d.lastSyncAt),
  version: d.version,
});
/** A desk link works until this long after its venue's last session closes: a queue synced late still goes through. */
const DESK_GRACE_MS = 24 * 3_600_000;

/** Online: a heartbeat within DEVICE_ONLINE_MS and no disconnection since. */
export const isOnline = (d: Pick<KioskDevice, 'lastSeenAt' | 'disconnectedAt' | 'revokedAt'>, now: Date): boolean =>
  !d.revokedAt &&
  d.lastSeenAt !== null &&
  now.getTime() - d.lastSeenAt.getTime() < DEVICE_ONLINE_MS &&
  !(d.disconnectedAt && d.disconnectedAt >= d.lastSeenAt);

const SOURCES = { self: '扫码', staff: '签到台', import: '导入' } as const;

/** The organizer's side of check-in: sessions and their posters, ceremony screens, the list of who came. */
@Injectable()
export class CheckinAdminService {
  constructor(
    private readonly repo: CheckinAdminRepository,
    private readonly campaigns: CampaignService,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @Inject(APP_OPTIONS) private readonly options: Pick<AppOptions, 'config'>,
  ) {}

  async createSession(campaignId: string, req: TCreateCheckinSessionRequest): Promise<TCheckinSession> {
    await this.campaigns.get(campaignId);
    const s = await this.repo.createSession({
      campaignId,
      name: req.name,
      venue: req.venue,
      kind: req.kind,
      opensAt: new Date(req.opensAt),
      closesAt: new Date(req.closesAt),
      qrSecret: randomBytes(18).toString('base64url'),
    });
    return toSession(s);
  }

  private async session(id: string) {
    const s = await this.repo.findSessionWithCampaign(id);
    if (!s) throw notFound();
    return s;
  }

  /** The venue poster (A4 PDF) whose QR opens the self check-in page at `origin`. */
  async poster(sessionId: string, origin: string): Promise<{ filename: string; pdf: Buffer }> {
    const s = await this.session(sessionId);
    const font = posterFont(this.options.config.pdfFont);
    if (!font) throw new ApiException(503, 'noCjkFont');
    const pdf = await posterPdf({
      campaignTitle: s.campaign.title,
      theme: s.campaign.theme,
      sessionName: s.name,
      venue: s.venue,
      url: new URL(toSession(s).selfCheckinPath, origin).toString(),
      font,
    });
    return { filename: `${s.name}签到二维码.pdf`, pdf };
  }

  async checkins(sessionId: string, q: z.output<typeof ZListCheckinsQuery>): Promise<TListCheckinsResponse> {
    await this.session(sessionId);
    const { total, items } = await this.repo.checkins(sessionId, q.q, (q.page - 1) * q.pageSize, q.pageSize);
    return { total, page: q.page, pageSize: q.pageSize, items: items.map(toRecord) };
  }

  /** Who came, in arrival order, as .xlsx (streamed). */
  async checkinsXlsx(sessionId: string): Promise<TExportFile> {
    const s = await this.session(sessionId);
    return {
      filename: `${s.name}签到名单.xlsx`,
      contentType: XLSX,
      write: async (out) => {
        const sheet = streamingSheet(
          out,
          '签到名单',
          `${s.campaign.title} ${s.name}签到名单`,
          [
            { header: '序号', width: 6 },
            { header: '姓名', width: 14 },
            { header: '单位', width: 30 },
            { header: '镇（街道）', width: 12 },
            { header: '身份', width: 8 },
            { header: '方式', width: 10 },
            { header: '签到时间', width: 20, numFmt: DATE_TIME_SECONDS },
          ],
          { exportedAt: this.clock.now(), keyColumns: 2 },
        );
        let n = 0;
        for await (const page of this.repo.allCheckins(sessionId)) {
          for (const c of page)
            sheet.add([
              ++n,
              c.name,
              c.unit?.name ?? '',
              c.unit?.town.name ?? '',
              c.isResident ? '居民' : '单位',
              SOURCES[c.source as keyof typeof SOURCES] ?? c.source,
              toChinaWallClock(c.at),
            ]);
          await sheet.drained();
        }
        await sheet.end();
      },
    };
  }

  /** The campaign's screens and desk links with their presence: the control room. */
  async devices(campaignId: string): Promise<TKioskDevice[]> {
    const now = this.clock.now();
    const devices = await this.repo.devices(campaignId);
    // None: a campaign unknown (or another district's) is 404, not an empty list.
    if (devices.length === 0) await this.campaigns.get(campaignId);
    return devices.map((d) => toDevice(d, now));
  }

  /**
   * A new screen token or desk link, shown once. A screen belongs to a venue (the main venue when
   * none is named) and opens at `/kiosk/?token=…`; a desk link at `/kiosk/checkin/<session>?d=…`,
   * checking people in at that venue's sessions until a day after the venue's last one closes
   * (a queue synced late still goes through).
   */
  async issueDevice(campaignId: string, req: z.output<typeof ZCreateKioskDeviceRequest>, origin: string): Promise<TIssuedKioskDevice> {
    await this.campaigns.get(campaignId);
    const sessions = await this.repo.venueSessions(campaignId);
    const session = req.sessionId ? sessions.find((s) => s.id === req.sessionId) : (sessions.find((s) => s.kind === 'main') ?? sessions[0]);
    if (req.sessionId && !session) throw fieldError(400, 'sessionId', 'lw.deskNeedsVenue');
    const desk = req.kind === 'desk';
    const token = `${desk ? 'desk' : 'kiosk'}_${randomBytes(24).toString('base64url')}`;
    const lastClose = Math.max(...sessions.filter((s) => s.venue === session?.venue).map((s) => s.closesAt.getTime()));
    const d = await this.repo.createDevice({
      campaignId,
      kind: req.kind,
      name: req.name,
      tokenHash: sha256(token),
      sessionId: session?.id ?? null,
      expiresAt: desk ? new Date(lastClose + DESK_GRACE_MS) : null,
      createdAt: this.clock.now(),
    });
    await this.audit.record({ kind: desk ? 'desk.issued' : 'screen.issued', campaignId, target: req.name });
    const wallPath = desk ? `/kiosk/checkin/${session!.id}?d=${token}` : `/kiosk/?token=${token}`;
    return { device: toDevice(d, this.clock.now()), token, wallPath, url: new URL(wallPath, origin).toString() };
  }

  /** Revokes a screen or a desk link: its token stops working and a page showing now is disconnected. */
  async revokeDevice(id: string): Promise<TKioskDevice> {
    const d = await this.repo.revokeDevice(id, this.clock.now());
    if (!d) throw notFound();
    await this.live.disconnectDevice(id);
    await this.audit.record({ kind: d.kind === 'desk' ? 'desk.revoked' : 'screen.revoked', campaignId: d.campaignId, target: d.name });
    return toDevice(d, this.clock.now());
  }
}
