// Outbox retention: the live feed's events older than OUTBOX_RETENTION_HOURS go in batches (the
// check-ins stay), and a screen that comes back with a seq older than what is kept is told to
// redraw from REST instead of getting a replay with holes.
import { createHash, randomUUID } from 'node:crypto';
import type { TKioskWall, TLiveEnvelope, TSubscribeReply } from '@learnweek/contracts';
import { inDistrict, XINBEI_DISTRICT_ID } from '@learnweek/db';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock/clock.js';
import { OutboxRetention } from '../src/core/live/outbox-retention.js';
import { OutboxRepository } from '../src/core/live/outbox.repository.js';
import { bearer, setup } from './harness.js';

const KIOSK = 'kiosk-token-retention';
const HOUR = 3_600_000;
/** The ceremony (inside the 2017 session's window), and two days and a half later. */
const CEREMONY = new Date('2017-10-25T01:00:00Z');
const LATER = new Date(CEREMONY.getTime() + 60 * HOUR);

let t: Awaited<ReturnType<typeof setup>>;
let sessionId: string;

beforeAll(async () => {
  t = await setup({ clock: new ManualClock(CEREMONY) });
  sessionId = (
    await t.prisma.checkinSession.create({
      data: {
        campaignId: t.fixture.campaignId,
        name: '启动仪式主会场',
        venue: '春江镇社区教育中心',
        kind: 'main',
        qrSecret: 'venue-secret-retention-01',
        opensAt: new Date('2017-10-25T00:00:00Z'),
        closesAt: new Date('2017-10-28T00:00:00Z'),
      },
    })
  ).id;
  await t.prisma.kioskDevice.create({
    data: { campaignId: t.fixture.campaignId, name: '大屏', tokenHash: createHash('sha256').update(KIOSK).digest('hex') },
  });
});
afterAll(async () => {
  await t?.teardown();
});

async function checkIn(n: number) {
  const staff = await t.as('organizer');
  for (let i = 0; i < n; i++) {
    const r = await t.http
      .post(`/api/checkin-sessions/${sessionId}/checkins`)
      .set(staff)
      .send({ name: `来宾${i}`, idempotencyKey: `k-${randomUUID()}` });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
}

async function screen() {
  const url = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  const socket: Socket = io(`${url}/live`, { auth: { kioskToken: KIOSK }, transports: ['websocket'], forceNew: true, reconnection: false });
  const received: TLiveEnvelope[] = [];
  for (const type of ['checkin.created', 'checkin.stats']) socket.on(type, (e: TLiveEnvelope) => received.push(e));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const subscribe = (sinceSeq: number) =>
    socket.emitWithAck('subscribe', { campaignId: t.fixture.campaignId, sinceSeq }) as Promise<TSubscribeReply>;
  return { socket, received, subscribe };
}

const outboxRows = () =>
  t.prisma.outboxEvent.findMany({ where: { checkinSessionId: sessionId }, orderBy: { seq: 'asc' }, select: { seq: true, at: true } });

describe('outbox retention', () => {
  it('removes the events older than 48 hours in batches, keeps every check-in, and redraws a screen that was away longer', async () => {
    // The ceremony morning: 5 check-ins, then a screen that saw them all goes dark.
    await checkIn(5);
    const wallThen = (await t.http.get('/api/kiosk/wall').set(bearer(KIOSK))).body as TKioskWall;
    const old = await outboxRows();
    expect(old).toHaveLength(10); // a checkin.created and a checkin.stats each (one person per statement here)
    // Two and a half days later: 3 more arrivals (the session is still open).
    t.clock.set(LATER);
    await checkIn(3);
    // A pass bounded at 2 batches of 4 stops with more to do; the next one finishes.
    const outbox = t.app.get(OutboxRepository);
    const cutoff = new Date(LATER.getTime() - 48 * HOUR);
    expect(await outbox.prune(cutoff, 4, 2)).toEqual({ rows: 8, through: Number(old.at(-1)!.seq), more: true });
    const pass = await t.app.get(OutboxRetention).run();
    expect(pass).toEqual({ rows: 2, through: Number(old.at(-1)!.seq), more: false });
    const kept = await outboxRows();
    expect(kept).toHaveLength(6);
    expect(kept.every((r) => r.at >= cutoff)).toBe(true);
    expect(await inDistrict(XINBEI_DISTRICT_ID, () => outbox.floor())).toBe(Number(old.at(-1)!.seq));
    // The check-ins themselves are all there, and so are the figures.
    expect(await t.prisma.checkin.count({ where: { sessionId } })).toBe(8);
    const wallNow = (await t.http.get('/api/kiosk/wall').set(bearer(KIOSK))).body as TKioskWall;
    expect(wallNow.sessions.find((s) => s.id === sessionId)?.total).toBe(8);

    const s = await screen();
    try {
      // The screen dark since the morning: its seq is below what is kept, no replay can bring it up to date.
      const stale = await s.subscribe(wallThen.lastSeq - 1);
      expect(stale).toEqual({ ok: true, replayed: 0, lastSeq: Number(kept.at(-1)!.seq), more: false, resyncNeeded: true });
      expect(s.received).toEqual([]);
      // From the REST picture's lastSeq (as the wall redraws) and from the floor: an ordinary replay.
      expect(wallNow.lastSeq).toBe(Number(kept.at(-1)!.seq));
      expect(await s.subscribe(wallNow.lastSeq)).toEqual({ ok: true, replayed: 0, lastSeq: wallNow.lastSeq, more: false });
      const fromFloor = await s.subscribe(await inDistrict(XINBEI_DISTRICT_ID, () => outbox.floor()));
      // a wall replays the check-ins alone, each with its session's total
      expect(fromFloor).toMatchObject({ ok: true, replayed: 3, more: false });
      expect(fromFloor).not.toHaveProperty('resyncNeeded');
      expect(s.received.map((e) => [e.type, (e.data as { total: number }).total])).toEqual([
        ['checkin.created', 6],
        ['checkin.created', 7],
        ['checkin.created', 8],
      ]);
    } finally {
      s.socket.close();
    }
  });

  it('keeps the newest event however old, so that the feed keeps its position through a quiet week', async () => {
    // Events of its own (two check-ins while the session is open), then a month without any.
    t.clock.set(LATER);
    await checkIn(2);
    t.clock.set(new Date(LATER.getTime() + 30 * 24 * HOUR));
    const before = await t.prisma.outboxEvent.aggregate({ _max: { seq: true } });
    const pass = await t.app.get(OutboxRetention).run();
    expect(pass?.more).toBe(false);
    const left = await t.prisma.outboxEvent.findMany({ select: { seq: true } });
    expect(left.map((r) => r.seq)).toEqual([before._max.seq]);
    // A campaign whose events are all gone: the wall's lastSeq is the floor, and subscribing from it is no resync.
    const wall = (await t.http.get('/api/kiosk/wall').set(bearer(KIOSK))).body as TKioskWall;
    const s = await screen();
    try {
      const reply = await s.subscribe(wall.lastSeq);
      expect(reply).toMatchObject({ ok: true, replayed: expect.any(Number) as number });
      expect(reply).not.toHaveProperty('resyncNeeded');
    } finally {
      s.socket.close();
    }
  });
});
