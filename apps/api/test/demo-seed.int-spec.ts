import {
  CHANGZHOU_CITY_ID,
  createPrismaClient,
  createTestDatabase,
  demoKioskToken,
  isDemoKioskToken,
  readDemoUnits,
  sha256,
  TIANNING_DEMO,
  TIANNING_DISTRICT_ID,
  TIANNING_TOWNS,
  XINBEI_DISTRICT_ID,
  type DatabaseHandle,
  type PrismaClient,
} from '@learnweek/db';
import { PARTICIPATION_SENDERS } from '@learnweek/workflow';
import type { TParticipationEventType } from '@learnweek/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, seedDemoOnce, type SeedResult } from '../src/demo/seed-demo.js';

let db: DatabaseHandle;
let prisma: PrismaClient;
let first: SeedResult | undefined;
const now = new Date('2026-11-28T10:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.ownerUrl, 1);
}, 300_000);

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.stop();
});

/** The demo's counts in one district (新北区 unless told). */
const counts = async (districtId: string = XINBEI_DISTRICT_ID) => {
  const where = { districtId };
  return {
    units: await prisma.unit.count({ where }),
    towns: await prisma.town.count({ where }),
    users: await prisma.user.count({ where }),
    campaigns: await prisma.campaign.count({ where }),
    participations: await prisma.participation.count({ where }),
    transitions: await prisma.transition.count({ where }),
    planRevisions: await prisma.planRevision.count({ where }),
    summaryRevisions: await prisma.summaryRevision.count({ where }),
    checkins: await prisma.checkin.count({ where }),
    screens: await prisma.kioskDevice.count({ where }),
  };
};

describe('the demo seed', () => {
  // `DEMO=1 npm run cluster` on a fresh database: every instance seeds as it starts.
  it('seeds the demo once when two instances seed one database at the same time', async () => {
    const [a, b] = await Promise.all([seedDemoOnce(db, { now }), seedDemoOnce(db, { now })]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.campaigns).toEqual(b.campaigns);
    first = a.created ? a : b;
    expect(await counts()).toMatchObject({ users: 4 + readDemoUnits().length, campaigns: 2, screens: 2 });
    expect(await prisma.campaign.count()).toBe(3);
  }, 300_000);

  it('creates both campaigns with 65 units in every state, and is idempotent', async () => {
    // After the first test, the demo its race made; alone, this test's own.
    first ??= await seedDemo(db, { now });
    expect(first.campaigns.map((c) => c.title)).toEqual(['2017年全民终身学习推进周', '2026年全民终身学习推进周']);
    const before = await counts();
    expect(before).toMatchObject({ units: 65, towns: 10, users: 69, participations: 130, checkins: 180 });
    const tianning = await counts(TIANNING_DISTRICT_ID);
    const tnUnits = readDemoUnits(TIANNING_DEMO.unitsFile).length;
    expect(tianning).toMatchObject({
      units: tnUnits,
      towns: TIANNING_TOWNS.length,
      users: 2 + tnUnits,
      campaigns: 1,
      participations: tnUnits,
    });
    const second = await seedDemo(db, { now: new Date('2026-12-01T10:00:00Z') });
    expect(second.created).toBe(false);
    expect(await counts()).toEqual(before);
    expect(await counts(TIANNING_DISTRICT_ID)).toEqual(tianning);
    // The city office: of 常州市, in no district.
    expect(await prisma.user.findUniqueOrThrow({ where: { username: 'city' } })).toMatchObject({
      districtId: null,
      cityId: CHANGZHOU_CITY_ID,
      roles: ['city'],
    });
    // 天宁区's campaign: this year's, every one of its units invited, plan collection under way.
    const tn = await prisma.campaign.findFirstOrThrow({ where: { districtId: TIANNING_DISTRICT_ID } });
    expect(tn).toMatchObject({ year: 2026, status: 'published', launchVenue: '兰陵街道社区教育中心' });
    const tnStates = await prisma.participation.groupBy({ by: ['state'], where: { campaignId: tn.id }, _count: true });
    expect(tnStates.map((g) => g.state).sort()).toEqual(['drafting', 'invited', 'planApproved', 'planReturned', 'planSubmitted']);
    // Nothing of one district points into the other: each participation's unit is its campaign's district's.
    const crossed = await prisma.participation.count({ where: { campaignId: tn.id, unit: { districtId: { not: TIANNING_DISTRICT_ID } } } });
    expect(crossed).toBe(0);

    const [old, current] = first.campaigns;
    const states = async (campaignId: string) =>
      (await prisma.participation.groupBy({ by: ['state'], where: { campaignId }, _count: true })).map((g) => g.state).sort();
    expect(await states(old!.id)).toHaveLength(10);
    expect(await states(current!.id)).toEqual(['drafting', 'invited', 'planApproved', 'planReturned', 'planSubmitted']);
    const c = await prisma.campaign.findUniqueOrThrow({ where: { id: current!.id } });
    // Now is 28 Nov, 18:00 in Changzhou: plans due in 10 days, the week 3 weeks on, the ceremony on its third day.
    expect({ status: c.status, plan: c.planDueAt, start: c.weekStartsAt, launch: c.launchAt, end: c.weekEndsAt }).toEqual({
      status: 'published',
      plan: new Date('2026-12-08T15:59:59.000Z'),
      start: new Date('2026-12-18T16:00:00.000Z'),
      launch: new Date('2026-12-21T01:00:00.000Z'),
      end: new Date('2026-12-25T16:00:00.000Z'),
    });
    const launch = await prisma.campaign.findUniqueOrThrow({ where: { id: old!.id } });
    expect(launch).toMatchObject({ status: 'closed', launchVenue: '春江镇社区教育中心' });
    expect(launch.weekStartsAt.toISOString()).toBe('2017-10-22T16:00:00.000Z');
    expect(await prisma.checkinSession.count({ where: { campaignId: old!.id } })).toBe(2);
    // In 2017 every activity of a unit whose week started was recorded held, each with its history entry.
    const held = await prisma.activity.count({ where: { status: 'held', participation: { campaignId: old!.id } } });
    expect(held).toBeGreaterThan(100);
    expect(await prisma.activityRecord.count({ where: { action: 'held' } })).toBe(held);
  });

  it("writes each participation's history as the services make it: senders, transitions, revisions, notices", async () => {
    first ??= await seedDemo(db, { now });
    const users = new Map((await prisma.user.findMany()).map((u) => [u.id, u]));
    const ps = await prisma.participation.findMany({
      where: { districtId: XINBEI_DISTRICT_ID },
      include: {
        transitions: { orderBy: { id: 'asc' } },
        plan: true,
        summary: true,
        planRevisions: { orderBy: { revision: 'asc' } },
        summaryRevisions: { orderBy: { revision: 'asc' } },
      },
    });
    expect(ps).toHaveLength(130);
    let submissions = 0;
    for (const p of ps) {
      // One chain of steps from invited to the state the row holds, one version per step.
      let state = 'invited';
      for (const t of p.transitions) {
        expect(t.fromState).toBe(state);
        state = t.toState;
        const sender = PARTICIPATION_SENDERS[t.event as TParticipationEventType];
        if (sender === 'scheduler')
          expect({ actorId: t.actorId, actorLabel: t.actorLabel }).toEqual({ actorId: null, actorLabel: 'scheduler' });
        else {
          const actor = users.get(t.actorId ?? '');
          expect(actor?.roles).toContain(sender);
          expect(t.actorLabel).toBe(actor?.displayName);
          if (sender === 'coordinator') expect(actor?.unitId).toBe(p.unitId);
        }
      }
      expect(p.state).toBe(state);
      expect(p.version).toBe(p.transitions.length + 1);
      // Revisions numbered as ParticipationRepository.freezePlan/freezeSummary number them: 1, 2, … one per submission, by its sender, at its time.
      for (const [event, revisions, current] of [
        ['SUBMIT_PLAN', p.planRevisions, p.plan?.revision],
        ['SUBMIT_SUMMARY', p.summaryRevisions, p.summary?.revision],
      ] as const) {
        const sent = p.transitions.filter((t) => t.event === event);
        expect(revisions.map((r) => r.revision)).toEqual(sent.map((_, i) => i + 1));
        expect(revisions.map((r) => [r.submittedById, r.submittedAt])).toEqual(sent.map((t) => [t.actorId, t.at]));
        if (sent.length > 0) expect(current).toBe(sent.length + 1);
      }
      for (const r of p.planRevisions) expect((r.activities as unknown[]).length).toBeGreaterThan(0);
      if (p.transitions.length > 0)
        expect(p.transitions.map((t) => t.at.getTime())).toEqual(p.transitions.map((t) => t.at.getTime()).sort());
      submissions += p.transitions.filter((t) => t.event === 'SUBMIT_PLAN' || t.event === 'SUBMIT_SUMMARY').length;
    }
    // Each submission told both approvers; each step is on the live feed's outbox.
    const submitted = { kind: { in: ['planSubmitted', 'summarySubmitted'] }, districtId: XINBEI_DISTRICT_ID };
    expect(await prisma.notification.count({ where: submitted })).toBe(2 * submissions);
    expect(await prisma.outboxEvent.count({ where: { type: 'participation.transitioned' } })).toBe(await prisma.transition.count());
  });

  it('gives the screens the well-known demo tokens only when asked to, and new random ones at every other run', async () => {
    const wellKnown = [sha256(demoKioskToken(2017)), sha256(demoKioskToken(2026))];
    const screens = () => prisma.kioskDevice.findMany({ orderBy: { createdAt: 'asc' } });
    const asked = await seedDemo(db, { now, wellKnownScreenTokens: true });
    expect(asked.kioskTokens.map((k) => k.token)).toEqual(['demo-kiosk-2017', 'demo-kiosk-2026']);
    expect((await screens()).map((d) => d.tokenHash)).toEqual(wellKnown);
    const plain = await seedDemo(db, { now });
    expect(plain.kioskTokens.every((k) => !isDemoKioskToken(k.token))).toBe(true);
    expect((await screens()).map((d) => d.tokenHash)).toEqual(plain.kioskTokens.map((k) => sha256(k.token)));
    expect(plain.kioskTokens[0]!.token).not.toBe((await seedDemo(db, { now })).kioskTokens[0]!.token);
    expect(await prisma.kioskDevice.count()).toBe(2);
  });
});
