// `npm run test:faults`: check-ins lose nothing and count once while the infrastructure fails.
// Each run: a fresh database in a private PostgreSQL cluster, the built API as child process(es),
// 2,000 distinct people from 32 desks that retry as the kiosk's desk does, a wall on the live feed,
// and one fault injected once 600 people are in. Then rows = distinct people = the session counter
// = /stats = the wall's last total, with nothing lost, doubled or refused. One line of figures per
// run is printed (docs/RELIABILITY.md quotes them).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { DEFAULT_CAMPAIGN_RULES, type TCheckinSession, type TCheckinStats, type TIssuedKioskDevice } from '@learnweek/contracts';
import { createPrismaClient, hashPassword } from '@learnweek/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people, runDeskLoad, Wall, type TLoadResult, type TPerson } from './desk.js';
import { API_MAIN, type ApiProcess, delay, freePort, type PgCluster, Rig, type RedisServer } from './rig.js';

const PEOPLE = 2_000;
const CLIENTS = 32;
const FAULT_AFTER = 600;
/** Bounds of one run: the load stops by itself, the wall gets this long to show the final figure. */
const LOAD_DEADLINE_MS = 60_000;
const SETTLE_TIMEOUT_MS = 20_000;
/** How long the lock test holds its lock on `Checkin` (the issue's probe). */
const LOCK_MS = 30_000;
const PASSWORD = randomBytes(12).toString('base64url');
/** A strong secret, shared by the instances (a token signed by one is valid on the other). */
const JWT_SECRET = randomBytes(48).toString('base64url');

const json = { 'Content-Type': 'application/json' };
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

let rig: Rig;
let cluster: PgCluster;

interface Ceremony {
  tag: string;
  databaseUrl: string;
  apis: ApiProcess[];
  sessionId: string;
  organizerToken: string;
  staffToken: string;
  kioskToken: string;
  kioskDeviceId: string;
  campaignId: string;
  people: TPerson[];
}

async function post<T>(base: string, path: string, token: string | undefined, body: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { ...json, ...(token ? bearer(token) : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200 && res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/**
 * A fresh database, `instances` API processes on it (the first one migrates it), an organizer and
 * a desk staff member, a published campaign running this week, a session open now (an hour ago
 * to two hours from now) and a ceremony screen, the last two made through the API.
 */
async function ceremony(tag: string, instances: 1 | 2, redis?: RedisServer): Promise<Ceremony> {
  const databaseUrl = await cluster.createDatabase(`faults_${tag}`);
  const apis: ApiProcess[] = [];
  for (let i = 1; i <= instances; i++) {
    const api = rig.api({ label: `${tag}-api${i}`, port: await freePort(), databaseUrl, jwtSecret: JWT_SECRET, redisUrl: redis?.url });
    await api.start();
    apis.push(api);
  }
  const now = Date.now();
  const day = 86_400_000;
  const prisma = createPrismaClient(databaseUrl, 2);
  let campaignId: string;
  try {
    const passwordHash = await hashPassword(PASSWORD);
    await prisma.user.createMany({
      data: [
        { username: 'organizer', displayName: '组织办', roles: ['organizer'], passwordHash },
        { username: 'desk', displayName: '签到台', roles: ['checkinStaff'], passwordHash },
      ],
    });
    const campaign = await prisma.campaign.create({
      data: {
        year: new Date(now).getUTCFullYear(),
        title: `全民终身学习推进周 ${tag}`,
        theme: '推动全民终身学习',
        status: 'published',
        planDueAt: new Date(now - 10 * day),
        weekStartsAt: new Date(now - day),
        weekEndsAt: new Date(now + 6 * day),
        launchAt: new Date(now - 3_600_000),
        launchVenue: '区文化馆',
        summaryDueAt: new Date(now + 8 * day),
        rules: DEFAULT_CAMPAIGN_RULES,
      },
    });
    campaignId = campaign.id;
  } finally {
    await prisma.$disconnect();
  }
  const base = apis[0]!.base;
  const login = async (username: string) =>
    (await post<{ accessToken: string }>(base, '/api/auth/login', undefined, { username, password: PASSWORD })).accessToken;
  const organizerToken = await login('organizer');
  const staffToken = await login('desk');
  const session = await post<TCheckinSession>(base, `/api/campaigns/${campaignId}/checkin-sessions`, organizerToken, {
    name: '启动仪式主会场',
    venue: '区文化馆',
    kind: 'main',
    opensAt: new Date(now - 3_600_000).toISOString(),
    closesAt: new Date(now + 7_200_000).toISOString(),
  });
  const device = await post<TIssuedKioskDevice>(base, `/api/campaigns/${campaignId}/kiosk-devices`, organizerToken, { name: '主会场大屏' });
  return {
    tag,
    databaseUrl,
    apis,
    sessionId: session.id,
    organizerToken,
    staffToken,
    kioskToken: device.token,
    kioskDeviceId: device.device.id,
    campaignId,
    people: people(PEOPLE, tag),
  };
}

/** The database's own figures, read on a connection of their own (the API's may be recovering). */
async function databaseFigures(c: Ceremony) {
  const client = new pg.Client({ connectionString: c.databaseUrl });
  await client.connect();
  try {
    const rows = await client.query<{ rows: number; persons: number }>(
      'SELECT count(*)::int AS rows, count(DISTINCT "personKey")::int AS persons FROM "Checkin" WHERE "sessionId" = $1',
      [c.sessionId],
    );
    const keys = await client.query<{ idempotencyKey: string }>('SELECT "idempotencyKey" FROM "Checkin" WHERE "sessionId" = $1', [
      c.sessionId,
    ]);
    const counter = await client.query<{ checkinCount: number }>('SELECT "checkinCount" FROM "CheckinSession" WHERE "id" = $1', [
      c.sessionId,
    ]);
    const events = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "OutboxEvent" WHERE "checkinSessionId" = $1 AND "type" = 'checkin.created'`,
      [c.sessionId],
    );
    const stored = new Set(keys.rows.map((r) => r.idempotencyKey));
    const sent = new Set(c.people.map((p) => p.idempotencyKey));
    return {
      rows: rows.rows[0]!.rows,
      persons: rows.rows[0]!.persons,
      counter: counter.rows[0]!.checkinCount,
      createdEvents: events.rows[0]!.n,
      /** People whose check-in is not in the table. */
      lost: [...sent].filter((k) => !stored.has(k)).length,
      /** Rows that belong to nobody the desks sent. */
      unknown: [...stored].filter((k) => !sent.has(k)).length,
    };
  } finally {
    await client.end();
  }
}

/** GET /stats as the organizer, from the instance that is still up. */
async function statsTotal(c: Ceremony): Promise<number | string> {
  const api = c.apis.find((a) => a.alive);
  if (!api) return 'no instance up';
  const res = await fetch(`${api.base}/api/checkin-sessions/${c.sessionId}/stats`, {
    headers: bearer(c.organizerToken),
    signal: AbortSignal.timeout(10_000),
  }).catch((err: unknown) => err as Error);
  if (res instanceof Error) return `network: ${res.message}`;
  if (res.status !== 200) return `${res.status} ${await res.text()}`;
  return ((await res.json()) as TCheckinStats).total;
}

/** Polls the wall until its total equals `expected` and has not moved for a second, or the time is up. */
async function settledWallTotal(wall: Wall, sessionId: string, expected: number): Promise<{ total: number; settled: boolean }> {
  const t0 = performance.now();
  let last = wall.total(sessionId);
  let since = t0;
  for (;;) {
    await delay(50);
    const now = performance.now();
    const v = wall.total(sessionId);
    if (v !== last) {
      last = v;
      since = now;
    } else if (v === expected && now - since >= 1_000) {
      return { total: v, settled: true };
    }
    if (now - t0 > SETTLE_TIMEOUT_MS) return { total: v, settled: false };
  }
}

/** Server log lines worth reading, one of each kind with how often it came (timestamps and pids stripped). */
function logDigest(apis: ApiProcess[], max = 8): string[] {
  const counts = new Map<string, number>();
  for (const line of apis.flatMap((a) => a.notable)) {
    const key = line.replace(/\[Nest\]\s+\d+\s+-\s+[\d/]+,\s+[\d:]+\s+[AP]M\s+/, '').replace(/\+\d+ms$/, '');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].slice(0, max).map(([line, n]) => `${n}× ${line}`);
}

interface TRunOptions {
  /** The instance the wall is connected to. */
  wallOn: ApiProcess;
  /** The instance desk i sends to. */
  baseFor: (client: number) => string;
  fault: (settled: () => number) => Promise<void>;
  /** After the load: one more check-in through this instance must reach the wall (across instances). */
  probeVia?: ApiProcess;
  /** A fault that lasts (a held lock) extends the load's time by its length. */
  faultMs?: number;
}

/**
 * Runs the load with the fault, lets the wall settle, and prints and returns the figures. A crashed
 * API process stops the load early: nothing more would be learnt by waiting.
 */
async function runWithFault(c: Ceremony, o: TRunOptions) {
  const wall = new Wall(o.wallOn.base, c.kioskToken);
  try {
    await wall.open();
    const abort = new AbortController();
    const watch = setInterval(() => {
      if (c.apis.some((a) => a.crashes.length > 0)) abort.abort();
    }, 100);
    let load: TLoadResult & { faultError?: Error };
    try {
      load = await runDeskLoad({
        sessionId: c.sessionId,
        staffToken: c.staffToken,
        people: c.people,
        clients: CLIENTS,
        baseFor: o.baseFor,
        faultAfter: FAULT_AFTER,
        fault: o.fault,
        deadlineMs: LOAD_DEADLINE_MS + (o.faultMs ?? 0),
        abort: abort.signal,
      });
    } finally {
      clearInterval(watch);
    }
    const db = await databaseFigures(c);
    // The wall converges on what the database holds (a lost check-in is reported below, not waited for).
    const wallTotal = await settledWallTotal(wall, c.sessionId, db.rows);
    const stats = await statsTotal(c);
    const wallCreated = wall.created.size;
    let probe: string | undefined;
    if (o.probeVia) {
      const r = await fetch(`${o.probeVia.base}/api/checkin-sessions/${c.sessionId}/checkins`, {
        method: 'POST',
        headers: { ...json, ...bearer(c.staffToken) },
        body: JSON.stringify({
          name: '来宾探针',
          phone: '13800000000',
          idempotencyKey: `${c.tag}-probe-${randomBytes(4).toString('hex')}`,
          scannedAt: new Date().toISOString(),
        }),
      });
      const seen = r.status === 201 ? await settledWallTotal(wall, c.sessionId, db.rows + 1) : undefined;
      probe = r.status !== 201 ? `answered ${r.status}` : seen?.settled ? 'seen' : `not seen (wall ${seen?.total})`;
    }
    const fivexx = Object.entries(load.statuses).reduce((n, [s, k]) => (s.startsWith('5') ? n + k : n), 0);
    const figures = {
      people: PEOPLE,
      rows: db.rows,
      distinctPeople: db.persons,
      counter: db.counter,
      stats,
      wall: wallTotal.total,
      wallSettled: wallTotal.settled,
      createdEvents: db.createdEvents,
      lost: db.lost,
      unknown: db.unknown,
      refusals: load.refusals.length,
      unsettled: load.unsettled,
      crashes: c.apis.flatMap((a) => a.crashes).length,
      // The fault began and ended while people were still arriving.
      faultInMiddle: load.settledAtFault >= 0 && load.settledAfterFault >= 0 && load.settledAfterFault < PEOPLE,
      ...(probe === undefined ? {} : { probe }),
    };
    const statuses = Object.entries(load.statuses)
      .map(([s, n]) => `${s}:${n}`)
      .join(',');
    console.log(
      `[faults] ${c.tag}: people=${PEOPLE} rows=${db.rows} distinct=${db.persons} counter=${db.counter} stats=${stats} wall=${wallTotal.total}${wallTotal.settled ? '' : '(unsettled)'} ` +
        `created-events=${db.createdEvents} lost=${db.lost} refused=${load.refusals.length} unsettled=${load.unsettled} retries=${load.retries} ` +
        `5xx=${fivexx} 503=${load.statuses['503'] ?? 0} answers={${statuses}} answered-200=${load.duplicates} ` +
        `fault=${load.settledAtFault}→${load.settledAfterFault} wall-created-seen=${wallCreated} wall-connects=${wall.connects} wall-connect-errors=${wall.connectErrors} wall-resyncs=${wall.resyncs} ` +
        `slowest-answer=${(load.slowestMs / 1000).toFixed(1)}s 503-without-retry-after=${load.missingRetryAfter} ` +
        `${probe === undefined ? '' : `probe=${probe.replace(/ /g, '_')} `}duration=${(load.durationMs / 1000).toFixed(1)}s`,
    );
    const notes = [
      ...c.apis.flatMap((a) => a.crashes),
      ...load.refusals.slice(0, 3).map((r) => `refused person ${r.person}: ${r.status} ${r.body}`),
      ...wall.problems.slice(0, 5).map((p) => `wall: ${p}`),
      ...(load.faultError ? [`fault injection failed: ${load.faultError.message}`] : []),
      ...logDigest(c.apis),
    ];
    for (const n of notes) console.log(`[faults] ${c.tag}:   ${n}`);
    if (load.faultError) throw load.faultError;
    return { figures, load };
  } finally {
    wall.close();
  }
}

/** What every run must show: everyone in once, every figure equal, nothing refused or left over. */
const EXPECTED = {
  people: PEOPLE,
  rows: PEOPLE,
  distinctPeople: PEOPLE,
  counter: PEOPLE,
  stats: PEOPLE,
  wall: PEOPLE,
  wallSettled: true,
  createdEvents: PEOPLE,
  lost: 0,
  unknown: 0,
  refusals: 0,
  unsettled: 0,
  crashes: 0,
  faultInMiddle: true,
};

describe(`check-ins under faults: ${PEOPLE} people from ${CLIENTS} desks, the fault after ${FAULT_AFTER}`, () => {
  beforeAll(async () => {
    if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: build the API first (npm run test:faults does)`);
    rig = new Rig();
    cluster = await rig.startCluster();
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('kill -9 of the API, started again on the same port: nothing lost, nothing doubled', async () => {
    const c = await ceremony('kill9', 1);
    const api = c.apis[0]!;
    const { figures } = await runWithFault(c, {
      wallOn: api,
      baseFor: () => api.base,
      fault: async () => {
        await api.kill9();
        await api.start();
      },
    });
    expect(figures).toEqual(EXPECTED);
  });

  it('a fast PostgreSQL restart (pg_ctl restart -m fast): nothing lost, nothing doubled', async () => {
    const c = await ceremony('pg-fast', 1);
    const api = c.apis[0]!;
    const { figures } = await runWithFault(c, { wallOn: api, baseFor: () => api.base, fault: () => cluster.restart('fast') });
    expect(figures).toEqual(EXPECTED);
  });

  it('an immediate PostgreSQL restart (pg_ctl restart -m immediate, crash recovery): nothing lost, nothing doubled', async () => {
    const c = await ceremony('pg-immediate', 1);
    const api = c.apis[0]!;
    const { figures } = await runWithFault(c, { wallOn: api, baseFor: () => api.base, fault: () => cluster.restart('immediate') });
    expect(figures).toEqual(EXPECTED);
  });

  it('a Redis restart under two API instances, desks split over both, the wall on the second', async () => {
    const redis = await rig.startRedis();
    const c = await ceremony('redis', 2, redis);
    const [one, two] = [c.apis[0]!, c.apis[1]!];
    let ready: { status: number; body: unknown } | undefined;
    const { figures } = await runWithFault(c, {
      wallOn: two,
      baseFor: (client) => (client % 2 === 0 ? one.base : two.base),
      // Down while 300 more people are checked in (at most 5 s), then back on the same port, empty.
      // (Readiness is asked apart, below: its probe of the missing Redis takes its own time, during which
      // every remaining check-in could settle, and the fault would no longer fall in the middle.)
      fault: async (settled) => {
        const until = settled() + 300;
        const deadline = performance.now() + 5_000;
        await redis.stop();
        while (settled() < until && performance.now() < deadline) await delay(20);
        await redis.start();
      },
      probeVia: one,
    });
    expect(figures).toEqual({ ...EXPECTED, probe: 'seen' });
    // Readiness says so while Redis is down (docs/OPERATIONS.md, "Health"), the database being fine.
    await redis.stop();
    try {
      const r = await fetch(`${one.base}/api/health/ready`, { signal: AbortSignal.timeout(10_000) });
      ready = { status: r.status, body: await r.json() };
    } finally {
      await redis.start();
    }
    expect(ready).toEqual({ status: 503, body: { status: 'degraded', db: 'ok', redis: 'down' } });
  });

  it('a lock on Checkin held 30 s: check-ins answered 503 with Retry-After meanwhile, readiness says locked, nothing lost after the release', async () => {
    const c = await ceremony('lock', 1);
    const api = c.apis[0]!;
    const seen: { health?: number; db?: string; live?: number; ready?: unknown } = {};
    const { figures, load } = await runWithFault(c, {
      wallOn: api,
      baseFor: () => api.base,
      faultMs: LOCK_MS,
      fault: async () => {
        const holder = new pg.Client({ connectionString: c.databaseUrl });
        await holder.connect();
        try {
          await holder.query('BEGIN');
          await holder.query('LOCK TABLE "Checkin" IN ACCESS EXCLUSIVE MODE');
          const deadline = performance.now() + LOCK_MS;
          const health = await fetch(`${api.base}/api/health`, { signal: AbortSignal.timeout(10_000) });
          Object.assign(seen, { health: health.status, db: ((await health.json()) as { db: string }).db });
          seen.live = (await fetch(`${api.base}/api/health/live`, { signal: AbortSignal.timeout(10_000) })).status;
          const ready = await fetch(`${api.base}/api/health/ready`, { signal: AbortSignal.timeout(10_000) });
          seen.ready = { status: ready.status, body: await ready.json() };
          // The lock is the fault: held for its whole time, whatever the desks do meanwhile.
          await delay(deadline - performance.now());
          await holder.query('COMMIT');
        } finally {
          await holder.end();
        }
      },
    });
    console.log(
      `[faults] lock: readiness during the lock ${seen.health} ${seen.db}, liveness ${seen.live}; slowest check-in answer ${(load.slowestMs / 1000).toFixed(1)} s against a ${LOCK_MS / 1000} s lock`,
    );
    expect(figures).toEqual(EXPECTED);
    // Answered 503 with Retry-After while the lock was held, none left to the desk's own 10 s timeout.
    expect(load.statuses['503']).toBeGreaterThan(0);
    expect(load.missingRetryAfter).toBe(0);
    expect(load.statuses.network).toBeUndefined();
    expect(seen).toEqual({
      health: 503,
      db: 'locked',
      live: 200,
      ready: { status: 503, body: { status: 'degraded', db: 'locked', redis: 'none' } },
    });
  }, 240_000);

  it('Redis hung (SIGSTOP) under two instances: the organiser revokes a screen and deactivates a unit at once, and the revoked wall is disconnected', async () => {
    const redis = await rig.startRedis();
    const c = await ceremony('redis-stop', 2, redis);
    const one = c.apis[0]!;
    const prisma = createPrismaClient(c.databaseUrl, 1);
    const unitId = await (async () => {
      try {
        const town = await prisma.town.create({ data: { name: '春江镇' } });
        return (await prisma.unit.create({ data: { code: 'U1', name: '春江中心小学', kind: 'school', townId: town.id } })).id;
      } finally {
        await prisma.$disconnect();
      }
    })();
    const wall = new Wall(one.base, c.kioskToken);
    await wall.open();
    const call = async (method: string, path: string, body?: unknown) => {
      const t0 = performance.now();
      const res = await fetch(`${one.base}${path}`, {
        method,
        headers: { ...json, ...bearer(c.organizerToken) },
        body: body === undefined ? undefined : JSON.stringify(body),
        // Far beyond a prompt answer, far below Redis's return: a wait for Redis fails here.
        signal: AbortSignal.timeout(10_000),
      });
      return { status: res.status, ms: performance.now() - t0 };
    };
    try {
      redis.pause();
      const revoked = await call('DELETE', `/api/kiosk-devices/${c.kioskDeviceId}`);
      const deactivated = await call('PUT', `/api/units/${unitId}`, { active: false });
      while (wall.connected) await delay(20);
      console.log(
        `[faults] redis-stop: screen revoked in ${revoked.ms.toFixed(0)} ms, unit deactivated in ${deactivated.ms.toFixed(0)} ms, wall disconnected while Redis hangs`,
      );
      expect([revoked.status, deactivated.status]).toEqual([200, 200]);
      redis.resume();
      // Back on Redis, the wall's token is refused: it stays disconnected.
      const reconnect = await fetch(`${one.base}/api/kiosk/wall`, { headers: bearer(c.kioskToken) });
      expect(reconnect.status).toBe(401);
      expect(one.crashes).toEqual([]);
    } finally {
      redis.resume();
      wall.close();
    }
  });
});
