import { randomUUID } from 'node:crypto';
import { CHANGZHOU_CITY_ID, inDistrict, XINBEI_DISTRICT_ID } from '@learnweek/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../src/core/auth/token.service.js';
import { FileStore } from '../src/core/storage/file-store.js';
import { FileUrls } from '../src/core/storage/file-urls.js';
import { DEFAULT_CAMPAIGN_RULES } from '@learnweek/contracts';
import { setup, TIMELINE } from './harness.js';
import { follow } from './live-client.js';

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

describe('the phone check-in page of a district’s session (a public route)', () => {
  it('offers and takes the units of the session’s district only, when its campaign has no participation yet', async () => {
    const now = t.clock.now().getTime();
    const campaign = await t.prisma.campaign.create({
      data: {
        districtId: WJ,
        year: 2033,
        title: '2033年全民终身学习推进周',
        theme: '推动全民终身学习',
        status: 'published',
        ...TIMELINE,
        launchVenue: '武进区社区培训学院',
        rules: DEFAULT_CAMPAIGN_RULES,
      },
    });
    const secret = `secret-${randomUUID()}`;
    const session = await t.prisma.checkinSession.create({
      data: {
        districtId: WJ,
        campaignId: campaign.id,
        name: '主会场',
        venue: '武进区社区培训学院',
        kind: 'main',
        qrSecret: secret,
        opensAt: new Date(now - 3_600_000),
        closesAt: new Date(now + 5 * 3_600_000),
      },
    });
    const page = await t.http.get(`/api/checkin-sessions/${session.id}/public?s=${secret}`);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    // 新北区's active units are not 武进区's to offer.
    expect((page.body.units as { id: string }[]).map((u) => u.id)).toEqual([wj.unit]);
    const checkin = (unitId: string) =>
      t.http
        .post(`/api/checkin-sessions/${session.id}/checkins`)
        .send({ name: '李四', phone: '13900000010', unitId, secret, idempotencyKey: `k-${randomUUID()}` });
    const foreign = await checkin(t.fixture.units.school.id);
    expect(foreign.status).toBe(400);
    expect(foreign.body.fields?.[0]?.field ?? foreign.body.field ?? JSON.stringify(foreign.body)).toContain('unitId');
    const own = await checkin(wj.unit);
    expect(own.status, JSON.stringify(own.body)).toBe(201);
  });
});

describe('stored files', () => {
  it('are kept under their district’s folder, and served by a link in that district only', async () => {
    const store = t.app.get(FileStore);
    const urls = t.app.get(FileUrls);
    const id = randomUUID();
    const key = await inDistrict(XINBEI_DISTRICT_ID, () => store.keyOf(id));
    expect(key).toBe(`${XINBEI_DISTRICT_ID}/${id.slice(0, 2)}/${id}`);
    await store.put(key, { original: Buffer.from('o'), web: Buffer.from('web of 新北区'), thumb: Buffer.from('t') });
    await t.prisma.storedFile.create({
      data: { id, districtId: XINBEI_DISTRICT_ID, storageKey: key, contentType: 'image/jpeg', size: 1, sha256: 'x' },
    });
    // A link made in 新北区 names it and serves the file.
    const own = await inDistrict(XINBEI_DISTRICT_ID, () => urls.url(id, 'web'));
    expect(own).toContain(`&d=${XINBEI_DISTRICT_ID}&`);
    const served = await t.http.get(own).buffer(true);
    expect(served.status).toBe(200);
    expect(served.body.toString()).toBe('web of 新北区');
    // A link made in 武进区 for 新北区's file id, rightly signed: the file is not found there (row-level security).
    expect((await t.http.get(urls.url(id, 'web', WJ))).status).toBe(404);
    // The district cannot be swapped in a link: its signature covers it.
    expect((await t.http.get(own.replace(XINBEI_DISTRICT_ID, WJ))).status).toBe(403);
  });
});

describe('a failed sign-in', () => {
  it('of a name no account has is an entry of the installation (no district’s log lists it), not a 500; a known account’s is its district’s', async () => {
    const name = `nobody-${randomUUID().slice(0, 6)}`;
    const unknown = await t.http.post('/api/auth/login').send({ username: name, password: 'whatever-1234' });
    expect(unknown.status, JSON.stringify(unknown.body)).toBe(401);
    const wrong = await t.http.post('/api/auth/login').send({ username: wj.organizer, password: 'wrong-password' });
    expect(wrong.status).toBe(401);
    const rows = await t.prisma.auditEntry.findMany({
      where: { kind: 'signIn.failed', actorLabel: { in: [name, wj.organizer] } },
      select: { actorLabel: true, districtId: true },
    });
    expect(Object.fromEntries(rows.map((r) => [r.actorLabel, r.districtId]))).toEqual({ [name]: null, [wj.organizer]: WJ });
    for (const [user, sees] of [
      ['organizer', []],
      [wj.organizer, [wj.organizer]],
    ] as const) {
      const log = await t.http.get('/api/audit?kind=signIn.failed&pageSize=100').set(await t.as(user));
      expect(log.status).toBe(200);
      const labels = (log.body.items as { actor: { label: string } }[]).map((e) => e.actor.label);
      expect(labels.filter((l) => l === name || l === wj.organizer)).toEqual(sees);
    }
    // The sign-in throttles count by name before any district is known; each district's organiser sees
    // its own accounts' names only (not another district's, nor names no account has), and clears only those.
    const throttled = async (user: string) =>
      ((await t.http.get('/api/auth/throttles').set(await t.as(user))).body.items as { username: string | null }[])
        .map((e) => e.username)
        .filter((n) => n === name || n === wj.organizer);
    expect(await throttled('organizer')).toEqual([]);
    expect(new Set(await throttled(wj.organizer))).toEqual(new Set([wj.organizer]));
    const [xb, wjOrganizer] = [await t.as('organizer'), await t.as(wj.organizer)];
    expect((await t.http.post('/api/auth/throttles/clear').set(xb).send({ username: wj.organizer })).status).toBe(404);
    expect((await t.http.post('/api/auth/throttles/clear').set(wjOrganizer).send({ username: name })).status).toBe(404);
    expect((await t.http.post('/api/auth/throttles/clear').set(wjOrganizer).send({ username: wj.organizer })).status).toBe(200);
    // Nothing else may be recorded without a district: the database refuses it.
    await expect(
      t.prisma.auditEntry.create({
        data: { districtId: null, kind: 'campaign.updated', actorKind: 'system', actorLabel: 'x', changes: [], counts: {}, at: new Date() },
      }),
    ).rejects.toThrow(/AuditEntry_installation_check/);
  });
});

describe('an account of no district', () => {
  it('is the city office’s only: the database refuses any other, and the city office’s account writes nothing', async () => {
    const username = `nodistrict-${randomUUID().slice(0, 6)}`;
    // No district, no city, or a district's role: refused by the database itself (User_district_or_city).
    await expect(
      t.prisma.user.create({ data: { districtId: null, username, displayName: '无区账号', roles: ['organizer'], passwordHash: 'x' } }),
    ).rejects.toThrow(/User_district_or_city/);
    await expect(
      t.prisma.user.create({
        data: { districtId: null, cityId: CHANGZHOU_CITY_ID, username, displayName: '无区账号', roles: ['organizer'], passwordHash: 'x' },
      }),
    ).rejects.toThrow(/User_district_or_city/);
    const city = await t.prisma.user.create({
      data: { districtId: null, cityId: CHANGZHOU_CITY_ID, username, displayName: '市终身教育办', roles: ['city'], passwordHash: 'x' },
    });
    // Its token as sign-in would give it (the guard reads the account, its district and city included, from the database).
    const auth = { Authorization: `Bearer ${t.app.get(TokenService).sign(city, 3600).accessToken}` };
    // It reads its city's districts (as learnweek_app under the city_read policies) …
    const campaigns = await t.http.get('/api/campaigns').set(auth);
    expect(campaigns.status).toBe(200);
    expect((campaigns.body.items as { id: string }[]).map((c) => c.id)).toContain(t.fixture.campaignId);
    // … and every write is refused before it reaches a service.
    expect((await t.http.post('/api/towns').set(auth).send({ name: '市里加的镇' })).status).toBe(403);
    // The same kind of account and token with a district: served, in that district.
    const placed = await t.prisma.user.create({
      data: { districtId: WJ, username: `${username}-wj`, displayName: '武进账号', roles: ['organizer'], passwordHash: 'x' },
    });
    const wjUnits = await t.http
      .get('/api/units')
      .set({ Authorization: `Bearer ${t.app.get(TokenService).sign(placed, 3600).accessToken}` });
    expect(wjUnits.status).toBe(200);
    expect((wjUnits.body.items as { id: string }[]).map((u) => u.id)).toEqual([wj.unit]);
  });
});

describe('the live feed', () => {
  it('refuses a subscription to another district’s campaign or check-in session exactly like an unknown one', async () => {
    const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const now = t.clock.now().getTime();
    const session = await t.prisma.checkinSession.create({
      data: {
        districtId: XINBEI_DISTRICT_ID,
        campaignId: t.fixture.campaignId,
        name: '分会场',
        venue: `新北区文化馆-${randomUUID().slice(0, 6)}`,
        kind: 'sub',
        qrSecret: `secret-${randomUUID()}`,
        opensAt: new Date(now - 3_600_000),
        closesAt: new Date(now + 5 * 3_600_000),
      },
    });
    const own = await t.http
      .post('/api/campaigns')
      .set(await t.as(wj.organizer))
      .send({
        year: 2032,
        title: '2032年全民终身学习推进周',
        timeline: {
          planDueAt: '2032-10-10T15:59:59.000Z',
          weekStartsAt: '2032-10-21T16:00:00.000Z',
          weekEndsAt: '2032-10-28T16:00:00.000Z',
          launchAt: '2032-10-24T01:00:00.000Z',
          launchVenue: '武进区社区培训学院',
          summaryDueAt: '2032-10-31T15:59:59.000Z',
        },
      });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const stranger = await follow(base, { token: await t.login(wj.organizer) });
    const local = await follow(base, { token: await t.login('organizer') });
    try {
      const unknown = await stranger.subscribe({ campaignId: randomUUID(), sinceSeq: 0 });
      expect(unknown).toEqual({ ok: false, replayed: 0, lastSeq: 0, error: 'notFound' });
      // 新北区's campaign and session, from 武进区's organizer: the same answer, no hint that they exist.
      expect(await stranger.subscribe({ campaignId: t.fixture.campaignId, sinceSeq: 0 })).toEqual(unknown);
      expect(await stranger.subscribe({ checkinSessionId: session.id, sinceSeq: 0 })).toEqual(unknown);
      expect(await stranger.subscribe({ checkinSessionId: randomUUID(), sinceSeq: 0 })).toEqual(unknown);
      // Their own district's campaign they follow; 新北区's organizer follows 新北区's.
      expect(await stranger.subscribe({ campaignId: own.body.id as string })).toMatchObject({ ok: true });
      expect(await local.subscribe({ campaignId: t.fixture.campaignId })).toMatchObject({ ok: true });
      expect(await local.subscribe({ checkinSessionId: session.id })).toMatchObject({ ok: true });
      expect(await local.subscribe({ campaignId: own.body.id as string })).toEqual(unknown);
    } finally {
      stranger.socket.close();
      local.socket.close();
    }
  });
});
