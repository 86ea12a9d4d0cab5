// The load rehearsal (docs/SCALE.md) against one in-process instance: the console's button (the server
// makes the load) and `npm run rehearsal`'s runner (the caller makes it and reports), both through
// the real HTTP and socket.io surface. Its session is kept out of every list, figure, export and
// wall (and their live feed), and emptied at the end.
import { createHash, randomUUID } from 'node:crypto';
import { REHEARSAL_TARGETS, type TKioskWall, type TLatestRehearsal, type TLiveEnvelope, type TRehearsal } from '@learnweek/contracts';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock/clock.js';
import { runRehearsal } from '../src/modules/rehearsal/rehearsal-runner.js';
import { RehearsalService } from '../src/modules/rehearsal/rehearsal.service.js';
import { bearer, setup, startApp } from './harness.js';

const KIOSK = 'kiosk-token-rehearsal';
const CEREMONY = new Date('2017-10-25T01:00:00Z');

let t: Awaited<ReturnType<typeof setup>>;
let base: string;
let realSession: string;

beforeAll(async () => {
  t = await setup({ clock: new ManualClock(CEREMONY) });
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  realSession = await t.newCheckinSession({ name: '启动仪式主会场', qrSecret: 'venue-secret-rehearsal-01' });
  await t.prisma.kioskDevice.create({
    data: { campaignId: t.fixture.campaignId, name: '大屏', tokenHash: createHash('sha256').update(KIOSK).digest('hex') },
  });
});
afterAll(async () => {
  await t?.teardown();
});

/** A live-feed client of the campaign (a real wall, or the organizer's check-in console), recording check-in events. */
async function follower(auth: { kioskToken: string } | { token: string }) {
  const socket: Socket = io(`${base}/live`, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  const received: TLiveEnvelope[] = [];
  for (const type of ['checkin.created', 'checkin.stats']) socket.on(type, (e: TLiveEnvelope) => received.push(e));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  expect(await socket.emitWithAck('subscribe', { campaignId: t.fixture.campaignId })).toMatchObject({ ok: true });
  return { socket, received };
}

const latest = async () =>
  ((await t.http.get(`/api/campaigns/${t.fixture.campaignId}/rehearsals/latest`).set(await t.as('organizer'))).body as TLatestRehearsal)
    .rehearsal;

/** Polls the last rehearsal until it has ended (the test's timeout bounds it). */
async function ended(): Promise<TRehearsal> {
  for (;;) {
    const r = await latest();
    if (r && r.status !== 'running') return r;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function leftovers(sessionId: string) {
  return {
    checkins: await t.prisma.checkin.count({ where: { sessionId } }),
    events: await t.prisma.outboxEvent.count({ where: { checkinSessionId: sessionId } }),
    session: (await t.prisma.checkinSession.findUniqueOrThrow({ where: { id: sessionId } })).rehearsal,
  };
}

describe('the load rehearsal', () => {
  it('from the console: the server runs it, reports 0 errors and its p99, and no real wall or list ever sees it', async () => {
    const organizer = await t.as('organizer');
    expect(await latest()).toBeNull();
    // A real check-in first: the figures a rehearsal must leave alone.
    expect(
      (
        await t.http
          .post(`/api/checkin-sessions/${realSession}/checkins`)
          .set(organizer)
          .send({ name: '真实来宾', idempotencyKey: `k-${randomUUID()}` })
      ).status,
    ).toBe(201);
    const wall = await follower({ kioskToken: KIOSK });
    const console = await follower({ token: await t.login('organizer') });
    try {
      const started = await t.http
        .post(`/api/campaigns/${t.fixture.campaignId}/rehearsals`)
        .set(organizer)
        .send({ screens: 20, people: 40, minutes: 0.1 });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      const r = started.body as TRehearsal;
      expect(r).toMatchObject({
        status: 'running',
        screens: 20,
        people: 40,
        minutes: 0.1,
        runner: 'server',
        targets: REHEARSAL_TARGETS,
        result: null,
      });
      // While it runs: a second one is refused, and the session is in no list, no wall and no export.
      const second = await t.http
        .post(`/api/campaigns/${t.fixture.campaignId}/rehearsals`)
        .set({ ...organizer, 'Accept-Language': 'en' })
        .send({ screens: 1, people: 1, minutes: 0.1 });
      expect(second.status).toBe(409);
      expect(second.body.message).toBe('A load rehearsal is already running; wait for it to end');
      const sessions = (await t.http.get(`/api/campaigns/${t.fixture.campaignId}/checkin-sessions`).set(organizer)).body as {
        items: { id: string }[];
      };
      expect(sessions.items.map((s) => s.id)).toEqual([realSession]);
      expect((await t.http.get(`/api/checkin-sessions/${r.sessionId}/checkins.xlsx`).set(organizer)).status).toBe(404);

      const done = await ended();
      expect(done.status, JSON.stringify(done.result?.verdict)).toBe('passed');
      const result = done.result!;
      expect(result.checkins).toMatchObject({ sent: 40, accepted: 40, errors: 0, statuses: { '201': 40 } });
      expect(result.walls).toMatchObject({ connected: 20, failed: 0 });
      expect(result.missed).toBe(0);
      // Every check-in reached every wall: 40 × 20 measured latencies, ordered percentiles within the target.
      expect(result.latency.samples).toBe(800);
      expect(result.latency.p50Ms).toBeLessThanOrEqual(result.latency.p99Ms);
      expect(result.latency.p99Ms).toBeLessThanOrEqual(REHEARSAL_TARGETS.p99Ms);
      expect(result.histogram.reduce((n, b) => n + b.count, 0)).toBe(800);
      expect(result.timeline.reduce((n, s) => n + s.accepted, 0)).toBe(40);
      expect(result.verdict).toEqual({ passed: true, unmet: [], saturated: null });
      // The generator's own load is reported: its threads (walls, check-ins) and their headroom.
      expect(result.generator).toMatchObject({ threads: 2 });
      expect(result.generator!.busiestUtilization).toBeLessThanOrEqual(1);

      // Nothing of it reached the campaign's wall or console, and nothing of it is left but the report.
      expect(wall.received).toEqual([]);
      expect(console.received).toEqual([]);
      expect(await leftovers(r.sessionId)).toEqual({ checkins: 0, events: 0, session: true });
      const kiosk = (await t.http.get('/api/kiosk/wall').set(bearer(KIOSK))).body as TKioskWall;
      expect(kiosk.sessions.map((s) => [s.id, s.total])).toEqual([[realSession, 1]]);
    } finally {
      wall.socket.close();
      console.socket.close();
    }
  });

  it('from `npm run rehearsal`: the caller runs it and sends the report, once', async () => {
    const organizer = await t.as('organizer');
    // A real check-in of its own: the wall's replay has the real session's events.
    await t.http
      .post(`/api/checkin-sessions/${realSession}/checkins`)
      .set(organizer)
      .send({ name: '真实来宾乙', idempotencyKey: `k-${randomUUID()}` })
      .expect(201);
    const started = await t.http
      .post(`/api/campaigns/${t.fixture.campaignId}/rehearsals`)
      .set(organizer)
      .send({ screens: 5, people: 10, minutes: 0.1, runner: 'client' });
    expect(started.status).toBe(201);
    const r = started.body as TRehearsal;
    const result = await runRehearsal({
      baseUrl: base,
      token: await t.login('organizer'),
      sessionId: r.sessionId,
      screens: 5,
      people: 10,
      minutes: 0.1,
    });
    expect(result.latency.samples).toBe(50);
    // A replay of the campaign from before the rehearsal leaves its events out; the session's own has them.
    const wall = await follower({ kioskToken: KIOSK });
    try {
      const replay = await wall.socket.emitWithAck('subscribe', { campaignId: t.fixture.campaignId, sinceSeq: 0 });
      expect(replay).toMatchObject({ ok: true });
      expect(wall.received.filter((e) => (e.data as { sessionId: string }).sessionId === r.sessionId)).toEqual([]);
      expect(wall.received.some((e) => (e.data as { sessionId: string }).sessionId === realSession)).toBe(true);
    } finally {
      wall.socket.close();
    }
    const stored = await t.http.post(`/api/rehearsals/${r.id}/report`).set(organizer).send({ result });
    expect(stored.status, JSON.stringify(stored.body)).toBe(200);
    expect(stored.body).toMatchObject({ id: r.id, status: 'passed', result: { latency: { samples: 50 }, verdict: { passed: true } } });
    expect((await latest())?.id).toBe(r.id);
    expect(await leftovers(r.sessionId)).toEqual({ checkins: 0, events: 0, session: true });
    // The report is in: a second one is refused, a forged verdict is worked out again.
    expect((await t.http.post(`/api/rehearsals/${r.id}/report`).set(organizer).send({ result })).status).toBe(409);
  });

  it('judges the figures itself, and closes a rehearsal whose runner went away once its session closes', async () => {
    const organizer = await t.as('organizer');
    const started = (
      await t.http
        .post(`/api/campaigns/${t.fixture.campaignId}/rehearsals`)
        .set(organizer)
        .send({ screens: 1, people: 3, minutes: 0.5, runner: 'client' })
    ).body as TRehearsal;
    // The runner checks a few people in, then is gone.
    for (let i = 0; i < 3; i++)
      expect(
        (
          await t.http
            .post(`/api/checkin-sessions/${started.sessionId}/checkins`)
            .set(organizer)
            .send({ name: `演练来宾${i}`, idempotencyKey: `r-${randomUUID()}` })
        ).status,
      ).toBe(201);
    const service = t.app.get(RehearsalService);
    expect(await service.sweep()).toBe(0);
    t.clock.set(new Date(started.endsBy));
    expect(await service.sweep()).toBe(1);
    expect(await latest()).toMatchObject({ id: started.id, status: 'abandoned', result: null });
    expect(await leftovers(started.sessionId)).toEqual({ checkins: 0, events: 0, session: true });
    t.clock.set(CEREMONY);

    // A report claiming a pass with a p99 over the target is judged failed.
    const next = (
      await t.http
        .post(`/api/campaigns/${t.fixture.campaignId}/rehearsals`)
        .set(organizer)
        .send({ screens: 1, people: 1, minutes: 0.1, runner: 'client' })
    ).body as TRehearsal;
    const slow = await runRehearsal({
      baseUrl: base,
      token: await t.login('organizer'),
      sessionId: next.sessionId,
      screens: 1,
      people: 1,
      minutes: 0.1,
    });
    // (Its rate and its generator are made perfect: one person's rate hangs on one answer's time, and only the latency is forged.)
    const forged = {
      ...slow,
      throughput: { ...slow.throughput, achievedPerSecond: slow.throughput.targetPerSecond },
      generator: { threads: 2, busiestUtilization: 0.1, loopDelayP99Ms: 1 },
      latency: { ...slow.latency, p99Ms: REHEARSAL_TARGETS.p99Ms + 1 },
      verdict: { passed: true, unmet: [] },
    };
    const judged = await t.http.post(`/api/rehearsals/${next.id}/report`).set(organizer).send({ result: forged });
    expect(judged.body, JSON.stringify(judged.body.result)).toMatchObject({
      status: 'failed',
      result: { verdict: { passed: false, unmet: ['latency'], saturated: 'server' } },
    });
  });

  it('stops a run of the console when its instance shuts down: abandoned, cleared, and the shutdown does not wait for it', async () => {
    const other = await startApp(t.db, { clock: t.clock });
    let closed = false;
    try {
      const started = await other.http
        .post(`/api/campaigns/${t.fixture.campaignId}/rehearsals`)
        .set(await other.as('organizer'))
        .send({ screens: 2, people: 4, minutes: 20 });
      expect(started.status).toBe(201);
      const r = started.body as TRehearsal;
      // The first of the four (one every five minutes) goes in at once.
      while ((await t.prisma.checkin.count({ where: { sessionId: r.sessionId } })) === 0)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const t0 = performance.now();
      await other.close();
      closed = true;
      expect(performance.now() - t0).toBeLessThan(10_000);
      expect(await latest()).toMatchObject({ id: r.id, status: 'abandoned', result: null });
      expect(await leftovers(r.sessionId)).toEqual({ checkins: 0, events: 0, session: true });
    } finally {
      if (!closed) await other.close();
    }
  });

  it('makes its load from worker threads: a deployment answering 503 to everything is retried by many at once without a listener each on the stop signal, and the stop ends it', async () => {
    const { createServer } = await import('node:http');
    const refusing = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    const stop = new AbortController();
    try {
      const { port } = refusing.address() as import('node:net').AddressInfo;
      const lines: string[] = [];
      let sent = 0;
      // 40 people in 3 s, each refused and retried: dozens of retries waiting at once.
      const run = runRehearsal({
        baseUrl: `http://127.0.0.1:${port}`,
        token: 'x',
        sessionId: randomUUID(),
        screens: 1,
        people: 40,
        minutes: 0.05,
        signal: stop.signal,
        log: (l) => lines.push(l),
        progress: (p) => (sent = p.checkinsSent),
      });
      run.catch(() => undefined);
      while (sent < 40) await new Promise((resolve) => setTimeout(resolve, 50));
      stop.abort();
      await expect(run).rejects.toThrow('stopped before its end');
      expect(lines[0]).toMatch(/^walls: 0 of 1 .*could not connect/);
      expect(warnings.filter((w) => w.includes('MaxListeners'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      refusing.close();
    }
  });

  it('needs a published campaign, and the organizer', async () => {
    const organizer = await t.as('organizer');
    await t.prisma.campaign.update({ where: { id: t.fixture.campaignId }, data: { status: 'draft' } });
    try {
      const r = await t.http.post(`/api/campaigns/${t.fixture.campaignId}/rehearsals`).set(organizer).send({});
      expect(r.status).toBe(409);
      expect(r.body.message).toBe('活动发布后才能进行压力演练（未发布的活动不接受签到）');
    } finally {
      await t.prisma.campaign.update({ where: { id: t.fixture.campaignId }, data: { status: 'published' } });
    }
    expect(
      (
        await t.http
          .post(`/api/campaigns/${t.fixture.campaignId}/rehearsals`)
          .set(await t.as('approver'))
          .send({})
      ).status,
    ).toBe(403);
    const bad = await t.http
      .post(`/api/campaigns/${t.fixture.campaignId}/rehearsals`)
      .set({ ...organizer, 'Accept-Language': 'en' })
      .send({ screens: 0, minutes: 60 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['minutes', 'screens']);
  });
});
