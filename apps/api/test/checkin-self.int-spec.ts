// Self check-in counts people, not requests (issue 30 Found 7 / Build 6; issue 22 Build 5): a
// family on one phone, a burst from one address held for review, voiding audited, a duplicate
// answer that tells nothing the caller did not send, units checked against the campaign's.
import { createHash, randomUUID } from 'node:crypto';
import type { TCheckinFigures, TCheckinPublic, TKioskWall, TListAuditResponse, TListHeldCheckinsResponse } from '@learnweek/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock/clock.js';
import { PASSWORD, setup } from './harness.js';

const OPENS = new Date('2017-10-25T00:00:00Z');
const CLOSES = new Date('2017-10-25T06:00:00Z');
const DURING = new Date('2017-10-25T01:00:00Z');
const SECRET = 'venue-secret-self-0123';
const KIOSK = 'kiosk-token-self-tests';
/** New people one address checks in a minute before the rest are held (the default is 30). */
const HOLD_AFTER = 8;

let t: Awaited<ReturnType<typeof setup>>;
let sessionId: string;

beforeAll(async () => {
  t = await setup({ clock: new ManualClock(DURING), checkinHoldAfterPerMinute: HOLD_AFTER });
  sessionId = await t.newCheckinSession({ venue: '春江镇', qrSecret: SECRET, opensAt: OPENS, closesAt: CLOSES });
  await t.prisma.kioskDevice.create({
    data: { campaignId: t.fixture.campaignId, name: '大屏', tokenHash: createHash('sha256').update(KIOSK).digest('hex') },
  });
});
afterAll(async () => {
  await t?.teardown();
});

const key = () => `k-${randomUUID()}`;
let minute = 0;
const self = (body: Record<string, unknown>, sid = sessionId) =>
  t.http.post(`/api/checkin-sessions/${sid}/checkins`).send({ idempotencyKey: key(), secret: SECRET, ...body });
const figures = async () =>
  (await t.http.get(`/api/campaigns/${t.fixture.campaignId}/checkin-figures`).set(await t.as('organizer'))).body as TCheckinFigures;
/** Two minutes on: a fresh minute for the address's allowance (every request here comes from one address). */
const freshWindow = () => t.clock.set(new Date(DURING.getTime() + ++minute * 120_000));

describe('the phone page’s data', () => {
  it('says whether check-in is open, by the server’s clock, and lists every unit taking part', async () => {
    const info = async () => (await t.http.get(`/api/checkin-sessions/${sessionId}/public`).query({ s: SECRET })).body as TCheckinPublic;
    t.clock.set(new Date(OPENS.getTime() - 3_600_000));
    expect(await info()).toMatchObject({ window: 'upcoming', opensAt: OPENS.toISOString(), now: t.clock.now().toISOString() });
    t.clock.set(new Date(CLOSES.getTime() + 3_600_000));
    expect((await info()).window).toBe('ended');
    t.clock.set(DURING);
    const open = await info();
    expect(open.window).toBe('open');
    // The units taking part, not a unit outside the campaign.
    await t.prisma.unit.create({
      data: { code: 'X9', name: '未参与单位', kind: 'school', townId: (await t.prisma.town.findFirstOrThrow()).id },
    });
    expect(open.units.map((u) => u.name).sort()).toEqual(['新北区某培训学校', '春江中心小学', '春江镇社区教育中心'].sort());
  });

  it('answers a wrong or replaced QR, and an unknown venue, in words a resident reads', async () => {
    const wrong = await t.http.get(`/api/checkin-sessions/${sessionId}/public`).query({ s: 'an-old-secret' });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ code: 'checkinLinkInvalid', message: expect.stringContaining('二维码无效') });
    const unknown = await t.http.get(`/api/checkin-sessions/${randomUUID()}/public`).query({ s: SECRET });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('checkinLinkInvalid');
    const post = await self({ name: '张三', secret: 'an-old-secret' });
    expect(post.status).toBe(403);
    expect(post.body.code).toBe('checkinLinkInvalid');
  });
});

describe('a self check-in counts a person', () => {
  it('lets a family check in from one phone, each once, and at most six', async () => {
    freshWindow();
    const before = (await figures()).people;
    const device = `device-${randomUUID()}`;
    for (const name of ['王爸爸', '王妈妈', '王小宝']) expect((await self({ name, deviceKey: device })).status).toBe(201);
    // The same person again from that phone is a duplicate, however the name is spaced.
    const again = await self({ name: '王 小宝', deviceKey: device });
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect((await figures()).people).toBe(before + 3);
    for (const name of ['王爷爷', '王奶奶', '王姑姑']) expect((await self({ name, deviceKey: device })).status).toBe(201);
    const seventh = await self({ name: '王邻居', deviceKey: device });
    expect(seventh.status).toBe(429);
    expect(seventh.body).toMatchObject({ code: 'checkinDeviceFull', message: expect.stringContaining('6 人') });
    expect((await figures()).people).toBe(before + 6);
  });

  it('tells a second phone using the same number that it is counted, and nothing of the first person', async () => {
    freshWindow();
    await t.http
      .post(`/api/checkin-sessions/${sessionId}/checkins`)
      .set(await t.as('organizer'))
      .send({ name: '张三丰', phone: '13900000099', unitId: t.fixture.units.school.id, idempotencyKey: key() });
    const probe = await self({ name: '好奇的人', phone: '13900000099', deviceKey: `device-${randomUUID()}` });
    expect(probe.status).toBe(200);
    expect(probe.body).toMatchObject({
      duplicate: true,
      message: '已签到，不会重复计数',
      checkin: { name: '好奇的人', unitId: null, isResident: true },
    });
    const text = JSON.stringify(probe.body);
    expect(text).not.toContain('张');
    expect(text).not.toContain(t.fixture.units.school.id);
    expect(text).not.toMatch(/\d\d:\d\d 签到/);
  });

  it('refuses a unit that is not taking part in the campaign, field by field', async () => {
    freshWindow();
    const outsider = await t.prisma.unit.create({
      data: { code: 'X8', name: '外区单位', kind: 'school', townId: (await t.prisma.town.findFirstOrThrow()).id },
    });
    const r = await self({ name: '李四', unitId: outsider.id, deviceKey: `device-${randomUUID()}` });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ path: 'unitId', message: '该单位不在本次活动的参与单位中' }]);
    expect((await self({ name: '李四', unitId: t.fixture.units.centre.id, deviceKey: `device-${randomUUID()}` })).status).toBe(201);
  });
});

describe('a burst from one address is held for the organiser', () => {
  it('counts the first few a minute, holds the rest; approved ones count once, discarded ones never', async () => {
    freshWindow();
    const before = await figures();
    const sent = await Promise.all(Array.from({ length: 12 }, (_, i) => self({ name: `虚构${i}号`, deviceKey: `device-${randomUUID()}` })));
    expect(sent.map((r) => r.status)).toEqual(Array(12).fill(201));
    const held = sent.filter((r) => r.body.held === true);
    expect(held).toHaveLength(12 - HOLD_AFTER);
    expect(held[0]!.body.message).toContain('工作人员核对后计入');
    expect((await figures()).people).toBe(before.people + HOLD_AFTER);

    const list = (await t.http.get(`/api/checkin-sessions/${sessionId}/held`).set(await t.as('organizer')))
      .body as TListHeldCheckinsResponse;
    expect(list.items).toHaveLength(12 - HOLD_AFTER);
    expect(new Set(list.items.map((h) => h.address)).size).toBe(1);
    const [approve, ...discard] = list.items.map((h) => h.id);
    const reviewed = await t.http
      .post(`/api/checkin-sessions/${sessionId}/held`)
      .set(await t.as('organizer'))
      .send({ approve: [approve], discard });
    expect(reviewed.body).toMatchObject({ approved: 1, discarded: discard.length });
    // Approved again (a second click): nothing more is counted.
    await t.http
      .post(`/api/checkin-sessions/${sessionId}/held`)
      .set(await t.as('organizer'))
      .send({ approve: [approve] });
    expect((await figures()).people).toBe(before.people + HOLD_AFTER + 1);
    expect(
      ((await t.http.get(`/api/checkin-sessions/${sessionId}/held`).set(await t.as('organizer'))).body as TListHeldCheckinsResponse).items,
    ).toEqual([]);
    // The next minute the address counts again.
    freshWindow();
    const next = await self({ name: '下一分钟', deviceKey: `device-${randomUUID()}` });
    expect(next.body.held).toBeUndefined();
  });

  it('leaves signed-in staff at a desk alone', async () => {
    freshWindow();
    const staff = await t.as('organizer');
    const sent = await Promise.all(
      Array.from({ length: HOLD_AFTER + 3 }, (_, i) =>
        t.http
          .post(`/api/checkin-sessions/${sessionId}/checkins`)
          .set(staff)
          .send({ name: `来宾${i}`, idempotencyKey: key() }),
      ),
    );
    expect(sent.filter((r) => r.body.held)).toEqual([]);
  });
});

describe('a desk whose sign-in has expired', () => {
  it('is answered 401, not taken as a phone without the venue secret (403), and nothing is written', async () => {
    freshWindow();
    const login = await t.http.post('/api/auth/login').send({ username: 'organizer', password: PASSWORD });
    const token = login.body.accessToken as string;
    const rows = await t.prisma.checkin.count({ where: { sessionId } });
    // JWT_TTL is an hour in the tests: two hours on, still inside the session's window.
    t.clock.set(new Date(t.clock.now().getTime() + 2 * 3_600_000));
    for (const auth of [`Bearer ${token}`, 'Bearer not-a-token']) {
      const r = await t.http
        .post(`/api/checkin-sessions/${sessionId}/checkins`)
        .set({ Authorization: auth })
        .send({ name: '过期的签到台', idempotencyKey: key() });
      expect(r.status).toBe(401);
    }
    expect(await t.prisma.checkin.count({ where: { sessionId } })).toBe(rows);
  });
});

describe('the organiser voids check-ins', () => {
  it('takes them out of the figures and the wall, audited with the reason; a non-organiser cannot', async () => {
    freshWindow();
    const ids: string[] = [];
    for (const name of ['假一', '假二']) ids.push((await self({ name, deviceKey: `device-${randomUUID()}` })).body.checkin.id as string);
    const before = await figures();
    const wallBefore = (await t.http.get('/api/kiosk/wall').set({ Authorization: `Bearer ${KIOSK}` })).body as TKioskWall;
    const coordinator = await t.http
      .post(`/api/checkin-sessions/${sessionId}/checkins/void`)
      .set(await t.as(t.fixture.units.school.coordinator))
      .send({ checkinIds: ids, reason: '测试' });
    expect(coordinator.status).toBe(403);
    const r = await t.http
      .post(`/api/checkin-sessions/${sessionId}/checkins/void`)
      .set(await t.as('organizer'))
      .send({ checkinIds: ids, reason: '同一地址批量虚构' });
    expect(r.status).toBe(200);
    expect(r.body.voided).toBe(2);
    expect(await figures()).toMatchObject({ people: before.people - 2, scans: before.scans - 2 });
    const wall = (await t.http.get('/api/kiosk/wall').set({ Authorization: `Bearer ${KIOSK}` })).body as TKioskWall;
    expect(wall.people).toBe(wallBefore.people - 2);
    expect(wall.sessions.find((s) => s.id === sessionId)!.total).toBe(wallBefore.sessions.find((s) => s.id === sessionId)!.total - 2);
    expect((await t.prisma.checkinSession.findUniqueOrThrow({ where: { id: sessionId } })).checkinCount).toBe(r.body.total);
    const audit = (
      await t.http
        .get('/api/audit')
        .query({ kind: 'checkin.voided' })
        .set(await t.as('organizer'))
    ).body as TListAuditResponse;
    expect(audit.items[0]).toMatchObject({
      kind: 'checkin.voided',
      target: expect.stringContaining('同一地址批量虚构'),
      counts: { voided: 2 },
    });
    expect(audit.items[0]!.target).not.toContain('假一');
  });
});
