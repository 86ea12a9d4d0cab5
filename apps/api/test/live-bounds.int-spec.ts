import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { TSubscribeReply, TSubscribeRequest } from '@learnweek/contracts';
import { Manager } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock/clock.js';
import { LIVE_LIMITS } from '../src/core/live/live.gateway.js';
import { bearer, setup, startApp } from './harness.js';
import { follow, type TLiveFollower } from './live-client.js';

/**
 * The live feed is bounded (docs/RELIABILITY.md, "Live feed"): what one socket or one principal may
 * ask of it, replays in pages, and no connection held without a credential. The two attacks of
 * issue 30 run while a desk checks people in and a probe reads /api/health: their p99 is compared
 * with the same run's quiet baseline.
 */

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const NOW = new Date('2017-10-01T02:00:00Z');
const SECRET = 'venue-secret-bounds-0123456';
const KIOSK = 'kiosk-token-bounds';
/** A second screen: the first one's counts are spent by the flood. */
const KIOSK_TWO = 'kiosk-token-bounds-two';
/** The wall's history before the replay flood: more than a replay used to send at once (5,000). */
const HISTORY = 6_000;

let t: Awaited<ReturnType<typeof setup>>;
let sessionId: string;
let otherCampaignId: string;
let base: string;

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

beforeAll(async () => {
  t = await setup({ clock: new ManualClock(NOW), redisUrl: REDIS_URL });
  base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  const c = t.fixture.campaignId;
  sessionId = await t.newCheckinSession({
    qrSecret: SECRET,
    opensAt: new Date('2017-10-01T00:00:00Z'),
    closesAt: new Date('2017-10-01T08:00:00Z'),
  });
  ({ campaignId: otherCampaignId } = await t.newCampaign({ year: 2018, title: '2018年全民终身学习推进周' }));
  await t.prisma.kioskDevice.createMany({
    data: [
      { campaignId: c, name: '大屏', tokenHash: hash(KIOSK) },
      { campaignId: c, name: '分会场大屏', tokenHash: hash(KIOSK_TWO) },
    ],
  });
  const passwordHash = (await t.prisma.user.findFirstOrThrow()).passwordHash;
  // One principal per test: the per-principal counts last a minute.
  await t.prisma.user.createMany({
    data: [
      { username: 'staff', displayName: '签到志愿者', roles: ['checkinStaff'], passwordHash },
      ...['pile', 'caps', 'share', 'pages', 'far', 'replays'].map((n) => ({
        username: `coord-${n}`,
        displayName: n,
        roles: ['coordinator'],
        unitId: t.fixture.units.other.id,
        passwordHash,
      })),
      ...['held', 'pager'].map((n) => ({ username: `org-${n}`, displayName: n, roles: ['organizer'], passwordHash })),
      // The organizer is not held to a principal's share (the rehearsal's walls are all theirs): a desk's staff is.
      { username: 'staff-share', displayName: 'share', roles: ['checkinStaff'], passwordHash },
    ],
  });
});
afterAll(async () => {
  await t?.teardown();
});

const connect = (auth: { token: string } | { kioskToken: string }) => follow(base, auth);
const as = async (username: string) => connect({ token: await t.login(username) });

/** Subscribes as the apps' client does: after `rateLimited` for the second, again once the wait it names is over. */
async function subscribePaced(c: TLiveFollower, req: TSubscribeRequest): Promise<TSubscribeReply> {
  for (;;) {
    const r = await c.subscribe(req);
    if (r.ok || r.error !== 'rateLimited' || r.retryAfterMs > 1_000) return r;
    await delay(r.retryAfterMs);
  }
}

/** Outbox rows of the wall (`checkin.created` of the session), written at once; the last seq before them. */
async function wallHistory(n: number): Promise<number> {
  const before = Number((await t.prisma.outboxEvent.aggregate({ _max: { seq: true } }))._max.seq ?? 0n);
  await t.prisma.$executeRaw`
    INSERT INTO "OutboxEvent" ("type", "campaignId", "checkinSessionId", "data", "at")
    SELECT 'checkin.created', ${t.fixture.campaignId}::uuid, ${sessionId}::uuid,
      jsonb_build_object('checkinId', gen_random_uuid(), 'sessionId', ${sessionId}::text, 'maskedName', '王*' || i, 'unitName', NULL, 'town', NULL, 'isResident', true, 'total', i),
      ${NOW}
    FROM generate_series(1, ${n}) AS i`;
  return before;
}

const p99 = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.ceil(ms.length * 0.99) - 1]!;

/** Check-ins by the desk, one after another, and /api/health probes beside them: each one's duration. */
async function measure(samples: number) {
  const staff = bearer(await t.login('staff'));
  const timed = async (call: () => Promise<unknown>) => {
    const ms: number[] = [];
    for (let i = 0; i < samples; i++) {
      const start = performance.now();
      await call();
      ms.push(performance.now() - start);
    }
    return ms;
  };
  const [checkin, health] = await Promise.all([
    timed(async () => {
      const r = await t.http
        .post(`/api/checkin-sessions/${sessionId}/checkins`)
        .set(staff)
        .send({ name: `到场${randomUUID().slice(0, 8)}`, idempotencyKey: `k-${randomUUID()}` });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }),
    timed(() => t.http.get('/api/health').expect(200)),
  ]);
  return { checkin, health };
}

/**
 * Runs `attack` while the desk and the probe are measured, in rounds that alternate with quiet
 * measurements of the same length (the machine's own noise falls on both alike); prints the p99
 * of each and expects the p99 under attack within 3× the quiet one. A quiet p99 under NOISE_MS counts
 * as NOISE_MS: 120 samples on two shared cores put a few scheduler slices into any p99 (a 10 ms
 * baseline would make 31 ms a failure), while the attacks this guards against cost seconds.
 */
const NOISE_MS = 25;
async function underAttack(name: string, attack: (running: () => boolean) => Promise<void>) {
  const ROUNDS = 3;
  const SAMPLES = 40;
  await measure(10); // warm
  const quiet = { checkin: [] as number[], health: [] as number[] };
  const during = { checkin: [] as number[], health: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const q = await measure(SAMPLES);
    let running = true;
    const attacking = attack(() => running);
    const a = await measure(SAMPLES);
    running = false;
    await attacking;
    quiet.checkin.push(...q.checkin);
    quiet.health.push(...q.health);
    during.checkin.push(...a.checkin);
    during.health.push(...a.health);
  }
  const fig = (what: 'checkin' | 'health') => ({ attack: p99(during[what]), quiet: p99(quiet[what]) });
  const [checkin, health] = [fig('checkin'), fig('health')];
  const fmt = (f: { attack: number; quiet: number }) =>
    `${f.attack.toFixed(1)} ms (quiet ${f.quiet.toFixed(1)} ms, ×${(f.attack / f.quiet).toFixed(2)})`;
  console.log(`${name}: staff check-in p99 ${fmt(checkin)}; /api/health p99 ${fmt(health)}`);
  expect(checkin.attack / Math.max(checkin.quiet, NOISE_MS)).toBeLessThanOrEqual(3);
  expect(health.attack / Math.max(health.quiet, NOISE_MS)).toBeLessThanOrEqual(3);
}

describe('the live feed under attack', () => {
  it('a coordinator subscribing to random campaigns (one socket, 100 a second) holds none (each is not found) and is refused past its limit; check-ins keep their pace', async () => {
    const attacker = await as('coord-pile');
    const answers: TSubscribeReply[] = [];
    try {
      await underAttack('subscription pile', async (running) => {
        while (running()) {
          attacker.socket.emit('subscribe', { campaignId: randomUUID() }, (r) => void answers.push(r));
          await delay(10);
        }
      });
      // What the last one answers, once every answer is in.
      const last = await attacker.subscribe({ campaignId: randomUUID() });
      const looked = answers.filter((a) => !a.ok && a.error === 'notFound').length;
      console.log(`subscription pile: ${answers.length + 1} subscribes, ${looked} looked up (not found)`);
      // A campaign is looked up in the user's district before it is granted: a random one is not found, none is taken.
      expect(answers.filter((a) => a.ok)).toEqual([]);
      expect(looked).toBeGreaterThan(0);
      expect(looked).toBeLessThanOrEqual(LIVE_LIMITS.subscribe.socket[0].limit);
      expect(last).toMatchObject({ ok: false, error: 'rateLimited' });
      expect((last as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    } finally {
      attacker.socket.close();
    }
  });

  it('20 screen sockets asking for a full replay (5 at a time each, 100 a second) get a REST redraw, not the history; check-ins keep their pace', async () => {
    const before = await wallHistory(HISTORY);
    const sockets = await Promise.all(Array.from({ length: 20 }, () => connect({ kioskToken: KIOSK })));
    const answers: TSubscribeReply[] = [];
    try {
      await underAttack('replay flood', async (running) => {
        const loop = async (s: (typeof sockets)[number]) => {
          while (running()) {
            answers.push(await s.subscribe({ campaignId: t.fixture.campaignId, sinceSeq: 0 }));
            await delay(1_000);
          }
        };
        await Promise.all(sockets.flatMap((s) => Array.from({ length: 5 }, () => loop(s))));
      });
      const rows = sockets.reduce((n, s) => n + s.received.filter((e) => e.seq > before && e.seq <= before + HISTORY).length, 0);
      console.log(`replay flood: ${answers.length} subscribes, ${rows} history rows sent`);
      // Never the history: a redraw by REST, or a refusal past the limits.
      expect(rows).toBe(0);
      expect(answers.filter((a) => a.ok && !a.resyncNeeded)).toEqual([]);
      expect(answers.filter((a) => !a.ok).every((a) => !a.ok && a.error === 'rateLimited')).toBe(true);
      // The screen's subscribes are counted across its 20 sockets.
      expect(answers.filter((a) => a.ok).length).toBeLessThanOrEqual(LIVE_LIMITS.subscribe.principal[1].limit);
    } finally {
      for (const s of sockets) s.socket.close();
    }
  });
});

describe('what one socket and one principal may hold', () => {
  it('replaces a subscription of the same kind: events of the campaign it left do not arrive', async () => {
    const organizer = await as('org-held');
    try {
      expect(await organizer.subscribe({ campaignId: t.fixture.campaignId })).toMatchObject({ ok: true });
      expect(await organizer.subscribe({ checkinSessionId: sessionId })).toMatchObject({ ok: true });
      expect(await organizer.subscribe({ campaignId: otherCampaignId })).toMatchObject({ ok: true });
      await t.event(t.fixture.units.school.participationId, t.fixture.units.school.coordinator, 'START_DRAFT');
      const r = await t.http
        .post(`/api/checkin-sessions/${sessionId}/checkins`)
        .send({ name: '周五', idempotencyKey: `k-${randomUUID()}`, secret: SECRET });
      expect(r.status).toBe(201);
      // An answer sent after both were published arrives after anything sent before it.
      expect(await organizer.subscribe({ campaignId: otherCampaignId })).toMatchObject({ ok: true, replayed: 0 });
      // The session still followed: its events; the campaign left: none of its workflow.
      expect(organizer.received.map((e) => e.type).sort()).toEqual(['checkin.created', 'checkin.stats']);
    } finally {
      organizer.socket.close();
    }
  });

  it('refuses a principal more than five subscribes at once across its sockets, and a socket past its subscribes for the minute', async () => {
    const token = await t.login('coord-caps');
    const [a, b] = await Promise.all([connect({ token }), connect({ token })]);
    const sockets = [a, b];
    try {
      const c = { campaignId: t.fixture.campaignId };
      const burst = await Promise.all([a, a, a, b, b, b].map((s) => s.subscribe(c)));
      expect(burst.filter((r) => r.ok)).toHaveLength(LIVE_LIMITS.subscribe.principal[0].limit);
      expect(burst.filter((r) => !r.ok)).toEqual([{ ok: false, replayed: 0, lastSeq: 0, error: 'rateLimited', retryAfterMs: 1_000 }]);
      // Socket a goes on at the principal's pace until its own minute is spent: 20 subscribes asked, whatever their answers.
      let asked = 3;
      let r: TSubscribeReply;
      for (;;) {
        r = await a.subscribe(c);
        asked++;
        if (r.ok) continue;
        expect(r.error).toBe('rateLimited');
        if (r.error !== 'rateLimited' || r.retryAfterMs > 1_000) break;
        await delay(r.retryAfterMs);
      }
      // The 21st is refused for the rest of the minute.
      expect(asked).toBe(LIVE_LIMITS.subscribe.socket[0].limit + 1);
      // The other socket, and another coordinator, are not refused.
      expect(await subscribePaced(b, c)).toMatchObject({ ok: true });
      const other = await as('coord-share');
      sockets.push(other);
      expect(await other.subscribe(c)).toMatchObject({ ok: true });
    } finally {
      for (const s of sockets) s.socket.close();
    }
  });

  it('refuses a principal more subscriptions at once than its share, until one of its sockets closes', async () => {
    const token = await t.login('staff-share');
    const sockets = await Promise.all(Array.from({ length: LIVE_LIMITS.subscriptionsPerPrincipal + 1 }, () => connect({ token })));
    try {
      const answers = [];
      for (const s of sockets.slice(0, LIVE_LIMITS.subscriptionsPerPrincipal / 2)) {
        answers.push(
          await subscribePaced(s, { campaignId: t.fixture.campaignId }),
          await subscribePaced(s, { checkinSessionId: sessionId }),
        );
      }
      expect(answers.every((a) => a.ok)).toBe(true);
      const over = sockets.at(-1)!;
      const refused = await subscribePaced(over, { campaignId: t.fixture.campaignId });
      expect(refused).toMatchObject({ ok: false, error: 'tooManySubscriptions' });
      // A socket that follows something may still replace it.
      expect(await subscribePaced(sockets[0]!, { campaignId: otherCampaignId })).toMatchObject({ ok: true });
      const closed = new Promise<void>((resolve) => sockets[0]!.socket.once('disconnect', () => resolve()));
      sockets[0]!.socket.close();
      await closed;
      // The server sees the close after the client does: ask until it has (each answer is a round trip).
      let again = await subscribePaced(over, { campaignId: t.fixture.campaignId });
      while (!again.ok && again.error === 'tooManySubscriptions') again = await subscribePaced(over, { campaignId: t.fixture.campaignId });
      expect(again).toMatchObject({ ok: true });
    } finally {
      for (const s of sockets) s.socket.close();
    }
  });
});

describe('replay', () => {
  it('serves what was missed in pages: every event once, in order', async () => {
    const since = await wallHistory(LIVE_LIMITS.replayPage * 2 + 50);
    const end = Number((await t.prisma.outboxEvent.aggregate({ _max: { seq: true } }))._max.seq);
    const staff = await as('staff');
    try {
      const replies: TSubscribeReply[] = [];
      let from = since;
      for (;;) {
        const r = await staff.subscribe({ checkinSessionId: sessionId, sinceSeq: from });
        replies.push(r);
        if (!r.ok || !r.more) break;
        from = r.lastSeq;
      }
      expect(replies.map((r) => r.ok && r.replayed)).toEqual([LIVE_LIMITS.replayPage, LIVE_LIMITS.replayPage, 50]);
      expect(replies.at(-1)).toMatchObject({ ok: true, lastSeq: end, more: false });
      expect(staff.received.map((e) => e.seq)).toEqual(Array.from({ length: end - since }, (_, i) => since + 1 + i));
    } finally {
      staff.socket.close();
    }
  });

  it('tells a client further behind than a replay serves to redraw from REST, and sends it nothing', async () => {
    const since = await wallHistory(LIVE_LIMITS.replayWindow + 1);
    const end = Number((await t.prisma.outboxEvent.aggregate({ _max: { seq: true } }))._max.seq);
    const wall = await connect({ kioskToken: KIOSK_TWO });
    try {
      expect(await wall.subscribe({ campaignId: t.fixture.campaignId, sinceSeq: since })).toEqual({
        ok: true,
        replayed: 0,
        lastSeq: end,
        more: false,
        resyncNeeded: true,
      });
      expect(wall.received).toEqual([]);
      // One event less behind the feed's end: replayed, in pages.
      expect(await wall.subscribe({ campaignId: t.fixture.campaignId, sinceSeq: since + 1 })).toMatchObject({
        ok: true,
        replayed: LIVE_LIMITS.replayPage,
        more: true,
      });
    } finally {
      wall.socket.close();
    }
  });

  it('tells a socket past its replays for the minute to redraw from REST', async () => {
    // A wall's event of its own: the last one, after `since`.
    const since = await wallHistory(1);
    const coordinator = await as('coord-replays');
    try {
      // Each asks for the last event (not the coordinator's: nothing to send, but a replay all the same).
      const req = { campaignId: t.fixture.campaignId, sinceSeq: since };
      for (let i = 0; i < LIVE_LIMITS.replay.socket[0].limit; i++)
        expect(await subscribePaced(coordinator, req)).toMatchObject({ ok: true, replayed: 0, more: false });
      expect(await subscribePaced(coordinator, req)).toMatchObject({ ok: true, replayed: 0, resyncNeeded: true });
    } finally {
      coordinator.socket.close();
    }
  });
});

describe('connections without a credential', () => {
  /**
   * Opens a connection and asks it for `nsp` with `auth` (nothing at all: undefined), as socket.io's protocol does; resolves
   * with what the server sent once the server has closed the connection, and how many of its
   * heartbeats came first (one every 25 s while a connection is held).
   */
  async function refusedAndClosed(nsp: string | undefined, auth: Record<string, string> = {}) {
    const manager = new Manager(base, { transports: ['websocket'], reconnection: false, autoConnect: false });
    await new Promise<void>((resolve, reject) => manager.open((err) => (err ? reject(err) : resolve())));
    const messages: string[] = [];
    let pings = 0;
    manager.engine.on('message', (data) => void messages.push(String(data)));
    manager.engine.on('ping', () => void pings++);
    const closed = new Promise<void>((resolve) => manager.engine.once('close', () => resolve()));
    // A socket.io CONNECT packet: what a client sends to join a namespace (the server closes, not the client).
    if (nsp !== undefined) manager.engine.write(`0${nsp === '/' ? '' : `${nsp},`}${JSON.stringify(auth)}`);
    await closed;
    return { messages, pings };
  }

  it('refuses the default namespace, even with a valid token, and closes the connection', async () => {
    expect(await refusedAndClosed('/', {})).toEqual({ messages: ['4{"message":"Invalid namespace"}'], pings: 0 });
    expect(await refusedAndClosed('/', { token: await t.login('staff') })).toEqual({
      messages: ['4{"message":"Invalid namespace"}'],
      pings: 0,
    });
  });

  it('closes a connection that joins no namespace within the connect timeout, before any heartbeat', async () => {
    expect(await refusedAndClosed(undefined)).toEqual({ messages: [], pings: 0 });
  });

  it('refuses the demo’s well-known screen token without DEMO=1, whatever the database holds', async () => {
    await t.prisma.kioskDevice.create({ data: { campaignId: t.fixture.campaignId, name: '演示大屏', tokenHash: hash('demo-kiosk-2026') } });
    expect(await refusedAndClosed('/live', { kioskToken: 'demo-kiosk-2026' })).toEqual({
      messages: ['4/live,{"message":"unauthorized","data":{"status":401,"code":"unauthorized"}}'],
      pings: 0,
    });
    await t.http.get('/api/kiosk/wall').set(bearer('demo-kiosk-2026')).expect(401);
    const cases: [Record<string, string>, number][] = [
      [{ DEMO: '1', NODE_ENV: 'production' }, 401],
      [{ DEMO: '1' }, 200],
    ];
    for (const [env, status] of cases) {
      const app = await startApp(t.db, { clock: t.clock, env });
      try {
        await app.http.get('/api/kiosk/wall').set(bearer('demo-kiosk-2026')).expect(status);
      } finally {
        await app.close();
      }
    }
  });

  it('refuses the live namespace without a valid credential and closes the connection at once', async () => {
    expect(await refusedAndClosed('/live', {})).toEqual({
      messages: ['4/live,{"message":"unauthorized","data":{"status":401,"code":"unauthorized"}}'],
      pings: 0,
    });
    expect(await refusedAndClosed('/live', { kioskToken: 'not-a-screen' })).toEqual({
      messages: ['4/live,{"message":"unauthorized","data":{"status":401,"code":"unauthorized"}}'],
      pings: 0,
    });
  });
});
