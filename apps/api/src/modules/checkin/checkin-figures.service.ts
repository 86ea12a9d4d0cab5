import { Injectable } from '@nestjs/common';
import type { TCheckinFigures, TCheckinSession, TCheckinStats, TKioskWall } from '@learnweek/contracts';
import type { Principal } from '../../core/auth/principal.js';
import { forbidden, notFound } from '../../core/errors/api.exception.js';
import { OutboxRepository } from '../../core/live/outbox.repository.js';
import { CampaignService } from '../campaign/campaign.service.js';
import { ExemplarService } from '../nomination/exemplars/exemplar.service.js';
import { toNewest, toSession } from './checkin.mapper.js';
import { CheckinRepository } from './checkin.repository.js';

/**
 * What the check-ins add up to, read from the database: a campaign's sessions, a session's stats
 * (the console), the campaign's figures (people once across the venues) and the ceremony wall's
 * whole state, with the outbox's position its live feed follows from.
 */
@Injectable()
export class CheckinFiguresService {
  constructor(
    private readonly repo: CheckinRepository,
    private readonly campaigns: CampaignService,
    private readonly outbox: OutboxRepository,
    private readonly exemplars: ExemplarService,
  ) {}

  async sessions(campaignId: string, principal: Principal): Promise<TCheckinSession[]> {
    if (principal.kind === 'kiosk' && principal.campaignId !== campaignId) throw forbidden();
    const sessions = await this.repo.listSessions(campaignId);
    // None: a campaign unknown (or another district's) is 404, not an empty list.
    if (sessions.length === 0) await this.campaigns.get(campaignId);
    return sessions.map(toSession);
  }

  async stats(sessionId: string, principal: Principal): Promise<TCheckinStats> {
    const session = await this.repo.findSession(sessionId);
    if (!session) throw notFound();
    if (principal.kind === 'kiosk' && principal.campaignId !== session.campaignId) throw forbidden();
    const ids = [sessionId];
    const [total, byUnit, byTown, newest] = await Promise.all([
      this.repo.countSession(sessionId),
      this.repo.byUnit(ids),
      this.repo.byTown(ids),
      this.repo.newest(ids),
    ]);
    return {
      sessionId,
      total,
      byUnit,
      byTown,
      newest: newest.map(toNewest),
    };
  }

  /** People (each once across the venues), scans, and each venue's total: what the wall's headline follows. */
  async figures(campaignId: string, principal: Principal): Promise<TCheckinFigures> {
    if (principal.kind === 'kiosk' && principal.campaignId !== campaignId) throw forbidden();
    await this.campaigns.get(campaignId);
    const ids = (await this.repo.listSessions(campaignId)).map((s) => s.id);
    const [{ people, scans }, totals, byTown] = await Promise.all([this.repo.people(ids), this.repo.totals(ids), this.repo.byTown(ids)]);
    const count = new Map(totals.map((t) => [t.sessionId, t._count]));
    return { campaignId, people, scans, sessions: ids.map((sessionId) => ({ sessionId, total: count.get(sessionId) ?? 0 })), byTown };
  }

  /**
   * The ceremony wall of a screen: every session of its campaign together (主会场 + 分会场), and its
   * own venue (its session; the main venue for a screen issued before venues) with the link its
   * QR encodes at `origin`.
   */
  async wall(campaignId: string, screenSessionId: string | null, origin: string): Promise<TKioskWall> {
    const campaign = await this.campaigns.get(campaignId);
    const sessions = await this.repo.listSessions(campaignId);
    const own = sessions.find((s) => s.id === screenSessionId) ?? sessions.find((s) => s.kind === 'main') ?? sessions[0];
    const ids = sessions.map((s) => s.id);
    const [totals, figures, byTown, newest, held, lastSeq, exemplars] = await Promise.all([
      this.repo.totals(ids),
      this.repo.people(ids),
      this.repo.byTown(ids),
      this.repo.newest(ids),
      this.repo.recentHeld(campaignId),
      this.outbox.lastSeq(campaignId),
      campaign.rules.exemplarsOnWall ? this.exemplars.publicExemplars(campaignId).then((p) => p.items) : Promise.resolve([]),
    ]);
    const count = new Map(totals.map((t) => [t.sessionId, t._count]));
    return {
      campaignId,
      title: campaign.title,
      theme: campaign.theme,
      timeline: campaign.timeline,
      screen: own
        ? {
            sessionId: own.id,
            name: own.name,
            venue: own.venue,
            kind: toSession(own).kind,
            checkinUrl: new URL(toSession(own).selfCheckinPath, origin).toString(),
            opensAt: own.opensAt.toISOString(),
            closesAt: own.closesAt.toISOString(),
          }
        : null,
      sessions: sessions.map((s) => ({ ...toSession(s), total: count.get(s.id) ?? 0 })),
      people: figures.people,
      scans: figures.scans,
      byTown,
      newest: newest.map(toNewest),
      held: held.map((a) => ({
        activityId: a.id,
        unitName: a.participation.unit.name,
        title: a.title,
        actualParticipants: a.actualParticipants ?? 0,
        at: (a.heldAt ?? a.endsAt).toISOString(),
      })),
      exemplars: exemplars.map((x) => ({
        id: x.id,
        kind: x.kind,
        name: x.name,
        unitName: x.unitName,
        text: (x.story || x.achievements).slice(0, 140),
        photoUrl: x.photos[0]?.url ?? null,
      })),
      lastSeq,
    };
  }
}
