import { createHash, randomUUID } from 'node:crypto';
import type { TLiveEnvelope } from '@learnweek/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock/clock.js';
import { setup } from './harness.js';
import { follow } from './live-client.js';

/** The live feed shows what REST would: per unit, per campaign, per role, in replay and live. */

let t: Awaited<ReturnType<typeof setup>>;
let sessionId: string;
const SECRET = 'venue-secret-isolation-0123';
const KIOSK = 'kiosk-token-isolation';
const KIOSK_OTHER = 'kiosk-token-of-another-campaign';
const NOW = new Date('2017-10-01T02:00:00Z');

// A: the training school ('other'), B: the community centre; each with its own coordinator.
const unitA = () => t.fixture.units.other;
const unitB = () => t.fixture.units.centre;

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

beforeAll(async () => {
  t = await setup({ clock: new ManualClock(NOW) });
  const c = t.fixture.campaignId;
  sessionId = await t.newCheckinSession({
    qrSecret: SECRET,
    opensAt: new Date('2017-10-01T00:00:00Z'),
    closesAt: new Date('2017-10-01T08:00:00Z'),
  });
  const other = { id: (await t.newCampaign({ year: 2018, title: '2018年全民终身学习推进周' })).campaignId };
  await t.prisma.kioskDevice.createMany({
    data: [
      { campaignId: c, name: '大屏', tokenHash: hash(KIOSK) },
      { campaignId: other.id, name: '另一届的大屏', tokenHash: hash(KIOSK_OTHER) },
    ],
  });
});
afterAll(async () => {
  await t?.teardown();
});

/** A socket on the live feed recording every event it receives, in order. */
const client = async (auth: { token: string } | { kioskToken: string }) =>
  follow((await t.app.getUrl()).replace('[::1]', '127.0.0.1'), auth);

const user = async (username: string) => client({ token: await t.login(username) });

/** Whose participation an event is about (undefined for a check-in). */
const participationOf = (e: TLiveEnvelope) => (e.data as { participationId?: string }).participationId;

async function checkin(name: string) {
  const r = await t.http
    .post(`/api/checkin-sessions/${sessionId}/checkins`)
    .send({ name, idempotencyKey: `k-${randomUUID()}`, secret: SECRET });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

/** Drafts a plan with one activity in the week and submits it: the unit's next workflow event. */
async function submitPlan(unit: { participationId: string; coordinator: string }) {
  const as = await t.as(unit.coordinator);
  await t.http.put(`/api/participations/${unit.participationId}/plan`).set(as).send({ text: '实施方案', version: 1 }).expect(200);
  await t.http
    .post(`/api/participations/${unit.participationId}/activities`)
    .set(as)
    .send({
      title: '老年人智能手机课',
      type: 'freeClass',
      startsAt: '2017-10-24T01:00:00.000Z',
      endsAt: '2017-10-24T03:00:00.000Z',
      place: '活动室',
      personInCharge: '王老师',
      audiences: ['elderly'],
      free: true,
    })
    .expect(201);
  await t.event(unit.participationId, unit.coordinator, 'SUBMIT_PLAN');
}

/** Rows as a unit's held activity and its nominations write them (the wall shows the held one and a publication). */
async function otherWorkflowRows(unitId: string) {
  const c = t.fixture.campaignId;
  const at = t.clock.now();
  const nomination = { nominationId: randomUUID(), kind: 'learningStar', name: '王某', unitName: '春江镇社区教育中心' };
  await t.prisma.outboxEvent.create({
    data: {
      type: 'activity.held',
      campaignId: c,
      unitId,
      at,
      data: {
        activityId: randomUUID(),
        participationId: randomUUID(),
        unitName: '春江镇社区教育中心',
        town: '春江镇',
        title: '读书会',
        type: 'reading',
        actualParticipants: 30,
      },
    },
  });
  await t.prisma.outboxEvent.create({
    data: {
      type: 'nomination.transitioned',
      campaignId: c,
      unitId,
      at,
      data: { ...nomination, event: 'SUBMIT', from: 'draft', to: 'submitted' },
    },
  });
  await t.prisma.outboxEvent.create({
    data: {
      type: 'nomination.transitioned',
      campaignId: c,
      unitId,
      at,
      data: { ...nomination, event: 'PUBLISH', from: 'selected', to: 'published' },
    },
  });
  // A publication's own event, for the walls (the service writes it with the step).
  await t.prisma.outboxEvent.create({ data: { type: 'exemplar.published', campaignId: c, at, data: nomination } });
}

describe('the live feed per audience', () => {
  it('replays and streams to a coordinator its own unit’s workflow events only; an approver gets every unit’s', async () => {
    // B's events, then A's, then a check-in and B's held activity and nominations: all before anyone subscribes.
    await t.event(unitB().participationId, unitB().coordinator, 'START_DRAFT');
    await t.event(unitA().participationId, unitA().coordinator, 'START_DRAFT');
    await checkin('王小明');
    await otherWorkflowRows(unitB().id);
    const end = Number((await t.prisma.outboxEvent.aggregate({ _max: { seq: true } }))._max.seq);

    const coordinator = await user(unitA().coordinator);
    const approver = await user('approver');
    try {
      const replay = await coordinator.subscribe({ campaignId: t.fixture.campaignId, sinceSeq: 0 });
      expect(replay).toEqual({ ok: true, replayed: 1, lastSeq: end, more: false });
      expect(coordinator.received.map((e) => [e.type, participationOf(e)])).toEqual([
        ['participation.transitioned', unitA().participationId],
      ]);

      const all = await approver.subscribe({ campaignId: t.fixture.campaignId, sinceSeq: 0 });
      expect(all).toMatchObject({ ok: true, replayed: 5, lastSeq: end });
      expect(approver.received.map((e) => e.type)).toEqual([
        'participation.transitioned',
        'participation.transitioned',
        'activity.held',
        'nomination.transitioned',
        'nomination.transitioned',
      ]);
      expect(approver.received.slice(0, 2).map(participationOf)).toEqual([unitB().participationId, unitA().participationId]);

      // Live: B submits, someone checks in, then A submits; A's event is the last one sent.
      await submitPlan(unitB());
      await checkin('李四');
      await submitPlan(unitA());
      const aSubmitted = (e: TLiveEnvelope) =>
        participationOf(e) === unitA().participationId && (e.data as { event?: string }).event === 'SUBMIT_PLAN';
      await coordinator.until(aSubmitted);
      await approver.until(aSubmitted);
      // What was sent before it has arrived before it, on the same connection.
      expect(coordinator.received.map((e) => [e.type, participationOf(e)])).toEqual([
        ['participation.transitioned', unitA().participationId],
        ['participation.transitioned', unitA().participationId],
      ]);
      expect(approver.received.slice(5).map((e) => [e.type, participationOf(e)])).toEqual([
        ['participation.transitioned', unitB().participationId],
        ['participation.transitioned', unitA().participationId],
      ]);
    } finally {
      coordinator.socket.close();
      approver.socket.close();
    }
  });

  it('gives a coordinator no check-in event and refuses it a check-in session', async () => {
    // A unit of its own that has started its plan: a step of its own to replay.
    const own = await t.newParticipation('invited');
    await t.event(own.participationId, own.coordinator, 'START_DRAFT');
    const coordinator = await user(own.coordinator);
    try {
      expect(await coordinator.subscribe({ checkinSessionId: sessionId, sinceSeq: 0 })).toMatchObject({ ok: false, error: 'forbidden' });
      expect(await coordinator.subscribe({ campaignId: t.fixture.campaignId, sinceSeq: 0 })).toMatchObject({ ok: true });
      await checkin('赵一');
      // The answer to a request sent after the check-in was published comes after anything sent to this socket before it.
      expect(await coordinator.subscribe({ campaignId: t.fixture.campaignId })).toMatchObject({ ok: true, replayed: 0 });
      expect(coordinator.received.filter((e) => e.type.startsWith('checkin.'))).toEqual([]);
      expect(coordinator.received.length).toBeGreaterThan(0); // its own unit's replay did arrive
    } finally {
      coordinator.socket.close();
    }
    const approver = await user('approver');
    try {
      expect(await approver.subscribe({ checkinSessionId: sessionId })).toMatchObject({ ok: false, error: 'forbidden' });
    } finally {
      approver.socket.close();
    }
  });

  it('gives the campaign’s screen its wall’s events only, and refuses a screen of another campaign', async () => {
    // A unit of its own with a plan to return, and rows of a held activity and of nominations.
    const own = await t.newParticipation('planSubmitted');
    await otherWorkflowRows(own.id);
    const stranger = await client({ kioskToken: KIOSK_OTHER });
    try {
      expect(await stranger.subscribe({ campaignId: t.fixture.campaignId, sinceSeq: 0 })).toMatchObject({ ok: false, error: 'forbidden' });
      expect(await stranger.subscribe({ checkinSessionId: sessionId, sinceSeq: 0 })).toMatchObject({ ok: false, error: 'forbidden' });
      expect(stranger.received).toEqual([]);
    } finally {
      stranger.socket.close();
    }

    const wall = await client({ kioskToken: KIOSK });
    try {
      expect(await wall.subscribe({ campaignId: t.fixture.campaignId, sinceSeq: 0 })).toMatchObject({ ok: true });
      // a wall's check-ins: `checkin.created` alone (it carries the totals), the stats are the console's
      const checkins = await t.prisma.outboxEvent.count({ where: { campaignId: t.fixture.campaignId, type: 'checkin.created' } });
      expect(wall.received.filter((e) => e.type.startsWith('checkin.')).map((e) => e.type)).toEqual(
        Array.from({ length: checkins }, () => 'checkin.created'),
      );
      // the ticker's held activities and the published exemplars; no nomination step, no participation
      const shown = await t.prisma.outboxEvent.findMany({
        where: { campaignId: t.fixture.campaignId, type: { in: ['activity.held', 'exemplar.published'] } },
        orderBy: { seq: 'asc' },
      });
      expect(shown.map((e) => e.type)).toEqual(expect.arrayContaining(['activity.held', 'exemplar.published']));
      expect(wall.received.filter((e) => !e.type.startsWith('checkin.')).map((e) => e.type)).toEqual(shown.map((e) => e.type));
      const seen = wall.received.length;
      // Live: a workflow step, then a check-in.
      await t.http
        .post(`/api/participations/${own.participationId}/events`)
        .set(await t.as('approver'))
        .send({ type: 'RETURN_PLAN', version: (await t.detail(own.participationId)).version, comment: '请补充活动安排的细节说明' })
        .expect(200);
      await checkin('钱二');
      await wall.until((e) => e.type === 'checkin.created' && (e.data as { maskedName: string }).maskedName === '钱*');
      expect(wall.received.slice(seen).map((e) => e.type)).toEqual(['checkin.created']);
      expect(wall.received.filter((e) => e.type === 'participation.transitioned')).toEqual([]);
    } finally {
      wall.socket.close();
    }
  });

  it('lets staff and the screen follow a session', async () => {
    // A unit of its own whose plan awaits approval.
    const own = await t.newParticipation('planSubmitted');
    await t.prisma.user.create({
      data: {
        username: 'staff',
        displayName: '签到志愿者',
        roles: ['checkinStaff'],
        passwordHash: (await t.prisma.user.findFirstOrThrow()).passwordHash,
      },
    });
    const staff = await user('staff');
    const wall = await client({ kioskToken: KIOSK });
    try {
      const sessionEvents = await t.prisma.outboxEvent.count({ where: { checkinSessionId: sessionId } });
      expect(await staff.subscribe({ checkinSessionId: sessionId, sinceSeq: 0 })).toMatchObject({ ok: true, replayed: sessionEvents });
      expect(await wall.subscribe({ checkinSessionId: sessionId, sinceSeq: 0 })).toMatchObject({ ok: true, replayed: sessionEvents });
      // staff on the campaign: its check-ins, none of the workflow
      expect(await staff.subscribe({ campaignId: t.fixture.campaignId })).toMatchObject({ ok: true });
      await t.event(own.participationId, 'approver', 'APPROVE_PLAN');
      await checkin('孙三');
      // the approval was sent before the check-in: it would have arrived first
      await staff.until((e) => e.type === 'checkin.created' && (e.data as { maskedName: string }).maskedName === '孙*');
      expect(staff.received.filter((e) => !e.type.startsWith('checkin.'))).toEqual([]);
    } finally {
      staff.socket.close();
      wall.socket.close();
    }
  });

  it('refuses a deactivated user’s open socket, which then receives nothing', async () => {
    // the school has a second coordinator, who goes on working when the first is deactivated
    const school = t.fixture.units.school;
    await t.prisma.user.create({
      data: {
        username: 'coord-S1-b',
        displayName: '第二联络员',
        roles: ['coordinator'],
        unitId: school.id,
        passwordHash: (await t.prisma.user.findFirstOrThrow()).passwordHash,
      },
    });
    const coordinator = await user(school.coordinator);
    try {
      expect(await coordinator.subscribe({ campaignId: t.fixture.campaignId })).toMatchObject({ ok: true });
      await t.prisma.user.update({ where: { username: school.coordinator }, data: { active: false } });
      t.clock.advance(10_000); // past any cache of accounts
      expect(await coordinator.subscribe({ campaignId: t.fixture.campaignId, sinceSeq: 0 })).toMatchObject({
        ok: false,
        error: 'unauthorized',
      });
      expect(coordinator.received).toEqual([]);
      // The unit's next step is not sent to it any more: the answer to a later request arrives with nothing before it.
      await t.event(school.participationId, 'coord-S1-b', 'START_DRAFT');
      expect(await coordinator.subscribe({ campaignId: t.fixture.campaignId })).toMatchObject({ ok: false, error: 'unauthorized' });
      expect(coordinator.received).toEqual([]);
    } finally {
      coordinator.socket.close();
    }
  });

  it('closes the open sockets of a unit’s coordinators when the organizer deactivates the unit', async () => {
    const other = t.fixture.units.other;
    const coordinator = await user(other.coordinator);
    expect(await coordinator.subscribe({ campaignId: t.fixture.campaignId })).toMatchObject({ ok: true });
    const closed = new Promise<string>((resolve) => coordinator.socket.once('disconnect', resolve));
    await t.http
      .put(`/api/units/${other.id}`)
      .set(await t.as('organizer'))
      .send({ active: false })
      .expect(200);
    try {
      expect(await closed).toBe('io server disconnect');
    } finally {
      await t.http
        .put(`/api/units/${other.id}`)
        .set(await t.as('organizer'))
        .send({ active: true })
        .expect(200);
      coordinator.socket.close();
    }
  });
});
