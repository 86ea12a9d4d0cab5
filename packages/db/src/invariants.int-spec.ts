import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type DatabaseHandle } from './database.js';
import { createPrismaClient, type PrismaClient } from './index.js';
import { seedReference, TIMELINE_2017, wellKnownScreenTokensAllowed } from './seed/seed.js';

let db: DatabaseHandle;
let prisma: PrismaClient;
beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.ownerUrl, db.poolMax);
  // The reference data, a campaign with one participation and its first transition, a check-in session.
  const ref = await seedReference(prisma);
  const campaign = await prisma.campaign.create({
    data: { year: 2017, title: '2017年全民终身学习推进周', theme: '', rules: {}, ...TIMELINE_2017 },
  });
  const p = await prisma.participation.create({
    data: {
      campaignId: campaign.id,
      unitId: [...ref.unitIds.values()][0]!,
      machineId: 'participation',
      machineVersion: 1,
      snapshot: {},
      state: 'drafting',
    },
  });
  await prisma.transition.create({
    data: {
      participationId: p.id,
      event: 'START_DRAFT',
      fromState: 'invited',
      toState: 'drafting',
      actorLabel: 'x',
      at: TIMELINE_2017.planDueAt,
    },
  });
  const opensAt = TIMELINE_2017.launchAt;
  await prisma.checkinSession.create({
    data: {
      campaignId: campaign.id,
      name: '启动仪式主会场',
      venue: TIMELINE_2017.launchVenue,
      kind: 'main',
      qrSecret: 'x',
      opensAt,
      closesAt: TIMELINE_2017.weekEndsAt,
    },
  });
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.stop();
});

describe('the demo seed', () => {
  it('accepts the well-known screen tokens with DEMO=1 only, never in production', () => {
    expect(wellKnownScreenTokensAllowed({ DEMO: '1' })).toBe(true);
    expect(wellKnownScreenTokensAllowed({ DEMO: 'true', NODE_ENV: 'development' })).toBe(true);
    expect(wellKnownScreenTokensAllowed({})).toBe(false);
    expect(wellKnownScreenTokensAllowed({ DEMO: '0' })).toBe(false);
    expect(wellKnownScreenTokensAllowed({ DEMO: '1', NODE_ENV: 'production' })).toBe(false);
  });
});

describe('invariants the database holds by itself', () => {
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
