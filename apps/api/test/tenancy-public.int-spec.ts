import { randomUUID } from 'node:crypto';
import {
  CHANGZHOU_CITY_ID,
  createPrismaClient,
  createTestDatabase,
  type DatabaseHandle,
  hashPassword,
  type PrismaClient,
  sha256,
  XINBEI_DISTRICT_ID,
} from '@learnweek/db';
import type { TCheckinPublic, TKioskWall, TPublicActivities } from '@learnweek/contracts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialSnapshot, participationMachine, PARTICIPATION_MACHINE_VERSION } from '@learnweek/workflow';
import { OutboxRetention } from '../src/core/live/outbox-retention.js';
import { DeadlineService } from '../src/modules/participation/deadlines/deadline.service.js';
import { type Fixture, PASSWORD, seedFixture, startApp, type TestApp, TIMELINE } from './harness.js';

/**
 * The paths that name no district themselves (docs/ARCHITECTURE.md, "Tenancy"): the public pages, the phone
 * check-in, screens and desk links, reset links and the sign-in find their district from the row they serve
 * (SECURITY DEFINER look-ups that return the district only, migration 20261211200000_district_lookups) and
 * run in it. The API connects as the tests' API role (createTestDatabase: a LOGIN member of learnweek_app that
 * neither owns the tables nor passes over the policies): anything that ran in no district would see nothing.
 */
let db: DatabaseHandle;
let owner: PrismaClient;
let t: TestApp;
let fixture: Fixture;
/** 武进区: a second district with a published campaign, a session, a screen, a desk and an organizer. */
const WJ = randomUUID();
const wj = {
  town: randomUUID(),
  unit: randomUUID(),
  campaign: randomUUID(),
  session: randomUUID(),
  organizer: `wj-organizer-${WJ.slice(0, 6)}`,
  secret: `secret-${randomUUID()}`,
  screen: `screen-${randomUUID()}`,
  desk: `desk-${randomUUID()}`,
  reset: `reset-${randomUUID()}`,
};

beforeAll(async () => {
  db = await createTestDatabase();
  owner = createPrismaClient(db.ownerUrl, 2);
  fixture = await seedFixture(owner);
  const hash = await hashPassword(PASSWORD);
  await owner.district.create({ data: { id: WJ, cityId: CHANGZHOU_CITY_ID, code: `WJ${WJ.slice(0, 4)}`, name: '武进区' } });
  await owner.town.create({ data: { id: wj.town, districtId: WJ, name: '湖塘镇' } });
  await owner.unit.create({ data: { id: wj.unit, districtId: WJ, code: 'S1', name: '湖塘实验小学', kind: 'school', townId: wj.town } });
  const user = await owner.user.create({
    data: {
      districtId: WJ,
      username: wj.organizer,
      displayName: '武进组织办',
      roles: ['organizer'],
      passwordHash: hash,
      email: 'wj@example.cn',
    },
  });
  await owner.campaign.create({
    data: {
      id: wj.campaign,
      districtId: WJ,
      year: 2017,
      title: '武进区2017年全民终身学习推进周',
      theme: '学习改变生活',
      status: 'published',
      ...TIMELINE,
      launchVenue: '湖塘镇文化中心',
      rules: (await owner.campaign.findUniqueOrThrow({ where: { id: fixture.campaignId } })).rules as object,
    },
  });
  await owner.checkinSession.create({
    data: {
      id: wj.session,
      districtId: WJ,
      campaignId: wj.campaign,
      name: '主会场',
      venue: '湖塘镇文化中心',
      kind: 'main',
      qrSecret: wj.secret,
      opensAt: new Date('2017-10-25T00:00:00Z'),
      closesAt: new Date('2017-10-25T06:00:00Z'),
    },
  });
  await owner.kioskDevice.createMany({
    data: [
      { districtId: WJ, campaignId: wj.campaign, kind: 'screen', sessionId: wj.session, name: '大屏', tokenHash: sha256(wj.screen) },
      {
        districtId: WJ,
        campaignId: wj.campaign,
        kind: 'desk',
        sessionId: wj.session,
        name: '签到台',
        tokenHash: sha256(wj.desk),
        expiresAt: new Date('2017-10-26T00:00:00Z'),
      },
    ],
  });
  await owner.passwordResetToken.create({
    data: {
      districtId: WJ,
      userId: user.id,
      tokenHash: sha256(wj.reset),
      createdAt: new Date('2017-10-25T00:30:00Z'),
      expiresAt: new Date('2017-10-25T02:00:00Z'),
    },
  });
  await owner.participation.create({
    data: {
      districtId: WJ,
      campaignId: wj.campaign,
      unitId: wj.unit,
      machineId: 'participation',
      machineVersion: PARTICIPATION_MACHINE_VERSION,
      snapshot: initialSnapshot(participationMachine, wj.unit) as object,
      state: 'invited',
    },
  });
  t = await startApp(db);
  t.clock.set('2017-10-25T01:00:00Z');
}, 120_000);
afterAll(async () => {
  await t?.close();
  await owner?.$disconnect();
  await db?.stop();
});

describe('the plain role', () => {
  it('sees no row of a district table outside a district, and its own district’s rows inside one', async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const { rows } = await c.query<{ super: boolean; bypass: boolean; owns: boolean }>(
        `SELECT rolsuper AS super, rolbypassrls AS bypass,
                EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owns
           FROM pg_roles WHERE rolname = current_user`,
      );
      expect(rows[0]).toEqual({ super: false, bypass: false, owns: false });
      // Nothing written outside a district either, whichever district the row names.
      await expect(
        c.query(`INSERT INTO "Town" ("districtId", "id", "name") VALUES ($1, gen_random_uuid(), '无区镇')`, [WJ]),
      ).rejects.toThrow(/row-level security/);
      expect((await c.query('SELECT count(*)::int AS n FROM "Campaign"')).rows[0]).toEqual({ n: 0 });
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.district_id', $1, true)`, [WJ]);
      expect((await c.query('SELECT "id" FROM "Campaign"')).rows).toEqual([{ id: wj.campaign }]);
      await c.query('COMMIT');
    } finally {
      await c.end();
    }
  });
});

describe('public and device paths run in the district of the row they serve', () => {
  it('a screen of 武进区 shows its own campaign', async () => {
    const r = await t.http.get('/api/kiosk/wall').set({ Authorization: `Bearer ${wj.screen}` });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const wall = r.body as TKioskWall;
    expect([wall.campaignId, wall.title, wall.screen?.sessionId]).toEqual([wj.campaign, '武进区2017年全民终身学习推进周', wj.session]);
  });

  it('the phone page of a 武进区 session lists 武进区’s units only, and the check-in is written into 武进区', async () => {
    const info = await t.http.get(`/api/checkin-sessions/${wj.session}/public`).query({ s: wj.secret });
    expect(info.status, JSON.stringify(info.body)).toBe(200);
    expect((info.body as TCheckinPublic).units.map((u) => u.id)).toEqual([wj.unit]);
    const r = await t.http
      .post(`/api/checkin-sessions/${wj.session}/checkins`)
      .send({ name: '王小明', phone: '13900000011', unitId: wj.unit, secret: wj.secret, idempotencyKey: `k-${randomUUID()}` });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const row = await owner.checkin.findUniqueOrThrow({ where: { id: (r.body as { checkin: { id: string } }).checkin.id } });
    expect(row.districtId).toBe(WJ);
    // 新北区's unit is not 武进区's: unknown at this session.
    const foreign = await t.http.post(`/api/checkin-sessions/${wj.session}/checkins`).send({
      name: '李四',
      phone: '13900000012',
      unitId: fixture.units.school.id,
      secret: wj.secret,
      idempotencyKey: `k-${randomUUID()}`,
    });
    expect(foreign.status).toBe(400);
  });

  it('a desk link of 武进区 checks in at its venue', async () => {
    const r = await t.http
      .post(`/api/checkin-sessions/${wj.session}/checkins`)
      .set({ Authorization: `Bearer ${wj.desk}` })
      .send({ name: '赵六', phone: '13900000013', idempotencyKey: `k-${randomUUID()}` });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const list = await t.http.get(`/api/checkin-sessions/${wj.session}/attendees`).set({ Authorization: `Bearer ${wj.desk}` });
    expect(list.status, JSON.stringify(list.body)).toBe(200);
  });

  it('the public calendar of a 武进区 campaign names 武进区’s towns only', async () => {
    const r = await t.http.get(`/api/public/campaigns/${wj.campaign}/activities`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const cal = r.body as TPublicActivities;
    expect([cal.campaign.id, cal.towns]).toEqual([wj.campaign, ['湖塘镇']]);
    const xb = (await t.http.get(`/api/public/campaigns/${fixture.campaignId}/activities`)).body as TPublicActivities;
    expect(xb.towns).toEqual(['春江镇']);
    expect((await t.http.get(`/api/public/campaigns/${randomUUID()}/activities`)).status).toBe(404);
    expect((await t.http.get(`/api/public/campaigns/${wj.campaign}/exemplars`)).status).toBe(200);
  });

  it('sign-in finds each district’s accounts, and a signed-in user works in their own district', async () => {
    const wjUnits = await t.http.get('/api/units').set(await t.as(wj.organizer));
    expect(wjUnits.status, JSON.stringify(wjUnits.body)).toBe(200);
    expect((wjUnits.body.items as { id: string }[]).map((u) => u.id)).toEqual([wj.unit]);
    const xbUnits = await t.http.get('/api/units').set(await t.as('organizer'));
    expect((xbUnits.body.items as { id: string }[]).map((u) => u.id).sort()).toEqual(
      Object.values(fixture.units)
        .map((u) => u.id)
        .sort(),
    );
  });

  it('a reset link of a 武进区 account sets its password', async () => {
    const r = await t.http.post('/api/auth/password/reset').send({ token: wj.reset, newPassword: 'a-new-pass-5678' });
    expect(r.status, JSON.stringify(r.body)).toBe(204);
    const login = await t.http.post('/api/auth/login').send({ username: wj.organizer, password: 'a-new-pass-5678' });
    expect(login.status).toBe(200);
    const row = await owner.passwordResetToken.findUniqueOrThrow({ where: { tokenHash: sha256(wj.reset) } });
    expect(row.usedAt).not.toBeNull();
    expect(XINBEI_DISTRICT_ID).not.toBe(WJ);
  });
});

describe('the scheduler’s jobs run in every district, each under its own', () => {
  it('the deadline job marks the late units of both districts, each district’s audit entries in it', async () => {
    // The plan was due on 10 October: every invited unit of both campaigns is late.
    const report = await t.app.get(DeadlineService).tick();
    expect(report.overdueMarked).toBe(Object.keys(fixture.units).length + 1);
    const marked = await owner.participation.findMany({
      where: { planOverdueAt: { not: null } },
      select: { districtId: true, unitId: true },
    });
    expect(marked.filter((p) => p.districtId === WJ).map((p) => p.unitId)).toEqual([wj.unit]);
    expect(marked.filter((p) => p.districtId === XINBEI_DISTRICT_ID)).toHaveLength(Object.keys(fixture.units).length);
    const audit = await owner.auditEntry.findMany({
      where: { kind: 'deadline.overdueMarked' },
      select: { districtId: true, unitId: true },
    });
    expect(audit.find((a) => a.unitId === wj.unit)?.districtId).toBe(WJ);
    expect(audit.filter((a) => a.districtId === XINBEI_DISTRICT_ID)).toHaveLength(Object.keys(fixture.units).length);
  });

  it('outbox retention prunes both districts’ feeds and keeps each one’s newest event', async () => {
    // A check-in in 新北区 too (武进区 has its own from above).
    const xbSession = await owner.checkinSession.create({
      data: {
        districtId: XINBEI_DISTRICT_ID,
        campaignId: fixture.campaignId,
        name: '主会场',
        venue: '春江镇社区教育中心',
        kind: 'main',
        qrSecret: `secret-${randomUUID()}`,
        opensAt: new Date('2017-10-25T00:00:00Z'),
        closesAt: new Date('2017-10-25T06:00:00Z'),
      },
    });
    const r = await t.http
      .post(`/api/checkin-sessions/${xbSession.id}/checkins`)
      .send({ name: '钱七', phone: '13900000014', secret: xbSession.qrSecret, idempotencyKey: `k-${randomUUID()}` });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const newest = async (districtId: string) =>
      (await owner.outboxEvent.aggregate({ where: { districtId }, _max: { seq: true } }))._max.seq;
    const [xbNewest, wjNewest] = [await newest(XINBEI_DISTRICT_ID), await newest(WJ)];
    expect(xbNewest).not.toBeNull();
    expect(wjNewest).not.toBeNull();
    t.clock.set('2017-12-01T00:00:00Z');
    const pass = await t.app.get(OutboxRetention).run();
    expect(pass?.rows).toBeGreaterThan(0);
    const left = await owner.outboxEvent.findMany({ select: { districtId: true, seq: true }, orderBy: { seq: 'asc' } });
    expect(left).toEqual(
      [
        { districtId: XINBEI_DISTRICT_ID, seq: xbNewest },
        { districtId: WJ, seq: wjNewest },
      ].sort((a, b) => Number(a.seq! - b.seq!)),
    );
  });
});
