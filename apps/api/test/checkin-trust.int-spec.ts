import { randomUUID } from 'node:crypto';
import type { TCheckinStats, TCreateCheckinResponse } from '@learnweek/contracts';
import { XINBEI_DISTRICT_ID } from '@learnweek/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock/clock.js';
import { CheckinWriter } from '../src/modules/checkin/checkin-writer.js';
import { setup } from './harness.js';

/** The ceremony's check-in window, and a moment inside it. */
const OPENS = new Date('2017-10-25T00:00:00Z');
const CLOSES = new Date('2017-10-25T06:00:00Z');
const DURING = new Date('2017-10-25T01:00:00Z');

let t: Awaited<ReturnType<typeof setup>>;
let sessionId: string;
const SECRET = 'venue-secret-trust-0123';

beforeAll(async () => {
  t = await setup({ clock: new ManualClock(DURING) });
  sessionId = await t.newCheckinSession({ venue: '春江镇', qrSecret: SECRET, opensAt: OPENS, closesAt: CLOSES });
  await t.prisma.user.create({
    data: {
      username: 'staff',
      displayName: '签到志愿者',
      roles: ['checkinStaff'],
      passwordHash: (await t.prisma.user.findFirstOrThrow()).passwordHash,
    },
  });
});
afterAll(async () => {
  await t?.teardown();
});

const key = () => `k-${randomUUID()}`;
const post = async (body: Record<string, unknown>, as?: string, sid = sessionId) => {
  const r = t.http.post(`/api/checkin-sessions/${sid}/checkins`);
  return as ? r.set(await t.as(as)).send(body) : r.send(body);
};
const counter = async (sid = sessionId) => (await t.prisma.checkinSession.findUniqueOrThrow({ where: { id: sid } })).checkinCount;
const stats = async (sid = sessionId) =>
  ((await t.http.get(`/api/checkin-sessions/${sid}/stats`).set(await t.as('organizer'))).body as TCheckinStats).total;
const createdEvents = (checkinId: string) =>
  t.prisma.outboxEvent.count({ where: { type: 'checkin.created', data: { path: ['checkinId'], equals: checkinId } } });

describe('a check-in counts once', () => {
  it('takes 4 concurrent copies of one key after a first as that one check-in: one row, the counter and /stats moved by one', async () => {
    const body = { name: '王小明', phone: '13900000001', idempotencyKey: key() };
    const [rowsBefore, counterBefore, statsBefore] = [
      await t.prisma.checkin.count({ where: { sessionId } }),
      await counter(),
      await stats(),
    ];
    const first = await post(body, 'staff');
    expect(first.status).toBe(201);
    const copies = await Promise.all(Array.from({ length: 4 }, () => post(body, 'staff')));
    expect(copies.map((c) => c.status)).toEqual([200, 200, 200, 200]);
    for (const c of copies) expect((c.body as TCreateCheckinResponse).checkin.id).toBe(first.body.checkin.id);
    expect(await t.prisma.checkin.count({ where: { sessionId } })).toBe(rowsBefore + 1);
    expect(await counter()).toBe(counterBefore + 1);
    expect(await stats()).toBe(statsBefore + 1);
    expect(await createdEvents(first.body.checkin.id as string)).toBe(1);
  });

  it('writes copies of one key in one write group as one check-in: one row, one counter bump, one event', async () => {
    const writer = t.app.get(CheckinWriter);
    const counterBefore = await counter();
    const write = (name: string, idempotencyKey: string) =>
      writer.write({
        sessionId,
        personKey: `key:${idempotencyKey}`,
        campaignPersonKey: `key:${idempotencyKey}`,
        idempotencyKey,
        name,
        unitId: null,
        isResident: true,
        phoneHash: null,
        attendeeId: null,
        source: 'staff',
        at: DURING,
        receivedAt: DURING,
        campaignId: t.fixture.campaignId,
        districtId: XINBEI_DISTRICT_ID,
        created: { sessionId, maskedName: name, unitName: null, town: null, isResident: true },
      });
    // The first write runs alone; everything pushed while it is in flight runs together as the next group.
    const k = key();
    const [blocker, ...copies] = await Promise.all([write('先到者', key()), ...Array.from({ length: 4 }, () => write('李小红', k))]);
    expect(blocker).not.toBeNull();
    expect(copies.filter((c) => c !== null)).toHaveLength(1);
    const id = copies.find((c) => c !== null)!.id;
    expect(await t.prisma.checkin.count({ where: { idempotencyKey: k } })).toBe(1);
    expect(await counter()).toBe(counterBefore + 2);
    expect(await createdEvents(id)).toBe(1);
    // and through the API a copy of that key is the same check-in, 200
    const again = await post({ name: '李小红', idempotencyKey: k }, 'staff');
    expect(again.status).toBe(200);
    expect(again.body.checkin.id).toBe(id);
  });

  it('refuses a key reused for another person with 409', async () => {
    const k = key();
    await post({ name: '赵一', phone: '13900000011', idempotencyKey: k }, 'staff').then((r) => expect(r.status).toBe(201));
    const other = await post({ name: '钱二', phone: '13900000022', idempotencyKey: k }, 'staff');
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('checkinKeyReused');
  });

  it('does not tell a self check-in the full name behind someone else’s phone number', async () => {
    await post({ name: '孙美丽', phone: '13900000033', idempotencyKey: key() }, 'staff').then((r) => expect(r.status).toBe(201));
    const probe = await post({ name: '好奇的人', phone: '13900000033', idempotencyKey: key(), secret: SECRET });
    expect(probe.status).toBe(200);
    // only what the caller sent (apps/api/test/checkin-self.int-spec.ts has the rest)
    expect(probe.body.checkin.name).toBe('好奇的人');
    expect(JSON.stringify(probe.body)).not.toContain('孙');
  });
});

describe('check-ins keep to the session’s window and a running campaign', () => {
  it('refuses a check-in before the window opens and after it closes', async () => {
    t.clock.set(new Date(OPENS.getTime() - 10 * 60_000));
    const early = await post({ name: '早到者', idempotencyKey: key() }, 'staff');
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('checkinNotOpen');
    t.clock.set(new Date(CLOSES.getTime() + 10 * 60_000));
    const late = await post({ name: '迟到者', idempotencyKey: key(), secret: SECRET });
    expect(late.status).toBe(409);
    t.clock.set(DURING);
  });

  it('keeps the moment of a desk’s scan: a queued check-in synced after the close counts at its scan time', async () => {
    const scannedAt = new Date(CLOSES.getTime() - 30 * 60_000).toISOString();
    t.clock.set(new Date(CLOSES.getTime() + 3 * 3_600_000));
    const r = await post({ name: '周离线', idempotencyKey: key(), scannedAt }, 'staff');
    expect(r.status).toBe(201);
    expect(r.body.checkin.at).toBe(scannedAt);
    const row = await t.prisma.checkin.findUniqueOrThrow({ where: { id: r.body.checkin.id as string } });
    expect(row.at.toISOString()).toBe(scannedAt);
    expect(row.receivedAt.toISOString()).toBe(t.clock.now().toISOString());
    // a scan outside the window, or in the future, is not taken
    expect(
      (await post({ name: '吴早', idempotencyKey: key(), scannedAt: new Date(OPENS.getTime() - 3_600_000).toISOString() }, 'staff')).status,
    ).toBe(409);
    const future = await post(
      { name: '郑未来', idempotencyKey: key(), scannedAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString() },
      'staff',
    );
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ path: 'scannedAt', message: expect.stringContaining('时钟') }]);
    t.clock.set(DURING);
  });

  it('ignores a phone’s own clock: a self check-in counts now', async () => {
    const r = await post({ name: '冯自助', idempotencyKey: key(), secret: SECRET, scannedAt: OPENS.toISOString() });
    expect(r.status).toBe(201);
    expect(r.body.checkin.at).toBe(DURING.toISOString());
  });

  it('refuses check-ins once the campaign is closed, even while the session is cached', async () => {
    const sid = await t.newCheckinSession({
      name: '分会场',
      venue: '图书馆',
      kind: 'sub',
      qrSecret: 'sub-secret-trust-0123',
      opensAt: OPENS,
      closesAt: CLOSES,
    });
    expect((await post({ name: '陈先到', idempotencyKey: key() }, 'staff', sid)).status).toBe(201);
    // closed behind the service's back: its session cache still says published
    await t.prisma.campaign.update({ where: { id: t.fixture.campaignId }, data: { status: 'closed' } });
    try {
      const counterBefore = await counter(sid);
      const r = await post({ name: '褚后到', idempotencyKey: key() }, 'staff', sid);
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('campaignClosed');
      expect(r.body.message).toContain('已结束');
      expect(await counter(sid)).toBe(counterBefore);
    } finally {
      await t.prisma.campaign.update({ where: { id: t.fixture.campaignId }, data: { status: 'published' } });
    }
  });
});
