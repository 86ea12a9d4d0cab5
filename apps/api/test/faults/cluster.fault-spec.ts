// `npm run cluster` under test: Debian's nginx in front of two API instances started by the script
// itself, on a private PostgreSQL cluster, a private Redis and an S3-compatible server (s3rver), all
// made here. Through the proxy and around it: sign-in, a photo shared through object storage, the
// live feed across instances, the sign-in throttle shared by both, the organizers' load rehearsal, and
// the failover: kill -9 of an instance in the middle of a ceremony. One line of figures per test is
// printed (docs/SCALE.md quotes them).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_CAMPAIGN_RULES,
  type TCheckinSession,
  type TCheckinStats,
  type TIssuedKioskDevice,
  type TLatestRehearsal,
  type TParticipationDetail,
} from '@learnweek/contracts';
import { createPrismaClient, hashPassword, type PrismaClient } from '@learnweek/db';
import JSZip from 'jszip';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { photo } from '../files.js';
import { startS3, type TestS3 } from '../s3-server.js';
import { ClusterProcess, running, type TClusterLines } from './cluster.js';
import { people, runDeskLoad, Wall } from './desk.js';
import { API_MAIN, delay, REPO_ROOT, Rig, type RedisServer } from './rig.js';
import { seedParticipation, type TSeedCampaign } from './workflow-seed.js';

const PASSWORD = randomBytes(12).toString('base64url');
const JWT_SECRET = randomBytes(48).toString('base64url');
const DAY = 86_400_000;
const HOUR = 3_600_000;
const REHEARSAL_CLI = path.join(REPO_ROOT, 'apps/api/dist/rehearsal-cli.js');
/** The scheduler's work of the failover test: plans approved (week start) and drafts (overdue) of a campaign of their own. */
const APPROVED = 4;
const DRAFTING = 3;

let rig: Rig;
let redis: RedisServer;
let s3: TestS3;
let cluster: ClusterProcess;
let lines: TClusterLines;
let databaseUrl: string;
let prisma: PrismaClient;
let onExit: (() => void) | undefined;

/** What the database holds for the tests, made after the cluster has migrated it. */
const seed = {
  campaignId: '',
  schedulerCampaignId: '',
  photoParticipation: { participationId: '', activityId: '' },
  sessionId: '',
  kioskToken: '',
};

const json = { 'Content-Type': 'application/json' };
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** `from`: the client's address as a proxy on this host would forward it (the instances trust loopback). */
async function login(
  base: string,
  username: string,
  password = PASSWORD,
  from?: string,
): Promise<{ status: number; token?: string; upstream: string | null }> {
  const headers = from ? { ...json, 'X-Forwarded-For': from } : json;
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers, body: JSON.stringify({ username, password }) });
  const body = (await res.json()) as { accessToken?: string };
  return { status: res.status, token: body.accessToken, upstream: res.headers.get('x-learnweek-upstream') };
}

async function token(username: string): Promise<string> {
  const r = await login(lines.proxy, username);
  if (!r.token) throw new Error(`sign-in of ${username}: ${r.status}`);
  return r.token;
}

async function post<T>(base: string, path: string, auth: string, body: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { ...json, ...bearer(auth) }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 200 && res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

const instance = (n: 1 | 2) => lines.instances[n - 1]!;
const portOf = (url: string) => new URL(url).port;

/** Users, units, two campaigns (one running its week, one whose dates the failover test moves) and their participations. */
async function seedDatabase(): Promise<void> {
  const now = Date.now();
  const passwordHash = await hashPassword(PASSWORD);
  const town = await prisma.town.create({ data: { name: '春江镇' } });
  await prisma.user.create({ data: { username: 'organizer', displayName: '组织办', roles: ['organizer'], passwordHash } });
  const approver = await prisma.user.create({ data: { username: 'approver', displayName: '审核人', roles: ['approver'], passwordHash } });
  await prisma.user.create({ data: { username: 'desk', displayName: '签到台', roles: ['checkinStaff'], passwordHash } });
  const unit = async (code: string, kind: 'nonDegree' | 'communityCentre') => {
    const u = await prisma.unit.create({ data: { code, name: `单位${code}`, kind, townId: town.id } });
    const c = await prisma.user.create({
      data: { username: `coord-${code}`, displayName: `联络员${code}`, roles: ['coordinator'], unitId: u.id, passwordHash },
    });
    return { unit: { id: u.id, kind }, coordinatorId: c.id };
  };
  // The town's community education centre: overdue units of the town escalate to its coordinator.
  await unit('C1', 'communityCentre');
  const make = async (title: string, dates: Omit<TSeedCampaign, 'id' | 'rules'>, rules = DEFAULT_CAMPAIGN_RULES) => {
    const c = await prisma.campaign.create({
      data: {
        year: new Date(now).getUTCFullYear(),
        title,
        theme: '推动全民终身学习',
        status: 'published',
        launchVenue: '区文化馆',
        rules,
        ...dates,
      },
    });
    return { id: c.id, rules, ...dates };
  };
  // The ceremony's campaign: the week has just ended, summaries are due (one photo each).
  const a = await make(
    '全民终身学习推进周（集群）',
    {
      planDueAt: new Date(now - 10 * DAY),
      weekStartsAt: new Date(now - 7 * DAY),
      weekEndsAt: new Date(now - HOUR),
      launchAt: new Date(now - 6 * DAY),
      summaryDueAt: new Date(now + 6 * DAY),
    },
    { ...DEFAULT_CAMPAIGN_RULES, photosRequired: 1 },
  );
  seed.campaignId = a.id;
  const p = await unit('P1', 'nonDegree');
  seed.photoParticipation = await seedParticipation(prisma, {
    campaign: a,
    ...p,
    approverId: approver.id,
    steps: ['START_DRAFT', 'SUBMIT_PLAN', 'APPROVE_PLAN', 'WEEK_STARTED', 'WEEK_ENDED'],
  });
  // The scheduler's campaign: everything weeks ahead until the failover test moves its dates.
  const b = await make('全民终身学习推进周（调度）', {
    planDueAt: new Date(now + 20 * DAY),
    weekStartsAt: new Date(now + 21 * DAY),
    weekEndsAt: new Date(now + 28 * DAY),
    launchAt: new Date(now + 22 * DAY),
    summaryDueAt: new Date(now + 30 * DAY),
  });
  seed.schedulerCampaignId = b.id;
  for (let i = 0; i < APPROVED + DRAFTING; i++) {
    const u = await unit(`S${i}`, 'nonDegree');
    await seedParticipation(prisma, {
      campaign: b,
      ...u,
      approverId: approver.id,
      steps: i < APPROVED ? ['START_DRAFT', 'SUBMIT_PLAN', 'APPROVE_PLAN'] : ['START_DRAFT'],
    });
  }
  // The ceremony's session (open now) and screen, made through the proxy as an organizer would.
  const organizerToken = await token('organizer');
  const session = await post<TCheckinSession>(lines.proxy, `/api/campaigns/${a.id}/checkin-sessions`, organizerToken, {
    name: '启动仪式主会场',
    venue: '区文化馆',
    kind: 'main',
    opensAt: new Date(now - HOUR).toISOString(),
    closesAt: new Date(now + 2 * HOUR).toISOString(),
  });
  seed.sessionId = session.id;
  seed.kioskToken = (
    await post<TIssuedKioskDevice>(lines.proxy, `/api/campaigns/${a.id}/kiosk-devices`, organizerToken, { name: '主会场大屏' })
  ).token;
}

beforeAll(async () => {
  for (const file of [API_MAIN, REHEARSAL_CLI])
    if (!existsSync(file)) throw new Error(`${file} is missing: build the API first (npm run test:faults does)`);
  rig = new Rig();
  const pgCluster = await rig.startCluster();
  redis = await rig.startRedis();
  s3 = await startS3();
  databaseUrl = await pgCluster.createDatabase('cluster');
  cluster = new ClusterProcess({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: 'UTC',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    JWT_SECRET,
    LOG_LEVEL: 'warn',
    ...s3.env('learnweek-cluster'),
  });
  onExit = () => cluster.killNow();
  process.once('exit', onExit);
  lines = await cluster.start(2);
  prisma = createPrismaClient(databaseUrl, 2);
  await seedDatabase();
});

afterAll(async () => {
  if (onExit) process.removeListener('exit', onExit);
  await prisma?.$disconnect();
  const errors: unknown[] = [];
  for (const step of [() => cluster?.stop(), () => s3?.close(), () => rig?.close()]) {
    try {
      await step();
    } catch (err) {
      errors.push(err);
    }
  }
  // The cluster's run folder (its logs, kept for a failed run's look): FAULTS_KEEP=1 keeps it, as the rig's.
  if (lines?.logs && process.env.FAULTS_KEEP !== '1') rmSync(lines.logs, { recursive: true, force: true });
  if (errors.length > 0) throw new AggregateError(errors, 'cluster suite: cleanup failed');
});

describe('npm run cluster: nginx in front of two instances, PostgreSQL, Redis and S3-compatible storage', () => {
  it('prints the proxy and each instance with its pid, and the proxy spreads requests over both', async () => {
    expect(lines.proxy).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.instances).toHaveLength(2);
    for (const i of lines.instances) {
      expect(i.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(running(i.pid)).toBe(true);
      expect((await fetch(`${i.url}/api/health`)).status).toBe(200);
    }
    expect(cluster.lines).toContain('files s3 ' + s3.endpoint + ' bucket learnweek-cluster');
    // Sign-in through the proxy, answered by both instances in turn.
    const answers = await Promise.all(Array.from({ length: 4 }, () => login(lines.proxy, 'organizer')));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const served = new Set(answers.map((a) => a.upstream?.split(':').at(-1)));
    expect(served).toEqual(new Set(lines.instances.map((i) => portOf(i.url))));
    // The admin app comes through it too.
    const admin = await fetch(`${lines.proxy}/admin/`);
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('<!doctype html>');
  });

  it('a photo uploaded through instance 1 is served (signed link) and packed into the summaries .zip through instance 2', async () => {
    const coordinator = (await login(instance(1).url, 'coord-P1')).token!;
    const { participationId, activityId } = seed.photoParticipation;
    const jpeg = await photo(3, { taken: '2026:11:25 10:00:00' });
    const form = new FormData();
    form.append('activityId', activityId);
    form.append('caption', '读书会现场');
    form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'photo.jpg');
    const uploaded = await fetch(`${instance(1).url}/api/participations/${participationId}/photos`, {
      method: 'POST',
      headers: bearer(coordinator),
      body: form,
    });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    // The bytes are in the bucket, not on instance 1's disk: instance 2 serves them.
    const detail = (await (
      await fetch(`${instance(2).url}/api/participations/${participationId}`, { headers: bearer(coordinator) })
    ).json()) as TParticipationDetail;
    const shown = detail.photos;
    expect(shown).toHaveLength(1);
    const served = await fetch(`${instance(2).url}${shown[0]!.url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    const web = Buffer.from(await served.arrayBuffer());
    expect(web.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    // The summary goes in through instance 2, and instance 2 packs the photo into the district's .zip.
    const put = await fetch(`${instance(2).url}/api/participations/${participationId}/summary`, {
      method: 'PUT',
      headers: { ...json, ...bearer(coordinator) },
      body: JSON.stringify({ text: '读书会顺利举办。', activitiesHeld: 1, participants: 30, version: detail.summary.version }),
    });
    expect(put.status).toBe(200);
    const submitted = await fetch(`${instance(2).url}/api/participations/${participationId}/events`, {
      method: 'POST',
      headers: { ...json, ...bearer(coordinator) },
      body: JSON.stringify({
        type: 'SUBMIT_SUMMARY',
        version: (
          (await (
            await fetch(`${instance(2).url}/api/participations/${participationId}`, { headers: bearer(coordinator) })
          ).json()) as TParticipationDetail
        ).version,
      }),
    });
    expect(submitted.status, await submitted.clone().text()).toBe(200);
    const zip = await fetch(`${instance(2).url}/api/campaigns/${seed.campaignId}/exports/summaries.zip`, {
      headers: bearer(await token('organizer')),
    });
    expect(zip.status).toBe(200);
    const entries = await JSZip.loadAsync(Buffer.from(await zip.arrayBuffer()));
    const jpgs = Object.keys(entries.files).filter((n) => n.endsWith('.jpg'));
    expect(jpgs).toEqual(['P1-单位P1/照片1-社区读书会.jpg']);
    expect(Buffer.from(await entries.file(jpgs[0]!)!.async('uint8array'))).toEqual(web);
    console.log(
      `[cluster] photo: uploaded via :${portOf(instance(1).url)} (${jpeg.length} B), served via :${portOf(instance(2).url)} (${web.length} B), zip via :${portOf(instance(2).url)} with ${jpgs.length} photo`,
    );
  });

  it('a wall on instance 2 sees a check-in posted to instance 1', async () => {
    const wall = new Wall(instance(2).url, seed.kioskToken);
    try {
      await wall.open();
      const before = wall.total(seed.sessionId);
      const r = await post<{ checkin: { id: string } }>(
        instance(1).url,
        `/api/checkin-sessions/${seed.sessionId}/checkins`,
        await token('desk'),
        { name: '来宾甲', idempotencyKey: `probe-${randomUUID()}` },
      );
      const t0 = performance.now();
      while (!wall.created.has(r.checkin.id) && performance.now() - t0 < 5_000) await delay(10);
      expect(wall.created.has(r.checkin.id)).toBe(true);
      while (wall.total(seed.sessionId) !== before + 1 && performance.now() - t0 < 5_000) await delay(10);
      expect(wall.total(seed.sessionId)).toBe(before + 1);
      console.log(
        `[cluster] check-in via :${portOf(instance(1).url)} shown on a wall of :${portOf(instance(2).url)} after ${Math.round(performance.now() - t0)} ms`,
      );
    } finally {
      wall.close();
    }
  });

  it('30 wrong passwords from one address, spread over both instances, stop that address on both and no other', async () => {
    // As the proxy forwards a client (the instances trust loopback); this test's own address stays free for the next tests.
    const attacker = '203.0.113.30';
    const wrong = [];
    for (let i = 0; i < 30; i++) wrong.push(await login(instance(i % 2 === 0 ? 1 : 2).url, `made-up-${i}`, 'not-the-password', attacker));
    expect(wrong.map((w) => w.status)).toEqual(Array(30).fill(401));
    // The address waits (30 failures a minute) on both instances, the right password included…
    for (const base of [instance(1).url, instance(2).url]) expect((await login(base, 'approver', PASSWORD, attacker)).status).toBe(429);
    // …while the owner signs in from another address on either instance, and through the proxy (docs/PRODUCT.md §6, sign-in protection).
    for (const base of [instance(1).url, instance(2).url]) expect((await login(base, 'approver', PASSWORD, '192.0.2.50')).status).toBe(200);
    expect((await login(lines.proxy, 'approver')).status).toBe(200);
    console.log(
      '[cluster] sign-in throttle: 30 failures from one address, 15 on each instance → 429 for it on both, 200 from other addresses',
    );
  });

  it('the load rehearsal at 200 walls and 300 people against the proxy reports 0 errors and its p99; no real wall sees it', async () => {
    const realWall = new Wall(lines.proxy, seed.kioskToken);
    await realWall.open();
    const before = { total: realWall.total(seed.sessionId), created: realWall.created.size };
    let out = '';
    const child: ChildProcess = spawn(
      process.execPath,
      [
        REHEARSAL_CLI,
        '--url',
        lines.proxy,
        '--user',
        'organizer',
        '--password',
        PASSWORD,
        '--screens',
        '200',
        '--people',
        '300',
        '--minutes',
        '0.25',
        '--campaign',
        seed.campaignId,
        '--lang',
        'en',
      ],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    realWall.close();
    console.log(
      out
        .trim()
        .split('\n')
        .map((l) => `[cluster] rehearsal: ${l}`)
        .join('\n'),
    );
    expect(code, out).toBe(0);
    expect(out).toMatch(/^walls: 200 connected, 0 failed/m);
    expect(out).toMatch(/^check-ins: 300 of 300 accepted, 0 errors/m);
    expect(out).toMatch(
      /^latency check-in → wall: p50 \d+ ms, p90 \d+ ms, p99 \d+ ms, max \d+ ms \(60000 check-in × wall pairs\), missed 0$/m,
    );
    expect(out).toMatch(/^verdict: PASSED$/m);
    const latest = (await (
      await fetch(`${lines.proxy}/api/campaigns/${seed.campaignId}/rehearsals/latest`, { headers: bearer(await token('organizer')) })
    ).json()) as TLatestRehearsal;
    expect(latest.rehearsal).toMatchObject({
      status: 'passed',
      screens: 200,
      people: 300,
      result: { checkins: { accepted: 300, errors: 0 }, missed: 0 },
    });
    // Nothing of it on the ceremony's wall, and nothing of it left in the database.
    expect({ total: realWall.total(seed.sessionId), created: realWall.created.size }).toEqual(before);
    expect(await prisma.checkin.count({ where: { sessionId: latest.rehearsal!.sessionId } })).toBe(0);
    expect(await prisma.outboxEvent.count({ where: { checkinSessionId: latest.rehearsal!.sessionId } })).toBe(0);
  });

  it('kill -9 of an instance mid-ceremony: walls come back through the proxy with the same numbers within 5 s, 0 check-ins lost, the scheduler runs once on the survivor', async () => {
    const PEOPLE = 1_000;
    const dead = instance(1);
    const survivor = instance(2);
    // Four walls through the proxy (WebSockets go to the instance with fewer: two on each) and one on the survivor.
    const proxyWalls = Array.from({ length: 4 }, () => new Wall(lines.proxy, seed.kioskToken));
    for (const w of proxyWalls) await w.open();
    const reference = new Wall(survivor.url, seed.kioskToken);
    await reference.open();
    const all = [...proxyWalls, reference];
    const scheduler = { transitions: 0, notifications: 0 };
    const countScheduler = async () => ({
      transitions: await prisma.transition.count({
        where: { event: 'WEEK_STARTED', participation: { campaignId: seed.schedulerCampaignId } },
      }),
      notifications: await prisma.notification.count({ where: { campaignId: seed.schedulerCampaignId } }),
    });
    Object.assign(scheduler, await countScheduler());
    expect(scheduler).toEqual({ transitions: 0, notifications: 0 });
    let comeBack: Promise<number> | undefined;
    try {
      const load = await runDeskLoad({
        sessionId: seed.sessionId,
        staffToken: await token('desk'),
        people: people(PEOPLE, 'failover'),
        clients: 16,
        baseFor: () => lines.proxy,
        faultAfter: 300,
        fault: async () => {
          process.kill(dead.pid, 'SIGKILL');
          const killedAt = performance.now();
          const referenceAtKill = reference.total(seed.sessionId);
          // Watched while the load goes on: the walls that were on the dead instance are connected
          // again through the proxy and show at least what the survivor's wall showed at the kill.
          comeBack = (async () => {
            for (;;) {
              const back = proxyWalls.filter((w) => w.connects >= 2);
              if (back.length > 0 && proxyWalls.every((w) => w.connected) && back.every((w) => w.total(seed.sessionId) >= referenceAtKill))
                return Math.round(performance.now() - killedAt);
              if (performance.now() - killedAt > 15_000) return -1;
              await delay(10);
            }
          })();
          // The scheduler's work falls due now, with only the survivor left to do it.
          const now = Date.now();
          await prisma.campaign.update({
            where: { id: seed.schedulerCampaignId },
            data: {
              planDueAt: new Date(now - 60_000),
              weekStartsAt: new Date(now - 30_000),
              launchAt: new Date(now + 12 * HOUR),
              weekEndsAt: new Date(now + DAY),
              summaryDueAt: new Date(now + 2 * DAY),
            },
          });
        },
        deadlineMs: 60_000,
      });
      const comeBackMs = (await comeBack) ?? -1;
      const reconnected = proxyWalls.filter((w) => w.connects >= 2);

      // Everyone in once: what the database holds.
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const keys = await client.query<{ idempotencyKey: string }>(
        'SELECT "idempotencyKey" FROM "Checkin" WHERE "sessionId" = $1 AND "idempotencyKey" LIKE $2',
        [seed.sessionId, 'failover-%'],
      );
      const rows = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM "Checkin" WHERE "sessionId" = $1', [seed.sessionId]))
        .rows[0]!.n;
      await client.end();
      const stored = new Set(keys.rows.map((r) => r.idempotencyKey));
      const lost = PEOPLE - stored.size;
      // Every wall settles on the database's figure within 5 s of the last check-in.
      const t1 = performance.now();
      while (all.some((w) => w.total(seed.sessionId) !== rows) && performance.now() - t1 < 5_000) await delay(20);
      const settleMs = Math.round(performance.now() - t1);
      const stats = (await (
        await fetch(`${lines.proxy}/api/checkin-sessions/${seed.sessionId}/stats`, { headers: bearer(await token('organizer')) })
      ).json()) as TCheckinStats;
      console.log(
        `[cluster] failover: people=${PEOPLE} settled=${load.done} refused=${load.refusals.length} unsettled=${load.unsettled} retries=${load.retries} answers=${JSON.stringify(load.statuses)} ` +
          `lost=${lost} rows=${rows} stats=${stats.total} walls=${all.map((w) => w.total(seed.sessionId)).join('/')} wall-reconnects=${reconnected.length} come-back=${comeBackMs}ms settle=${settleMs}ms duration=${(load.durationMs / 1000).toFixed(1)}s ` +
          `wall-problems=${JSON.stringify(all.flatMap((w) => w.problems).slice(0, 5))}`,
      );
      expect({
        lost,
        refused: load.refusals.length,
        unsettled: load.unsettled,
        faultInMiddle: load.settledAtFault >= 300 && load.settledAfterFault < PEOPLE,
      }).toEqual({ lost: 0, refused: 0, unsettled: 0, faultInMiddle: true });
      expect(load.faultError).toBeUndefined();
      expect(running(dead.pid)).toBe(false);
      expect(cluster.lines.some((l) => /^instance1 exited \(code null, signal SIGKILL\)/.test(l))).toBe(true);
      // The walls that lost their instance came back through the proxy and caught up within 5 s.
      expect(reconnected.length).toBeGreaterThanOrEqual(1);
      expect(comeBackMs).toBeGreaterThanOrEqual(0);
      expect(comeBackMs).toBeLessThanOrEqual(5_000);
      expect(all.map((w) => w.total(seed.sessionId))).toEqual(Array(all.length).fill(rows));
      expect(stats.total).toBe(rows);
    } finally {
      for (const w of all) w.close();
    }

    // The scheduler's next minute, on the survivor alone: the week starts, plans are overdue and
    // escalated (one digest for the town), summaries reminded, each exactly once.
    const expected = { transitions: APPROVED, notifications: DRAFTING + 1 + APPROVED };
    const deadline = Date.now() + 80_000;
    let seen = await countScheduler();
    while ((seen.transitions < expected.transitions || seen.notifications < expected.notifications) && Date.now() < deadline) {
      await delay(250);
      seen = await countScheduler();
    }
    const doneAt = Date.now();
    // A moment more: nothing further arrives (no second run doubling it).
    await delay(2_000);
    const after = await countScheduler();
    const kinds = await prisma.notification.groupBy({ by: ['kind'], where: { campaignId: seed.schedulerCampaignId }, _count: true });
    const states = await prisma.participation.groupBy({ by: ['state'], where: { campaignId: seed.schedulerCampaignId }, _count: true });
    const overdue = await prisma.participation.count({ where: { campaignId: seed.schedulerCampaignId, planOverdueAt: { not: null } } });
    console.log(
      `[cluster] scheduler on the survivor: ${JSON.stringify(after)} ${kinds.map((k) => `${k.kind}:${k._count}`).join(' ')} overdue=${overdue} (done ${new Date(doneAt).toISOString().slice(11, 19)})`,
    );
    expect(after).toEqual(expected);
    expect(Object.fromEntries(kinds.map((k) => [k.kind, k._count]))).toEqual({
      overdue: DRAFTING,
      townDigest: 1,
      deadlineReminder: APPROVED,
    });
    expect(Object.fromEntries(states.map((s) => [s.state, s._count]))).toEqual({ weekRunning: APPROVED, drafting: DRAFTING });
    expect(overdue).toBe(DRAFTING);
  });

  it('stops everything it started on SIGTERM', async () => {
    const pids = [...lines.instances.map((i) => i.pid), cluster.nginxPid()!];
    expect(await cluster.stop()).toBe(0);
    expect(cluster.lines.at(-1)).toBe('stopped');
    expect(pids.filter(running)).toEqual([]);
    const proxy = await fetch(`${lines.proxy}/api/health`).catch((err: unknown) => err);
    expect(proxy).toBeInstanceOf(Error);
  });
});
