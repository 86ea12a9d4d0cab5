import { createHash, randomUUID } from 'node:crypto';
import { LIVE_EVENT_DATA, type TLiveEnvelope } from '@learnweek/contracts';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock/clock.js';
import { setup, startApp, type TestApp } from './harness.js';

let t: Awaited<ReturnType<typeof setup>>;
let sessionId: string;
let secret: string;
const KIOSK = 'kiosk-token-for-tests';

beforeAll(async () => {
  // inside the ceremony sessions' window (check-ins are taken only then)
  t = await setup({ clock: new ManualClock(new Date('2017-10-25T01:00:00Z')) });
  secret = 'venue-secret-0123456789';
  const s = await t.prisma.checkinSession.create({
    data: {
      campaignId: t.fixture.campaignId,
      name: '启动仪式主会场',
      venue: '春江镇社区教育中心',
      kind: 'main',
      qrSecret: secret,
      opensAt: new Date('2017-10-25T00:00:00Z'),
      closesAt: new Date('2017-10-25T06:00:00Z'),
    },
  });
  sessionId = s.id;
  await t.prisma.user.create({
    data: {
      username: 'staff',
      displayName: '签到志愿者',
      roles: ['checkinStaff'],
      passwordHash: (await t.prisma.user.findFirstOrThrow()).passwordHash,
    },
  });
  await t.prisma.kioskDevice.create({
    data: { campaignId: t.fixture.campaignId, name: '大屏', tokenHash: createHash('sha256').update(KIOSK).digest('hex') },
  });
});
afterAll(async () => {
  await t?.teardown();
});

const key = () => `k-${randomUUID()}`;

/**
 * A venue of its own at the ceremony (open all morning) with `before` people already checked in
 * from their phones: its id and QR secret, so that a test counts only its own check-ins.
 */
async function ownSession(before = 0) {
  const qrSecret = `venue-secret-${randomUUID()}`;
  const id = await t.newCheckinSession({ qrSecret, name: '分会场', kind: 'sub' });
  for (let i = 1; i <= before; i++)
    await t.http
      .post(`/api/checkin-sessions/${id}/checkins`)
      .send({ name: `来宾${i}`, idempotencyKey: key(), secret: qrSecret })
      .expect(201);
  return { sessionId: id, secret: qrSecret };
}

/** A screen connected to an instance, recording what it receives. */
async function screen(app: TestApp, sinceSeq?: number) {
  const url = await app.app.getUrl();
  const socket: Socket = io(`${url.replace('[::1]', '127.0.0.1')}/live`, {
    auth: { kioskToken: KIOSK },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  const received: TLiveEnvelope[] = [];
  for (const type of ['checkin.created', 'checkin.stats', 'activity.held', 'participation.transitioned'])
    socket.on(type, (e: TLiveEnvelope) => received.push(e));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const ack = await socket.emitWithAck('subscribe', { campaignId: t.fixture.campaignId, ...(sinceSeq === undefined ? {} : { sinceSeq }) });
  expect(ack).toMatchObject({ ok: true });
  /** Resolves when an envelope matching `pred` has arrived (no timers: the test's own timeout bounds it). */
  const until = (pred: (e: TLiveEnvelope) => boolean) =>
    new Promise<TLiveEnvelope>((resolve) => {
      const found = received.find(pred);
      if (found) return resolve(found);
      const check = (e: TLiveEnvelope) => {
        if (pred(e)) resolve(e);
      };
      for (const type of ['checkin.created', 'checkin.stats', 'activity.held']) socket.on(type, check);
    });
  return { socket, received, until, ack };
}

describe('check-in', () => {
  it('counts 1,000 concurrent posts of the same person as one row', async () => {
    const staff = { Authorization: `Bearer ${await t.login('staff')}` };
    // As the desk does: a 503 (every wait is bounded, docs/RELIABILITY.md) is sent again with its key.
    const post = async (idempotencyKey: string) => {
      for (;;) {
        const r = await t.http
          .post(`/api/checkin-sessions/${sessionId}/checkins`)
          .set(staff)
          .send({ name: '张三艳', phone: '13912345678', idempotencyKey });
        if (r.status !== 503) return r;
        expect(r.headers['retry-after']).toBeDefined();
      }
    };
    const answers = await Promise.all(Array.from({ length: 1000 }, () => post(key())));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(999);
    expect(await t.prisma.checkin.count({ where: { sessionId } })).toBe(1);
    const dup = answers.find((a) => a.status === 200)!;
    expect(dup.body.duplicate).toBe(true);
    expect(dup.body.message).toMatch(/^已于 \d\d:\d\d 签到$/);
  });

  it('writes concurrent arrivals in groups with an exact counter and one event each', async () => {
    const staff = { Authorization: `Bearer ${await t.login('staff')}` };
    const { id: sessionId } = await t.prisma.checkinSession.create({
      data: {
        campaignId: t.fixture.campaignId,
        name: '分会场',
        venue: '新北区图书馆',
        kind: 'sub',
        qrSecret: 'sub-venue-secret-0123',
        opensAt: new Date('2017-10-25T00:00:00Z'),
        closesAt: new Date('2017-10-25T06:00:00Z'),
      },
    });
    const before = await t.prisma.checkinSession.findUniqueOrThrow({ where: { id: sessionId } });
    const maxSeq = (await t.prisma.outboxEvent.aggregate({ _max: { seq: true } }))._max.seq ?? 0n;
    // 300 people, every tenth posting twice at once with different keys (same phone)
    const posts = Array.from({ length: 330 }, (_, i) => {
      const person = i < 300 ? i : (i - 300) * 10;
      return t.http
        .post(`/api/checkin-sessions/${sessionId}/checkins`)
        .set(staff)
        .send({ name: `来宾${person}`, phone: `1380000${String(person).padStart(4, '0')}`, idempotencyKey: key() });
    });
    const statuses = (await Promise.all(posts)).map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(300);
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    const after = await t.prisma.checkinSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(after.checkinCount - before.checkinCount).toBe(300);
    expect(after.checkinCount).toBe(await t.prisma.checkin.count({ where: { sessionId } }));
    const events = await t.prisma.outboxEvent.findMany({
      where: { checkinSessionId: sessionId, seq: { gt: maxSeq } },
      orderBy: { seq: 'asc' },
    });
    const created = events.filter((e) => e.type === 'checkin.created');
    expect(created).toHaveLength(300);
    expect(new Set(created.map((e) => (e.data as { checkinId: string }).checkinId)).size).toBe(300);
    // Each check-in carries the session's total with it: together they count 1…300 past the start, once each.
    expect(created.map((e) => (e.data as { total: number }).total).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 300 }, (_, i) => before.checkinCount + i + 1),
    );
    const stats = events.filter((e) => e.type === 'checkin.stats').map((e) => (e.data as { total: number }).total);
    expect(stats.length).toBeGreaterThan(0);
    expect(stats.length).toBeLessThanOrEqual(300);
    expect(stats.at(-1)).toBe(after.checkinCount);
    expect([...stats].sort((a, b) => a - b)).toEqual(stats);
  });

  it('needs the venue secret for a self check-in, and recognises a retry and the same phone', async () => {
    // Its own venue, where 张三艳 has checked in.
    const { sessionId, secret } = await ownSession();
    const url = `/api/checkin-sessions/${sessionId}/checkins`;
    expect((await t.http.post(url).send({ name: '李四', idempotencyKey: key() })).status).toBe(403);
    expect((await t.http.post(url).send({ name: '李四', idempotencyKey: key(), secret: 'wrong' })).status).toBe(403);
    expect((await t.http.post(url).send({ name: '张三艳', phone: '13912345678', idempotencyKey: key(), secret })).status).toBe(201);
    const idem = key();
    const first = await t.http.post(url).send({ name: '李四', idempotencyKey: idem, secret, unitId: t.fixture.units.school.id });
    expect(first.status).toBe(201);
    const retry = await t.http.post(url).send({ name: '李四', idempotencyKey: idem, secret, unitId: t.fixture.units.school.id });
    expect(retry.status).toBe(200);
    expect(retry.body.checkin.id).toBe(first.body.checkin.id);
    const samePhone = await t.http.post(url).send({ name: '张三艳', phone: '+86 139-1234-5678', idempotencyKey: key(), secret });
    expect(samePhone.status).toBe(200);
    const bad = await t.http.post(url).send({ name: '', phone: '123', idempotencyKey: 'x', secret });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['idempotencyKey', 'name', 'phone']);
    expect(await t.prisma.checkin.count({ where: { sessionId } })).toBe(2);
    const stored = await t.prisma.checkin.findFirstOrThrow({ where: { sessionId, name: '张三艳' } });
    expect(stored.phoneHash).not.toContain('13912345678');
  });

  it('answers stats to staff and the screen, never to a coordinator', async () => {
    // Its own venue: 李四 of the school, then 张三艳.
    const { sessionId, secret } = await ownSession();
    const url = `/api/checkin-sessions/${sessionId}/checkins`;
    await t.http.post(url).send({ name: '李四', idempotencyKey: key(), secret, unitId: t.fixture.units.school.id }).expect(201);
    await t.http.post(url).send({ name: '张三艳', phone: '13912345678', idempotencyKey: key(), secret }).expect(201);
    const stats = await t.http.get(`/api/checkin-sessions/${sessionId}/stats`).set({ Authorization: `Bearer ${KIOSK}` });
    expect(stats.status).toBe(200);
    expect(stats.body.total).toBe(2);
    expect(stats.body.newest.map((n: { maskedName: string }) => n.maskedName).sort()).toEqual(['张*艳', '李*']);
    expect(stats.body.byTown).toEqual(expect.arrayContaining([{ town: '春江镇', count: 1 }]));
    const coord = await t.http
      .get(`/api/checkin-sessions/${sessionId}/stats`)
      .set({ Authorization: `Bearer ${await t.login('coord-S1')}` });
    expect(coord.status).toBe(403);
  });
});

describe('the pre-registered list', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  async function book(rows: (string | number)[][]) {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('签到名单');
    ws.addRow(['编码', '姓名', '单位', '手机']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('imports an .xlsx all or nothing, with errors by row and column', async () => {
    const org = { Authorization: `Bearer ${await t.login('organizer')}`, 'Content-Type': XLSX };
    const url = `/api/checkin-sessions/${sessionId}/attendees.xlsx`;
    const bad = await t.http
      .post(url)
      .set(org)
      .send(
        await book([
          ['B001', '周大妈', '春江中心小学', '13700000001'],
          ['B002', '', '不存在的单位', '12'],
          ['B001', '吴伯伯', '', ''],
        ]),
      );
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['第3行·姓名', '第3行·单位', '第3行·手机', '第4行·编码']);
    expect((await t.http.get(`/api/checkin-sessions/${sessionId}/attendees`).set({ Authorization: org.Authorization })).body.items).toEqual(
      [],
    );

    const good = await t.http
      .post(url)
      .set(org)
      .send(
        await book([
          ['B001', '周大妈', '春江中心小学', '13700000001'],
          ['', '吴伯伯', '', ''],
        ]),
      );
    expect(good.status).toBe(201);
    expect(good.body).toEqual({ imported: 2 });
    const list = (await t.http.get(`/api/checkin-sessions/${sessionId}/attendees`).set({ Authorization: org.Authorization })).body.items;
    expect(list.map((a: { code: string; name: string; phoneTail: string | null }) => [a.code, a.name, a.phoneTail])).toEqual([
      ['A0001', '吴伯伯', null],
      ['B001', '周大妈', '0001'],
    ]);
    const staff = { Authorization: `Bearer ${await t.login('staff')}`, 'Content-Type': XLSX };
    expect(
      (
        await t.http
          .post(url)
          .set(staff)
          .send(await book([['C1', '某', '', '']]))
      ).status,
    ).toBe(403);
    const notXlsx = await t.http.post(url).set(org).send(Buffer.from('not a spreadsheet'));
    expect(notXlsx.status).toBe(422);
  });
});

describe('the live feed', () => {
  it('streams a check-in to a subscribed screen with a monotonic sequence', async () => {
    // Its own venue, where two people have checked in.
    const { sessionId, secret } = await ownSession(2);
    const s = await screen(t);
    try {
      await t.http.post(`/api/checkin-sessions/${sessionId}/checkins`).send({ name: '王小明', idempotencyKey: key(), secret });
      // One event per check-in to a wall, the session's total on it; the stats event is the console's.
      const created = await s.until((e) => e.type === 'checkin.created' && (e.data as { maskedName: string }).maskedName === '王*明');
      expect(created.data).toMatchObject({ maskedName: '王*明', isResident: true, sessionId, total: 3 });
      // Its data as the contract declares it (nothing more), and as the outbox stored it.
      expect(LIVE_EVENT_DATA['checkin.created'].strict().parse(created.data)).toEqual(created.data);
      expect((await t.prisma.outboxEvent.findUniqueOrThrow({ where: { seq: BigInt(created.seq) } })).data).toEqual(created.data);
      const stats = await t.prisma.outboxEvent.findFirstOrThrow({
        where: { type: 'checkin.stats', checkinSessionId: sessionId },
        orderBy: { seq: 'desc' },
      });
      expect([Number(stats.seq) > created.seq, stats.data]).toEqual([true, { sessionId, total: 3 }]);
    } finally {
      s.socket.close();
    }
  });

  it('replays what a screen missed while it was away', async () => {
    // Its own venue, where three people have checked in.
    const { sessionId, secret } = await ownSession(3);
    const wall = await t.http.get('/api/kiosk/wall').set({ Authorization: `Bearer ${KIOSK}` });
    const before = wall.body.lastSeq as number;
    // The screen is offline while two people arrive.
    for (const name of ['赵一', '钱二'])
      await t.http.post(`/api/checkin-sessions/${sessionId}/checkins`).send({ name, idempotencyKey: key(), secret });
    const s = await screen(t, before);
    try {
      expect(s.ack).toMatchObject({ ok: true, replayed: 2 });
      expect(s.received.map((e) => [e.type, (e.data as { maskedName: string }).maskedName, (e.data as { total: number }).total])).toEqual([
        ['checkin.created', '赵*', 4],
        ['checkin.created', '钱*', 5],
      ]);
      const seqs = s.received.map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    } finally {
      s.socket.close();
    }
  });

  it('refuses a socket without a valid token and a screen asking for another campaign', async () => {
    const url = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const anon = io(`${url}/live`, { auth: {}, transports: ['websocket'], forceNew: true, reconnection: false });
    const error = await new Promise<Error>((resolve) => anon.once('connect_error', resolve));
    expect(error.message).toBe('unauthorized');
    anon.close();
    const s = await screen(t);
    const other = await s.socket.emitWithAck('subscribe', { campaignId: randomUUID() });
    expect(other).toMatchObject({ ok: false, error: 'forbidden' });
    s.socket.close();
  });

  it('reaches a screen on another instance through Redis', async () => {
    const redisUrl = process.env.REDIS_URL;
    if (!redisUrl) {
      // Without Redis a single instance works alone; CI sets REDIS_URL and runs the two-instance case.
      expect(process.env.CI).not.toBe('true');
      return;
    }
    const a = await startApp(t.db, { redisUrl, clock: t.clock });
    const b = await startApp(t.db, { redisUrl, clock: t.clock });
    try {
      const s = await screen(b);
      await a.http.post(`/api/checkin-sessions/${sessionId}/checkins`).send({ name: '孙悟空', idempotencyKey: key(), secret });
      const created = await s.until((e) => e.type === 'checkin.created' && (e.data as { maskedName: string }).maskedName === '孙*空');
      expect(created.type).toBe('checkin.created');
      s.socket.close();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
