import { timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  CHECKIN_MESSAGES,
  formatMessage,
  maskName,
  ZCheckinSource,
  type TCheckinPublic,
  type TCheckinWindow,
  type TCreateCheckinRequest,
  type TCreateCheckinResponse,
  type TLocale,
} from '@learnweek/contracts';
import { type CheckinSession, currentDistrict } from '@learnweek/db';
import { checksInAt, deskServes, hasRole, type Principal } from '../../core/auth/principal.js';
import { Clock } from '../../core/clock/clock.js';
import { ApiException, campaignClosed, fieldError, forbidden, notFound } from '../../core/errors/api.exception.js';
import { LiveEvents } from '../../core/live/live-events.js';
import { CampaignService } from '../campaign/campaign.service.js';
import { CheckinRepository } from './checkin.repository.js';
import { CheckinWriter, SCAN_TOLERANCE_MS } from './checkin-writer.js';
import { campaignPersonKey, phoneHash } from './person-keys.js';
import { addressTag, devicePersonKey, SelfCheckinPolicy } from './self-checkin-policy.js';

/** Public pages answer a wrong or replaced venue secret, and an unknown session, in words a resident reads. */
const linkInvalid = (status: 403 | 404) => new ApiException(status, 'checkinLinkInvalid');

const secretMatches = (given: string | undefined, expected: string) => {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

const timeOf = (d: Date, locale: TLocale) =>
  new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);

/** Sessions change rarely and every check-in needs one: kept for a few seconds. */
const SESSION_TTL_MS = 10_000;

/** A queued desk check-in may arrive this long after its session closed (scanned in time, synced late). */
const LATE_SYNC_MS = 24 * 3_600_000;

type TSessionWithStatus = CheckinSession & { campaign: { status: string; personSecret: string } };

/** Whether check-ins are taken now, as the phone page tells it before its form (the same bounds as assertOpen). */
export function windowOf(session: TSessionWithStatus, now: Date): TCheckinWindow {
  if (session.campaign.status === 'closed') return 'campaignClosed';
  if (session.campaign.status !== 'published') return 'notPublished';
  if (now.getTime() < session.opensAt.getTime() - SCAN_TOLERANCE_MS) return 'upcoming';
  if (now.getTime() > session.closesAt.getTime() + SCAN_TOLERANCE_MS) return 'ended';
  return 'open';
}

/** 201 for a new check-in, 200 for one already there (the body says so). */
type TCheckinAnswer = { status: 200 | 201; body: TCreateCheckinResponse };

/**
 * Check-ins are taken only while the campaign runs and inside the session's window: the scan
 * within [opensAt, closesAt] (± the clock tolerance), not in the future, and not synced later
 * than a day after the close.
 */
function assertOpen(session: TSessionWithStatus, at: Date, receivedAt: Date): void {
  if (session.campaign.status === 'closed') throw campaignClosed();
  if (session.campaign.status !== 'published') throw new ApiException(409, 'checkinNotOpen');
  if (at.getTime() > receivedAt.getTime() + SCAN_TOLERANCE_MS) throw fieldError(400, 'scannedAt', 'lw.scannedInFuture');
  const early = at.getTime() < session.opensAt.getTime() - SCAN_TOLERANCE_MS;
  const late =
    at.getTime() > session.closesAt.getTime() + SCAN_TOLERANCE_MS || receivedAt.getTime() > session.closesAt.getTime() + LATE_SYNC_MS;
  if (early || late) throw new ApiException(409, 'checkinNotOpen');
}

/**
 * Taking a check-in: who may (staff, a desk, the holder of the venue QR's secret), when (the
 * session's window), who it is (the key that counts a person once), a burst held for review, the
 * write (CheckinWriter's group commit) and the answer; and the phone page's data before its form.
 * The attendee lists are AttendeeService's, what the check-ins add up to CheckinFiguresService's.
 */
@Injectable()
export class CheckinService {
  /**
   * Kept by district and id (docs/ARCHITECTURE.md, "Tenancy"): what one district's work read is never the
   * answer to another's, whichever ids it names.
   */
  private readonly sessionCache = new Map<string, { session: TSessionWithStatus; until: number }>();
  private readonly invitedCache = new Map<string, { units: Set<string>; until: number }>();

  constructor(
    private readonly repo: CheckinRepository,
    private readonly writer: CheckinWriter,
    private readonly campaigns: CampaignService,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
    private readonly policy: SelfCheckinPolicy,
  ) {}

  private async cachedSession(id: string): Promise<TSessionWithStatus | null> {
    const key = `${currentDistrict() ?? '-'} ${id}`;
    const hit = this.sessionCache.get(key);
    if (hit && hit.until > performance.now()) return hit.session;
    const session = await this.repo.findSession(id);
    if (session) {
      if (this.sessionCache.size > 1_000) this.sessionCache.clear();
      this.sessionCache.set(key, { session, until: performance.now() + SESSION_TTL_MS });
    }
    return session;
  }

  /**
   * The units a campaign's check-ins may name: those taking part in it (invited), kept as briefly as
   * sessions; a campaign with none yet (a small district trying the ceremony out) takes every active
   * unit of its district. Cached by district and campaign (docs/ARCHITECTURE.md, "Tenancy").
   */
  private async invitedUnits(session: { districtId: string; campaignId: string }): Promise<Set<string>> {
    const key = `${session.districtId}:${session.campaignId}`;
    const hit = this.invitedCache.get(key);
    if (hit && hit.until > performance.now()) return hit.units;
    const invited = await this.repo.invitedUnitIds(session.campaignId);
    const units = new Set(invited.length > 0 ? invited : (await this.repo.listUnits(session.districtId)).map((u) => u.id));
    if (this.invitedCache.size > 100) this.invitedCache.clear();
    this.invitedCache.set(key, { units, until: performance.now() + SESSION_TTL_MS });
    return units;
  }

  /**
   * Counts a person once per session. Staff and organizers check people in with their
   * sign-in; anyone else must present the venue QR's secret. 201 new, 200 duplicate (the same
   * person, or the same idempotency key again: a retry), 409 for a key reused for another person,
   * outside the session's window, or in a campaign that is not running. A self check-in counts a
   * person, not a request (SelfCheckinPolicy): six people a phone, and a burst from one `address`
   * held for review (none given: the server's own demo traffic).
   */
  async checkin(
    sessionId: string,
    req: TCreateCheckinRequest,
    principal: Principal | undefined,
    locale: TLocale,
    address?: string,
  ): Promise<TCheckinAnswer> {
    const session = await this.cachedSession(sessionId);
    if (!session) throw principal?.kind === 'user' && hasRole(principal, 'checkinStaff', 'organizer') ? notFound() : linkInvalid(404);
    // A desk link of another venue is refused, whatever secret it sends.
    if (principal?.kind === 'desk' && !deskServes(principal, session)) throw forbidden();
    const staff = checksInAt(principal, session);
    if (!staff && !secretMatches(req.secret, session.qrSecret)) throw linkInvalid(403);
    const receivedAt = this.clock.now();
    // A desk's queued check-in keeps the moment of its scan; a phone's own check-in is now.
    const at = staff && req.scannedAt ? new Date(req.scannedAt) : receivedAt;
    assertOpen(session, at, receivedAt);
    const { attendeeId, phone, personKey, unitId, unitRow } = await this.identify(session, req, staff);
    const source = ZCheckinSource.parse(staff ? 'staff' : 'self');
    const personAcross = campaignPersonKey(personKey, session.campaign.personSecret, req.phone);
    // The rehearsal's load (its own session) is one address by design: the rules are for real crowds.
    if (!staff && !session.rehearsal) {
      if (req.deviceKey && personKey.startsWith('device:')) await this.policy.assertDeviceRoom(sessionId, req.deviceKey, personKey);
      if (address !== undefined && (await this.policy.isBurst(session, address, receivedAt))) {
        const held = await this.holdBurst(
          session,
          req,
          { personKey, campaignPersonKey: personAcross, unitId, phone, address, receivedAt },
          locale,
        );
        if (held) return held;
      }
    }
    const written = await this.writer.write({
      sessionId,
      personKey,
      campaignPersonKey: personAcross,
      idempotencyKey: req.idempotencyKey,
      name: req.name,
      unitId,
      isResident: unitId === null,
      phoneHash: phone,
      attendeeId,
      source,
      at,
      receivedAt,
      campaignId: session.campaignId,
      districtId: session.districtId,
      created: {
        sessionId,
        maskedName: maskName(req.name),
        unitName: unitRow?.name ?? null,
        town: unitRow?.town.name ?? null,
        isResident: unitId === null,
      },
    });
    // Only a signed-in staff member is shown the first check-in's person: a desk link is a URL handed
    // to volunteers, and typing a number there must not tell who came with it.
    const disclose = staff && principal?.kind === 'user';
    if (!written) return this.alreadyIn(sessionId, req, personKey, disclose, { at, receivedAt }, locale);
    this.live.publishCommitted(written.events);
    return {
      status: 201,
      body: {
        duplicate: false,
        message: CHECKIN_MESSAGES.checkedIn[locale],
        checkin: { id: written.id, sessionId, name: req.name, unitId, isResident: unitId === null, source, at: at.toISOString() },
      },
    };
  }

  /**
   * A self check-in past its address's allowance: kept for the organiser's review, not counted
   * (201 `held`). A person already counted is answered as a duplicate instead (null: write as usual).
   */
  private async holdBurst(
    session: TSessionWithStatus,
    req: TCreateCheckinRequest,
    who: { personKey: string; campaignPersonKey: string; unitId: string | null; phone: string | null; address: string; receivedAt: Date },
    locale: TLocale,
  ): Promise<TCheckinAnswer | null> {
    if (await this.repo.findExisting(session.id, who.personKey, req.idempotencyKey)) return null;
    const hold = await this.repo.hold({
      sessionId: session.id,
      personKey: who.personKey,
      campaignPersonKey: who.campaignPersonKey,
      idempotencyKey: req.idempotencyKey,
      name: req.name,
      unitId: who.unitId,
      phoneHash: who.phone,
      addressHash: addressTag(session.qrSecret, who.address),
      at: who.receivedAt,
    });
    return {
      status: 201,
      body: {
        duplicate: false,
        held: true,
        message: CHECKIN_MESSAGES.held[locale],
        checkin: {
          id: hold.id,
          sessionId: session.id,
          name: req.name,
          unitId: who.unitId,
          isResident: who.unitId === null,
          source: 'self',
          at: hold.at.toISOString(),
        },
      },
    };
  }

  /**
   * Who is checking in (400 for a unit not taking part in the campaign or an attendee that is not
   * there): the attendee of the session's list, the unit, and the key that counts the person once
   * in the session. A phone's check-in without a number is its device and the name (a family on one phone).
   */
  private async identify(session: TSessionWithStatus, req: TCreateCheckinRequest, staff: boolean) {
    const unit = req.unitId ? await this.repo.findUnit(req.unitId) : null;
    if (req.unitId && !unit) throw fieldError(400, 'unitId', 'lw.unknownUnit');
    if (unit && !(await this.invitedUnits(session)).has(unit.id)) throw fieldError(400, 'unitId', 'lw.unitNotInvited');
    const attendee = req.attendeeId ? await this.repo.findAttendee(session.id, req.attendeeId) : null;
    if (req.attendeeId && !attendee) throw fieldError(400, 'attendeeId', 'lw.unknownAttendee');
    const phone = req.phone ? phoneHash(session.qrSecret, req.phone) : null;
    const device = req.deviceKey ? (staff ? `device:${req.deviceKey}` : devicePersonKey(req.deviceKey, req.name)) : null;
    const personKey = attendee ? `attendee:${attendee.id}` : phone ? `phone:${phone}` : (device ?? `key:${req.idempotencyKey}`);
    const unitId = attendee?.unitId ?? unit?.id ?? null;
    const unitRow = unitId ? (unit ?? (await this.repo.findUnit(unitId))) : null;
    return { attendeeId: attendee?.id ?? null, phone, personKey, unitId, unitRow };
  }

  /**
   * A check-in the statement did not write: the person (or the same idempotency key, a retry) is
   * already in — 200 with the first check-in — or a key reused for someone else, or a refusal.
   */
  private async alreadyIn(
    sessionId: string,
    req: TCreateCheckinRequest,
    personKey: string,
    disclose: boolean,
    when: { at: Date; receivedAt: Date },
    locale: TLocale,
  ): Promise<TCheckinAnswer> {
    const first = await this.repo.findExisting(sessionId, personKey, req.idempotencyKey);
    if (!first) return this.refused(sessionId, when.at, when.receivedAt);
    if (first.idempotencyKey === req.idempotencyKey && first.personKey !== personKey) throw new ApiException(409, 'checkinKeyReused');
    // A phone is told it is counted and nothing more: the first check-in may be someone else's
    // (their number typed by another), so its name, unit and time stay on the server.
    if (!disclose) {
      const unitId = req.unitId ?? null;
      return {
        status: 200,
        body: {
          duplicate: true,
          message: CHECKIN_MESSAGES.alreadyCounted[locale],
          checkin: {
            id: first.id,
            sessionId,
            name: req.name,
            unitId,
            isResident: unitId === null,
            source: 'self',
            at: when.receivedAt.toISOString(),
          },
        },
      };
    }
    return {
      status: 200,
      body: {
        duplicate: true,
        message: formatMessage(CHECKIN_MESSAGES.alreadyCheckedIn[locale], { time: timeOf(first.at, locale) }),
        checkin: {
          id: first.id,
          sessionId,
          name: first.name,
          unitId: first.unitId,
          isResident: first.isResident,
          source: ZCheckinSource.parse(first.source),
          at: first.at.toISOString(),
        },
      },
    };
  }

  /**
   * Not written and nothing there: the statement refused it (the campaign or the window changed
   * since the session was cached). Says why from the database's current state.
   */
  private async refused(sessionId: string, at: Date, receivedAt: Date): Promise<never> {
    this.sessionCache.delete(`${currentDistrict() ?? '-'} ${sessionId}`);
    const fresh = await this.repo.findSession(sessionId);
    if (!fresh) throw notFound();
    assertOpen(fresh, at, receivedAt);
    throw new ApiException(409, 'conflict');
  }

  /**
   * The phone page's data: for the holder of the venue secret, or signed-in staff. Whether it is
   * open now (by the server's clock, sent along) and every unit taking part, all of them.
   */
  async publicInfo(sessionId: string, secret: string | undefined, principal: Principal | undefined): Promise<TCheckinPublic> {
    const session = await this.repo.findSession(sessionId);
    if (!session) throw principal?.kind === 'user' && hasRole(principal, 'checkinStaff', 'organizer') ? notFound() : linkInvalid(404);
    if (principal?.kind === 'desk' && !deskServes(principal, session)) throw forbidden();
    if (!checksInAt(principal, session) && !secretMatches(secret, session.qrSecret)) throw linkInvalid(403);
    const campaign = await this.campaigns.get(session.campaignId);
    const invited = await this.invitedUnits(session);
    const units = (await this.repo.listUnits(session.districtId)).filter((u) => invited.has(u.id));
    const now = this.clock.now();
    return {
      sessionId,
      name: session.name,
      venue: session.venue,
      campaignTitle: campaign.title,
      window: windowOf(session, now),
      opensAt: session.opensAt.toISOString(),
      closesAt: session.closesAt.toISOString(),
      now: now.toISOString(),
      units: units.map((u) => ({ id: u.id, name: u.name, town: u.town.name })),
    };
  }
}
