import { describe, expect, it } from 'vitest';
import type { TRole } from '@learnweek/contracts';
import type { Principal } from '../auth/principal.js';
import {
  eventRooms,
  followsCheckins,
  grantFor,
  liveRooms,
  replayMatches,
  type TAudienceEvent,
  type TSubscription,
} from './live-audience.js';

const D = 'district-1';
const OTHER_D = 'district-2';
const C = 'campaign-1';
const OTHER_C = 'campaign-2';
const S = 'session-1';
const A = 'unit-a';
const B = 'unit-b';

const user = (roles: TRole[], unitId: string | null = null): Principal => ({
  kind: 'user',
  id: `u-${roles.join('+')}-${unitId}`,
  username: 'x',
  displayName: 'x',
  roles,
  unitId,
  locale: 'zh-CN',
  mustChangePassword: false,
  sessionGeneration: 0,
  districtId: D,
  cityId: null,
});
const kiosk = (campaignId: string): Principal => ({
  kind: 'kiosk',
  deviceId: `d-${campaignId}`,
  campaignId,
  sessionId: null,
  districtId: 'district',
});

const PRINCIPALS: Record<string, Principal> = {
  organizer: user(['organizer']),
  approver: user(['approver']),
  coordinatorA: user(['coordinator'], A),
  coordinatorWithoutUnit: user(['coordinator']),
  checkinStaff: user(['checkinStaff']),
  approverAndCoordinatorA: user(['approver', 'coordinator'], A),
  kiosk: kiosk(C),
  kioskOfOtherCampaign: kiosk(OTHER_C),
};

const EVENTS: Record<string, TAudienceEvent> = {
  transitionedA: { type: 'participation.transitioned', districtId: D, campaignId: C, unitId: A },
  transitionedB: { type: 'participation.transitioned', districtId: D, campaignId: C, unitId: B },
  heldA: { type: 'activity.held', districtId: D, campaignId: C, unitId: A },
  heldB: { type: 'activity.held', districtId: D, campaignId: C, unitId: B },
  nominationSubmittedB: { type: 'nomination.transitioned', districtId: D, campaignId: C, unitId: B },
  nominationPublishedB: { type: 'nomination.transitioned', districtId: D, campaignId: C, unitId: B },
  exemplarPublished: { type: 'exemplar.published', districtId: D, campaignId: C },
  checkinCreated: { type: 'checkin.created', districtId: D, campaignId: C, checkinSessionId: S },
  checkinStats: { type: 'checkin.stats', districtId: D, campaignId: C, checkinSessionId: S },
  transitionedOtherCampaign: { type: 'participation.transitioned', districtId: D, campaignId: OTHER_C, unitId: A },
  checkinOtherCampaign: { type: 'checkin.created', districtId: D, campaignId: OTHER_C, checkinSessionId: 'session-2' },
  // A load rehearsal's arrival: nobody following the campaign sees it (views above leave it out).
  rehearsalCheckin: { type: 'checkin.created', districtId: D, campaignId: C, checkinSessionId: 'session-rehearsal', rehearsal: true },
};

const SUBSCRIPTIONS: Record<string, TSubscription> = {
  campaign: { districtId: D, campaignId: C },
  session: { districtId: D, checkinSessionId: S, campaignId: C },
  rehearsalSession: { districtId: D, checkinSessionId: 'session-rehearsal', campaignId: C },
};

/** The events a principal receives live on a subscription (by the rooms it joins). */
function liveView(p: Principal, sub: TSubscription): string[] | 'refused' {
  const g = grantFor(p, sub);
  if (!g) return 'refused';
  return Object.entries(EVENTS)
    .filter(([, e]) => eventRooms(e).some((r) => g.rooms.includes(r)))
    .map(([name]) => name);
}

describe('the live feed shows what REST would', () => {
  it('gives each principal on a campaign subscription exactly its audience’s events', () => {
    const view = (name: string) => liveView(PRINCIPALS[name]!, SUBSCRIPTIONS.campaign!);
    const workflow = ['transitionedA', 'transitionedB', 'heldA', 'heldB', 'nominationSubmittedB', 'nominationPublishedB'];
    expect(view('organizer')).toEqual([...workflow, 'checkinCreated', 'checkinStats']);
    expect(view('approver')).toEqual([...workflow]);
    expect(view('coordinatorA')).toEqual(['transitionedA', 'heldA']);
    expect(view('coordinatorWithoutUnit')).toBe('refused');
    expect(view('checkinStaff')).toEqual(['checkinCreated', 'checkinStats']);
    expect(view('approverAndCoordinatorA')).toEqual([...workflow]);
    // the wall: its check-ins (one event each, the totals on it), its ticker of held activities, its panel of published exemplars
    expect(view('kiosk')).toEqual(['heldA', 'heldB', 'exemplarPublished', 'checkinCreated']);
    expect(view('kioskOfOtherCampaign')).toBe('refused');
  });

  it('lets only check-in readers follow a check-in session', () => {
    const view = (name: string) => liveView(PRINCIPALS[name]!, SUBSCRIPTIONS.session!);
    for (const name of ['organizer', 'checkinStaff', 'kiosk']) expect(view(name), name).toEqual(['checkinCreated', 'checkinStats']);
    for (const name of ['approver', 'coordinatorA', 'approverAndCoordinatorA', 'coordinatorWithoutUnit', 'kioskOfOtherCampaign'])
      expect(view(name), name).toBe('refused');
  });

  it('gives a desk link’s socket nothing to follow: it sends heartbeats only', () => {
    const desk: Principal = { kind: 'desk', deviceId: 'desk-1', campaignId: C, venue: '主会场', districtId: 'district' };
    expect(grantFor(desk, SUBSCRIPTIONS.session!)).toBeUndefined();
    expect(grantFor(desk, { districtId: D, campaignId: C })).toBeUndefined();
    expect(followsCheckins(desk)).toBe(false);
  });

  it('sends a load rehearsal’s check-ins to the followers of its session only, live and in replays', () => {
    expect(eventRooms(EVENTS.rehearsalCheckin!)).toEqual([liveRooms.session(D, 'session-rehearsal')]);
    expect(liveView(PRINCIPALS.organizer!, SUBSCRIPTIONS.rehearsalSession!)).toEqual(['rehearsalCheckin']);
    for (const name of Object.keys(PRINCIPALS))
      expect(liveView(PRINCIPALS[name]!, SUBSCRIPTIONS.campaign!), name).not.toContain('rehearsalCheckin');
    const wall = grantFor(PRINCIPALS.kiosk!, SUBSCRIPTIONS.campaign!)!;
    expect(replayMatches(wall.replay, EVENTS.rehearsalCheckin!)).toBe(false);
    expect(replayMatches(grantFor(PRINCIPALS.organizer!, SUBSCRIPTIONS.rehearsalSession!)!.replay, EVENTS.rehearsalCheckin!)).toBe(true);
  });

  it('replays exactly what the same subscriber would have received live', () => {
    for (const [pName, p] of Object.entries(PRINCIPALS)) {
      for (const [sName, sub] of Object.entries(SUBSCRIPTIONS)) {
        const g = grantFor(p, sub);
        if (!g) continue;
        for (const [eName, e] of Object.entries(EVENTS)) {
          const live = eventRooms(e).some((r) => g.rooms.includes(r));
          expect(replayMatches(g.replay, e), `${pName} on ${sName}, ${eName}`).toBe(live);
        }
      }
    }
  });

  it('sends a unit’s workflow event to its coordinators’ room and the reviewers’; the wall takes its own events', () => {
    expect(eventRooms(EVENTS.transitionedA!)).toEqual([liveRooms.reviewers(D, C), liveRooms.unit(D, C, A)]);
    expect(eventRooms(EVENTS.nominationSubmittedB!)).toEqual([liveRooms.reviewers(D, C), liveRooms.unit(D, C, B)]);
    // a publication's step is the reviewers' and the unit's; the wall's exemplar panel follows `exemplar.published`
    expect(eventRooms(EVENTS.nominationPublishedB!)).toEqual([liveRooms.reviewers(D, C), liveRooms.unit(D, C, B)]);
    expect(eventRooms(EVENTS.exemplarPublished!)).toEqual([liveRooms.wall(D, C)]);
    expect(eventRooms(EVENTS.checkinCreated!)).toEqual([liveRooms.checkin(D, C), liveRooms.wall(D, C), liveRooms.session(D, S)]);
    expect(eventRooms(EVENTS.checkinStats!)).toEqual([liveRooms.checkin(D, C), liveRooms.session(D, S)]);
    // an old row without its unit reaches the reviewers only
    expect(eventRooms({ type: 'participation.transitioned', districtId: D, campaignId: C, unitId: null })).toEqual([
      liveRooms.reviewers(D, C),
    ]);
  });

  it('grants a signed-in user the rooms of their own district only; the same ids in another district are other rooms', () => {
    const elsewhere = (p: Principal): Principal => ({ ...p, districtId: OTHER_D }) as Principal;
    for (const name of ['organizer', 'approver', 'coordinatorA', 'checkinStaff']) {
      for (const sub of Object.values(SUBSCRIPTIONS)) {
        expect(grantFor(elsewhere(PRINCIPALS[name]!), sub), name).toBeUndefined();
        expect(grantFor({ ...PRINCIPALS[name]!, districtId: null } as Principal, sub), name).toBeUndefined();
      }
    }
    const theirs = { ...EVENTS.transitionedA!, districtId: OTHER_D };
    expect(eventRooms(theirs).some((r) => eventRooms(EVENTS.transitionedA!).includes(r))).toBe(false);
    expect(replayMatches(grantFor(PRINCIPALS.organizer!, SUBSCRIPTIONS.campaign!)!.replay, theirs)).toBe(false);
  });
});
