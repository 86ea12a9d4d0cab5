import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type DatabaseHandle } from './database.js';
import { createPrismaClient, type PrismaClient } from './index.js';
import { demoKioskToken, isDemoKioskToken, seedDemo, sha256, wellKnownScreenTokensAllowed } from './seed/seed.js';

let db: DatabaseHandle;
let prisma: PrismaClient;
beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url, db.poolMax);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.stop();
});

describe('the demo seed', () => {
  it('creates both campaigns with 65 units in every state, and is idempotent', async () => {
    const now = new Date('2026-11-28T10:00:00Z');
    const first = await seedDemo(prisma, { now });
    expect(first.created).toBe(true);
    expect(first.campaigns.map((c) => c.title)).toEqual(['2017年全民终身学习推进周', '2026年全民终身学习推进周']);
    const counts = async () => ({
      units: await prisma.unit.count(),
      towns: await prisma.town.count(),
      users: await prisma.user.count(),
      participations: await prisma.participation.count(),
      transitions: await prisma.transition.count(),
      checkins: await prisma.checkin.count(),
    });
    const before = await counts();
    expect(before).toMatchObject({ units: 65, towns: 10, users: 69, participations: 130 });
    const second = await seedDemo(prisma, { now: new Date('2026-12-01T10:00:00Z') });
    expect(second.created).toBe(false);
    expect(await counts()).toEqual(before);

    const [old, current] = first.campaigns;
    const states = async (campaignId: string) =>
      (await prisma.participation.groupBy({ by: ['state'], where: { campaignId }, _count: true })).map((g) => g.state).sort();
    expect(await states(old!.id)).toHaveLength(10);
    expect(await states(current!.id)).toEqual(['drafting', 'invited', 'planApproved', 'planReturned', 'planSubmitted']);
    const c = await prisma.campaign.findUniqueOrThrow({ where: { id: current!.id } });
    // Now is 28 Nov, 18:00 in Changzhou: plans due in 10 days, the week 3 weeks on, the ceremony on its third day.
    expect({ plan: c.planDueAt, start: c.weekStartsAt, launch: c.launchAt, end: c.weekEndsAt }).toEqual({
      plan: new Date('2026-12-08T15:59:59.000Z'),
      start: new Date('2026-12-18T16:00:00.000Z'),
      launch: new Date('2026-12-21T01:00:00.000Z'),
      end: new Date('2026-12-25T16:00:00.000Z'),
    });
    const launch = await prisma.campaign.findUniqueOrThrow({ where: { id: old!.id } });
    expect(launch).toMatchObject({ status: 'closed', launchVenue: '春江镇社区教育中心' });
    expect(launch.weekStartsAt.toISOString()).toBe('2017-10-22T16:00:00.000Z');
    expect(await prisma.checkinSession.count({ where: { campaignId: old!.id } })).toBe(2);
  });

  it('gives the screens the well-known demo tokens only when asked to, and new random ones at every other run', async () => {
    const now = new Date('2026-11-28T10:00:00Z');
    const wellKnown = [sha256(demoKioskToken(2017)), sha256(demoKioskToken(2026))];
    const screens = () => prisma.kioskDevice.findMany({ orderBy: { createdAt: 'asc' } });
    const asked = await seedDemo(prisma, { now, wellKnownScreenTokens: true });
    expect(asked.kioskTokens.map((k) => k.token)).toEqual(['demo-kiosk-2017', 'demo-kiosk-2026']);
    expect((await screens()).map((d) => d.tokenHash)).toEqual(wellKnown);
    const plain = await seedDemo(prisma, { now });
    expect(plain.kioskTokens.every((k) => !isDemoKioskToken(k.token))).toBe(true);
    expect((await screens()).map((d) => d.tokenHash)).toEqual(plain.kioskTokens.map((k) => sha256(k.token)));
    expect(plain.kioskTokens[0]!.token).not.toBe((await seedDemo(prisma, { now })).kioskTokens[0]!.token);
    expect(await prisma.kioskDevice.count()).toBe(2);
  });

  it('accepts the well-known screen tokens with DEMO=1 only, never in production', () => {
    expect(wellKnownScreenTokensAllowed({ DEMO: '1' })).toBe(true);
    expect(wellKnownScreenTokensAllowed({ DEMO: 'true', NODE_ENV: 'development' })).toBe(true);
    expect(wellKnownScreenTokensAllowed({})).toBe(false);
    expect(wellKnownScreenTokensAllowed({ DEMO: '0' })).toBe(false);
    expect(wellKnownScreenTokensAllowed({ DEMO: '1', NODE_ENV: 'production' })).toBe(false);
  });
});

describe('invariants the database holds by itself', () => {
  // On the demo data: seeded here (a no-op after the seed's own tests, the seed being idempotent), so each test runs alone.
  beforeAll(async () => {
    await seedDemo(prisma, { now: new Date('2026-11-28T10:00:00Z') });
  });

  it('counts one person once per session and one participation per unit per campaign', async () => {
    const session = await prisma.checkinSession.findFirstOrThrow({ where: { kind: 'main' } });
    const row = { sessionId: session.id, personKey: 'phone:abc', idempotencyKey: 'k-1', name: '张三', source: 'self', at: new Date() };
    await prisma.checkin.create({ data: row });
    await expect(prisma.checkin.create({ data: { ...row, idempotencyKey: 'k-2' } })).rejects.toMatchObject({ code: 'P2002' });
    await expect(prisma.checkin.create({ data: { ...row, personKey: 'phone:def' } })).rejects.toMatchObject({ code: 'P2002' });
    const p = await prisma.participation.findFirstOrThrow();
    await expect(
      prisma.participation.create({
        data: { campaignId: p.campaignId, unitId: p.unitId, machineId: 'participation', machineVersion: 1, snapshot: {}, state: 'invited' },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
  });

  it('refuses unknown kinds, states and roles, backwards activities and unit-less coordinators', async () => {
    const unit = await prisma.unit.findFirstOrThrow();
    const p = await prisma.participation.findFirstOrThrow();
    await expect(prisma.unit.update({ where: { id: unit.id }, data: { kind: 'castle' } })).rejects.toThrow(/Unit_kind_check/);
    await expect(prisma.participation.update({ where: { id: p.id }, data: { state: 'limbo' } })).rejects.toThrow(
      /Participation_state_check/,
    );
    await expect(
      prisma.user.create({ data: { username: 'x', displayName: 'x', passwordHash: 'x', roles: ['coordinator'] } }),
    ).rejects.toThrow(/User_coordinator_unit_check/);
    await expect(prisma.user.create({ data: { username: 'y', displayName: 'y', passwordHash: 'y', roles: ['king'] } })).rejects.toThrow(
      /User_roles_check/,
    );
    const start = new Date('2017-10-24T01:00:00Z');
    await expect(
      prisma.activity.create({
        data: {
          participationId: p.id,
          title: 't',
          type: 'lecture',
          startsAt: start,
          endsAt: new Date(start.getTime() - 1),
          place: 'p',
          personInCharge: 'x',
          audiences: [],
        },
      }),
    ).rejects.toThrow(/Activity_time_check/);
  });

  it('keeps the audit trail append-only', async () => {
    const t = await prisma.transition.findFirstOrThrow();
    await expect(prisma.transition.update({ where: { id: t.id }, data: { comment: 'rewritten' } })).rejects.toThrow(/append-only/);
    await expect(prisma.transition.delete({ where: { id: t.id } })).rejects.toThrow(/append-only/);
  });
});
