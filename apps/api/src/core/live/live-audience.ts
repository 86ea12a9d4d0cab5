import type { TLiveEventType } from '@learnweek/contracts';
import { hasRole, type Principal } from '../auth/principal.js';

/**
 * Who may see which live event: the feed shows what REST would. Each event goes to the rooms of
 * its audiences, and a subscriber joins the rooms its principal may read; a replay from the outbox
 * uses the filter that matches those same rooms (`replayMatches` is its reference, the SQL in
 * OutboxRepository.since follows it).
 *
 * - a unit's workflow events → the reviewers (organizer, approvers) and that unit's coordinators
 * - check-in events → who reads check-in stats by REST: organizer, check-in staff, a session's followers
 * - the ceremony wall (a screen of the campaign) → check-ins (`checkin.created` alone: it carries
 *   the totals), held activities (its ticker) and `exemplar.published` (its rotating panel)
 *
 * An event's rooms follow from its type and scope alone, never from its data: an audience that
 * wants part of a type's events gets an event type of its own (`exemplar.published`, not the
 * `nomination.transitioned` steps that end in `published`), so the SQL of a replay filters by
 * type, unit and scope only.
 * - a load rehearsal's check-ins → the followers of its session only (its simulated walls)
 *
 * Every room is named in its district (`district:<id>:…`, docs/ARCHITECTURE.md, "Tenancy"): the
 * district of an event is its outbox row's, the district of a subscription its campaign's as the
 * database has it, and a signed-in user is granted the rooms of their own district only.
 */
export const liveRooms = {
  reviewers: (districtId: string, campaignId: string) => `district:${districtId}:campaign:${campaignId}:reviewers`,
  unit: (districtId: string, campaignId: string, unitId: string) => `district:${districtId}:campaign:${campaignId}:unit:${unitId}`,
  checkin: (districtId: string, campaignId: string) => `district:${districtId}:campaign:${campaignId}:checkin`,
  wall: (districtId: string, campaignId: string) => `district:${districtId}:campaign:${campaignId}:wall`,
  session: (districtId: string, sessionId: string) => `district:${districtId}:session:${sessionId}`,
};

/** The events of a unit's workflows (their outbox row names the unit). */
export const WORKFLOW_EVENTS = [
  'participation.transitioned',
  'activity.held',
  'nomination.transitioned',
] as const satisfies readonly TLiveEventType[];
export const CHECKIN_EVENTS = ['checkin.created', 'checkin.stats'] as const satisfies readonly TLiveEventType[];
const REVIEWER_EVENTS: readonly TLiveEventType[] = WORKFLOW_EVENTS;
const WALL_EVENTS: readonly TLiveEventType[] = ['checkin.created', 'activity.held', 'exemplar.published'];

/** An outbox event as the audience rules see it. */
export interface TAudienceEvent {
  type: TLiveEventType;
  /** The district of its outbox row. */
  districtId: string;
  campaignId: string;
  checkinSessionId?: string | null;
  unitId?: string | null;
  /** A check-in event of a load rehearsal's session: for that session's followers only. */
  rehearsal?: boolean;
}

/** The rooms an event is broadcast to. */
export function eventRooms(e: TAudienceEvent): string[] {
  const [d, c] = [e.districtId, e.campaignId];
  const unit = e.unitId ? [liveRooms.unit(d, c, e.unitId)] : [];
  switch (e.type) {
    case 'participation.transitioned':
      return [liveRooms.reviewers(d, c), ...unit];
    case 'activity.held':
      return [liveRooms.reviewers(d, c), ...unit, liveRooms.wall(d, c)];
    case 'nomination.transitioned':
      return [liveRooms.reviewers(d, c), ...unit];
    case 'exemplar.published':
      return [liveRooms.wall(d, c)];
    case 'checkin.created':
    case 'checkin.stats': {
      const session = e.checkinSessionId ? [liveRooms.session(d, e.checkinSessionId)] : [];
      // A rehearsal's arrivals never reach a real wall or the campaign's check-in console.
      if (e.rehearsal) return session;
      // A wall takes its totals from `checkin.created`: one event per check-in to every wall.
      return [liveRooms.checkin(d, c), ...(e.type === 'checkin.created' ? [liveRooms.wall(d, c)] : []), ...session];
    }
  }
}

/** One way into the replay: events of these types (of this unit). */
export interface TReplayClause {
  types: readonly TLiveEventType[];
  unitId?: string;
}

/** What a subscriber may replay from the outbox: the scope's events matching any clause. */
export interface TReplayFilter {
  /** The subscription's district (the outbox's rows of its campaign or session are all of it). */
  districtId: string;
  scope: { campaignId: string } | { checkinSessionId: string };
  clauses: TReplayClause[];
}

/** What a socket follows, with the district of its campaign as the database has it (never the client's). */
export type TSubscription =
  { districtId: string; campaignId: string } | { districtId: string; checkinSessionId: string; campaignId: string };
export type TGrant = { rooms: string[]; replay: TReplayFilter };

/** Whether a principal may follow check-in sessions at all (REST: the stats of a session). */
export const followsCheckins = (p: Principal) => p.kind === 'kiosk' || (p.kind === 'user' && hasRole(p, 'organizer', 'checkinStaff'));

/** The rooms a principal may join for a subscription and what it may replay; undefined: refused. */
export function grantFor(p: Principal, sub: TSubscription): TGrant | undefined {
  // A desk link's socket carries its heartbeats only (modules/checkin/presence): it follows nothing.
  if (p.kind === 'desk') return undefined;
  // A user follows their own district's campaigns only (a screen, its own campaign: in its district).
  if (p.kind === 'user' && (p.districtId === null || p.districtId !== sub.districtId)) return undefined;
  const [d, c] = [sub.districtId, sub.campaignId];
  if ('checkinSessionId' in sub) {
    const allowed = p.kind === 'kiosk' ? p.campaignId === c : hasRole(p, 'organizer', 'checkinStaff');
    if (!allowed) return undefined;
    return {
      rooms: [liveRooms.session(d, sub.checkinSessionId)],
      replay: { districtId: d, scope: { checkinSessionId: sub.checkinSessionId }, clauses: [{ types: CHECKIN_EVENTS }] },
    };
  }
  const grants: { room: string; clause: TReplayClause }[] = [];
  if (p.kind === 'kiosk') {
    if (p.campaignId !== c) return undefined;
    grants.push({ room: liveRooms.wall(d, c), clause: { types: WALL_EVENTS } });
  } else {
    if (hasRole(p, 'organizer', 'approver')) grants.push({ room: liveRooms.reviewers(d, c), clause: { types: REVIEWER_EVENTS } });
    if (hasRole(p, 'organizer', 'checkinStaff')) grants.push({ room: liveRooms.checkin(d, c), clause: { types: CHECKIN_EVENTS } });
    if (hasRole(p, 'coordinator') && p.unitId)
      grants.push({ room: liveRooms.unit(d, c, p.unitId), clause: { types: WORKFLOW_EVENTS, unitId: p.unitId } });
  }
  if (grants.length === 0) return undefined;
  return {
    rooms: [...new Set(grants.map((g) => g.room))],
    replay: { districtId: d, scope: { campaignId: c }, clauses: grants.map((g) => g.clause) },
  };
}

/** The replay filter as a predicate: the reference the SQL of OutboxRepository.since implements. */
export function replayMatches(filter: TReplayFilter, e: TAudienceEvent): boolean {
  if (e.districtId !== filter.districtId) return false;
  const inScope =
    'campaignId' in filter.scope
      ? e.campaignId === filter.scope.campaignId && !e.rehearsal
      : e.checkinSessionId === filter.scope.checkinSessionId;
  return inScope && filter.clauses.some((c) => c.types.includes(e.type) && (c.unitId === undefined || e.unitId === c.unitId));
}
