import { randomUUID } from 'node:crypto';
import { CHANGZHOU_CITY_ID, XINBEI_DISTRICT_ID } from '@learnweek/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../src/core/auth/token.service.js';
import { setup } from './harness.js';

/**
 * The tenancy end to end (docs/ARCHITECTURE.md, "Tenancy"): a signed-in user's requests run in the
 * user's district (read from the database, never from the client) as learnweek_app, so row-level
 * security shows them their district's rows only and puts what they write into it.
 */
let t: Awaited<ReturnType<typeof setup>>;
/** 武进区, a second district of the city, with a town, a unit and an organizer of its own. */
const WJ = randomUUID();
const wj = { town: randomUUID(), unit: randomUUID(), organizer: `wj-organizer-${WJ.slice(0, 6)}` };

beforeAll(async () => {
  t = await setup();
  const hash = (await t.prisma.user.findFirstOrThrow({ where: { username: 'organizer' } })).passwordHash;
  await t.prisma.district.create({ data: { id: WJ, cityId: CHANGZHOU_CITY_ID, code: `WJ${WJ.slice(0, 4)}`, name: '武进区' } });
  // With two districts, a row nobody names a district for is refused: the fixture names it.
  await t.prisma.town.create({ data: { id: wj.town, districtId: WJ, name: '湖塘镇' } });
  await t.prisma.unit.create({ data: { id: wj.unit, districtId: WJ, code: 'S1', name: '湖塘实验小学', kind: 'school', townId: wj.town } });
  await t.prisma.user.create({
    data: { districtId: WJ, username: wj.organizer, displayName: '武进组织办', roles: ['organizer'], passwordHash: hash },
  });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('a signed-in user', () => {
  it('reads the rows of their own district only', async () => {
    const xbUnits = await t.http.get('/api/units?pageSize=100').set(await t.as('organizer'));
    expect(xbUnits.status).toBe(200);
    const xbIds = (xbUnits.body.items as { id: string }[]).map((u) => u.id);
    expect(xbIds.length).toBeGreaterThan(0);
    expect(xbIds).not.toContain(wj.unit);

    const wjUnits = await t.http.get('/api/units').set(await t.as(wj.organizer));
    expect(wjUnits.status).toBe(200);
    expect((wjUnits.body.items as { id: string; code: string }[]).map((u) => [u.id, u.code])).toEqual([[wj.unit, 'S1']]);
    const towns = await t.http.get('/api/towns').set(await t.as(wj.organizer));
    expect(towns.body).toEqual({ items: [{ id: wj.town, name: '湖塘镇' }] });
    const campaigns = await t.http.get('/api/campaigns').set(await t.as(wj.organizer));
    expect(campaigns.body).toEqual({ items: [] });
    // Another district's campaign is not found, as if it did not exist.
    expect((await t.http.get(`/api/campaigns/${t.fixture.campaignId}`).set(await t.as(wj.organizer))).status).toBe(404);
  });

  it('writes into their own district, whatever the other districts hold', async () => {
    // 湖塘镇 is a town of 武进区; 新北区 may have one of the same name (names are unique per district).
    const xb = await t.http
      .post('/api/towns')
      .set(await t.as('organizer'))
      .send({ name: '湖塘镇' });
    expect(xb.status, JSON.stringify(xb.body)).toBe(201);
    const again = await t.http
      .post('/api/towns')
      .set(await t.as(wj.organizer))
      .send({ name: '湖塘镇' });
    expect(again.status).toBe(409);
    const created = await t.http
      .post('/api/towns')
      .set(await t.as(wj.organizer))
      .send({ name: '礼嘉镇' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const rows = await t.prisma.town.findMany({
      where: { id: { in: [xb.body.id as string, created.body.id as string] } },
      select: { id: true, districtId: true },
    });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.districtId]))).toEqual({
      [xb.body.id as string]: XINBEI_DISTRICT_ID,
      [created.body.id as string]: WJ,
    });
    // The sign-ins and the writes were audited in each user's district.
    const audit = await t.prisma.auditEntry.findMany({ where: { kind: 'units.createTown' }, select: { districtId: true, target: true } });
    expect(audit.filter((a) => a.districtId === WJ).length).toBeGreaterThan(0);
  });
});

describe('campaigns', () => {
  it('take the standard title in every district: year and title are unique within a district only', async () => {
    const body = {
      year: 2031,
      title: '2031年全民终身学习推进周',
      timeline: {
        planDueAt: '2031-10-10T15:59:59.000Z',
        weekStartsAt: '2031-10-21T16:00:00.000Z',
        weekEndsAt: '2031-10-28T16:00:00.000Z',
        launchAt: '2031-10-24T01:00:00.000Z',
        launchVenue: '区社区培训学院',
        summaryDueAt: '2031-10-31T15:59:59.000Z',
      },
    };
    const xb = await t.http
      .post('/api/campaigns')
      .set(await t.as('organizer'))
      .send(body);
    expect(xb.status, JSON.stringify(xb.body)).toBe(201);
    const wjFirst = await t.http
      .post('/api/campaigns')
      .set(await t.as(wj.organizer))
      .send(body);
    expect(wjFirst.status, JSON.stringify(wjFirst.body)).toBe(201);
    // Twice in one district is still refused.
    expect(
      (
        await t.http
          .post('/api/campaigns')
          .set(await t.as(wj.organizer))
          .send(body)
      ).status,
    ).toBe(409);
  });
});

describe('check-ins (a public route, run in no district)', () => {
  it('are taken without the QR secret from the session district’s own staff only, and written into its district', async () => {
    const now = t.clock.now().getTime();
    const session = await t.prisma.checkinSession.create({
      data: {
        districtId: XINBEI_DISTRICT_ID,
        campaignId: t.fixture.campaignId,
        name: '分会场',
        venue: `新北区图书馆-${randomUUID().slice(0, 6)}`,
        kind: 'sub',
        qrSecret: `secret-${randomUUID()}`,
        opensAt: new Date(now - 3_600_000),
        closesAt: new Date(now + 5 * 3_600_000),
      },
    });
    const checkin = async (username: string) =>
      t.http
        .post(`/api/checkin-sessions/${session.id}/checkins`)
        .set(await t.as(username))
        .send({ name: '张三', phone: '13900000009', idempotencyKey: `k-${randomUUID()}` });
    // Another district's organizer is a stranger here: without the secret, refused.
    expect((await checkin(wj.organizer)).status).toBe(403);
    const own = await checkin('organizer');
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const id = (own.body as { checkin: { id: string } }).checkin.id;
    expect((await t.prisma.checkin.findUniqueOrThrow({ where: { id } })).districtId).toBe(XINBEI_DISTRICT_ID);
    const events = await t.prisma.outboxEvent.findMany({ where: { checkinSessionId: session.id }, select: { districtId: true } });
    expect(events.map((e) => e.districtId)).toEqual([XINBEI_DISTRICT_ID, XINBEI_DISTRICT_ID]);
  });
});

describe('an account of no district', () => {
  it('is refused on every signed-in route until the city office exists (it would run past the policies)', async () => {
    const username = `nodistrict-${randomUUID().slice(0, 6)}`;
    const user = await t.prisma.user.create({
      data: { districtId: null, username, displayName: '无区账号', roles: ['organizer'], passwordHash: 'x' },
    });
    // Its token as sign-in would give it. The API's role reads an account in its district only: one of no
    // district is not found, so its token is refused (401) before any route.
    const auth = { Authorization: `Bearer ${t.app.get(TokenService).sign(user, 3600).accessToken}` };
    expect((await t.http.get('/api/units').set(auth)).status).toBe(401);
    expect((await t.http.get('/api/campaigns').set(auth)).status).toBe(401);
    // The same kind of account and token with a district: served, in that district.
    const placed = await t.prisma.user.create({
      data: { districtId: WJ, username: `${username}-wj`, displayName: '武进账号', roles: ['organizer'], passwordHash: 'x' },
    });
    const units = await t.http.get('/api/units').set({ Authorization: `Bearer ${t.app.get(TokenService).sign(placed, 3600).accessToken}` });
    expect(units.status).toBe(200);
    expect((units.body.items as { id: string }[]).map((u) => u.id)).toEqual([wj.unit]);
  });
});
