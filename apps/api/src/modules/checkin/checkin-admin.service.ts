import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type {
  TCheckinRecord,
  TCheckinSession,
  TCreateCheckinSessionRequest,
  TIssuedKioskDevice,
  TKioskDevice,
  TListCheckinsResponse,
  ZListCheckinsQuery,
} from '@learnweek/contracts';
import { sha256, type KioskDevice } from '@learnweek/db';
import type { z } from 'zod';
import { toChinaWallClock } from '../../core/clock/china-time.js';
import { Clock } from '../../core/clock/clock.js';
import { ApiException, notFound } from '../../core/errors/api.exception.js';
import { XLSX } from '../../core/http/xlsx.js';
import { LiveEvents } from '../../core/live/live-events.js';
import { DATE_TIME_SECONDS } from '../../core/xlsx/print-layout.js';
import { streamingSheet, type TExportFile } from '../../core/xlsx/streaming.js';
import { AuditService } from '../audit/audit.service.js';
import { CampaignService } from '../campaign/campaign.service.js';
import { CheckinAdminRepository } from './checkin-admin.repository.js';
import { posterFont, posterPdf } from './checkin-poster.js';
import { toSession } from './checkin.service.js';

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
const toDevice = (d: KioskDevice): TKioskDevice => ({
  id: d.id,
  name: d.name,
  createdAt: d.createdAt.toISOString(),
  lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
  revokedAt: d.revokedAt?.toISOString() ?? null,
});
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
    const font = posterFont();
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
          for (const c of page) sheet.add([++n, c.name, c.unit?.name ?? '', c.unit?.town.name ?? '', c.isResident ? '居民' : '单位', SOURCES[c.source as keyof typeof SOURCES] ?? c.source, toChinaWallClock(c.at)]);
          await sheet.drained();
        }
        await sheet.end();
      },
    };
  }

  async devices(campaignId: string): Promise<TKioskDevice[]> {
    return (await this.repo.devices(campaignId)).map(toDevice);
  }

  /** A new screen token, shown once; the wall opens at `/kiosk/?token=…`. */
  async issueDevice(campaignId: string, name: string): Promise<TIssuedKioskDevice> {
    await this.campaigns.get(campaignId);
    const token = `kiosk_${randomBytes(24).toString('base64url')}`;
    const d = await this.repo.createDevice({ campaignId, name, tokenHash: sha256(token) });
    await this.audit.record({ kind: 'screen.issued', campaignId, target: name });
    return { device: toDevice(d), token, wallPath: `/kiosk/?token=${token}` };
  }

  /** Revokes a screen: its token stops working and a wall showing now is disconnected. */
  async revokeDevice(id: string): Promise<TKioskDevice> {
    const d = await this.repo.revokeDevice(id, this.clock.now());
    if (!d) throw notFound();
    await this.live.disconnectDevice(id);
    await this.audit.record({ kind: 'screen.revoked', campaignId: d.campaignId, target: d.name });
    return toDevice(d);
  }
}
