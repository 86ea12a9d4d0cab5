// The shipped proxy configuration itself (infra/nginx.conf, rendered by `npm run cluster` with this
// run's ports and folder, nothing hand-written) in front of two API instances on a private
// PostgreSQL cluster and Redis: the ceremony from the poster. The link read back from the poster's
// PDF is the proxy's address (never the upstream's name), it opens, and the phone's check-in through
// it reaches the wall over a WebSocket upgraded through nginx. X-Forwarded-For reaches the API as
// the client's own address, set by nginx: two clients on different local addresses are limited
// apart, and a client's own X-Forwarded-For / X-Forwarded-Host change nothing.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_CAMPAIGN_RULES, type TCheckinSession, type TCreateCheckinResponse, type TIssuedKioskDevice, type TLinkOrigin } from '@learnweek/contracts';
import { createPrismaClient, hashPassword, type PrismaClient } from '@learnweek/db';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterProcess, type TClusterLines } from './cluster.js';
import { Wall } from './desk.js';
import { delay, REPO_ROOT, Rig } from './rig.js';

const PASSWORD = randomBytes(12).toString('base64url');
const HOUR = 3_600_000;

let rig: Rig;
let cluster: ClusterProcess;
let lines: TClusterLines;
let prisma: PrismaClient;
let onExit: (() => void) | undefined;
let campaignId = '';
let session: TCheckinSession;
let kioskToken = '';

interface TAnswer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** One HTTP request from a chosen local address (127.0.0.2, 127.0.0.3…: distinct clients to nginx). */
function request(url: string, o: { method?: string; from?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<TAnswer & { raw: Buffer }> {
  const body = o.body === undefined ? undefined : JSON.stringify(o.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: o.method ?? 'GET',
        localAddress: o.from,
        agent: false,
        headers: { ...(body ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } : {}), ...o.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, body: raw.toString('utf8'), raw, headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const signIn = (username: string, password: string, from: string, headers: Record<string, string> = {}) => request(`${lines.proxy}/api/auth/login`, { method: 'POST', from, headers, body: { username, password } });

async function organizerToken(): Promise<string> {
  const r = await signIn('organizer', PASSWORD, '127.0.0.1');
  if (r.status !== 200) throw new Error(`sign-in: ${r.status} ${r.body}`);
  return (JSON.parse(r.body) as { accessToken: string }).accessToken;
}

beforeAll(async () => {
  rig = new Rig();
  const pgCluster = await rig.startCluster();
  const redis = await rig.startRedis();
  const databaseUrl = await pgCluster.createDatabase('proxy');
  // No PUBLIC_URL: every link is made from the request as nginx forwarded it.
  cluster = new ClusterProcess({ PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', DATABASE_URL: databaseUrl, REDIS_URL: redis.url, JWT_SECRET: randomBytes(48).toString('base64url'), LOG_LEVEL: 'warn', FILES_DIR: path.join(rig.dir, 'files') });
  onExit = () => cluster.killNow();
  process.once('exit', onExit);
  lines = await cluster.start(2);
  prisma = createPrismaClient(databaseUrl, 2);
  const now = Date.now();
  await prisma.user.create({ data: { username: 'organizer', displayName: '组织办', roles: ['organizer'], passwordHash: await hashPassword(PASSWORD) } });
  const campaign = await prisma.campaign.create({
    data: {
      year: new Date(now).getUTCFullYear(),
      title: '全民终身学习推进周（代理）',
      theme: '推动全民终身学习',
      status: 'published',
      launchVenue: '区文化馆',
      rules: DEFAULT_CAMPAIGN_RULES,
      planDueAt: new Date(now - 10 * 24 * HOUR),
      weekStartsAt: new Date(now - 24 * HOUR),
      weekEndsAt: new Date(now + 6 * 24 * HOUR),
      launchAt: new Date(now - HOUR),
      summaryDueAt: new Date(now + 10 * 24 * HOUR),
    },
  });
  campaignId = campaign.id;
  const token = await organizerToken();
  const auth = { Authorization: `Bearer ${token}` };
  const made = await request(`${lines.proxy}/api/campaigns/${campaignId}/checkin-sessions`, {
    method: 'POST',
    headers: auth,
    body: { name: '启动仪式主会场', venue: '区文化馆', kind: 'main', opensAt: new Date(now - HOUR).toISOString(), closesAt: new Date(now + 2 * HOUR).toISOString() },
  });
  expect(made.status, made.body).toBe(201);
  session = JSON.parse(made.body) as TCheckinSession;
  const device = await request(`${lines.proxy}/api/campaigns/${campaignId}/kiosk-devices`, { method: 'POST', headers: auth, body: { name: '主会场大屏' } });
  expect(device.status, device.body).toBe(201);
  kioskToken = (JSON.parse(device.body) as TIssuedKioskDevice).token;
});

afterAll(async () => {
  if (onExit) process.removeListener('exit', onExit);
  await prisma?.$disconnect();
  const errors: unknown[] = [];
  for (const step of [() => cluster?.stop(), () => rig?.close()]) {
    try {
      await step();
    } catch (err) {
      errors.push(err);
    }
  }
  if (lines?.logs && process.env.FAULTS_KEEP !== '1') rmSync(lines.logs, { recursive: true, force: true });
  if (errors.length > 0) throw new AggregateError(errors, 'proxy suite: cleanup failed');
});

describe('the shipped infra/nginx.conf in front of two instances', () => {
  it('is the file that runs: the generated configuration embeds infra/nginx.conf with only the ports replaced', () => {
    const generated = readFileSync(path.join(lines.logs, 'nginx.conf'), 'utf8');
    const shipped = readFileSync(path.join(REPO_ROOT, 'infra/nginx.conf'), 'utf8');
    // Every line of the shipped file is there, but for the upstreams' addresses and the listen line.
    const kept = shipped.split('\n').filter((l) => !/^\s*server api\d+:3000/.test(l) && !/^\s*listen 80;/.test(l));
    expect(kept.filter((l) => !generated.includes(l))).toEqual([]);
    expect(generated).not.toMatch(/api\d+:3000/);
  });

  it('the poster downloaded through nginx prints the proxy’s address; the link opens and the phone checks in through it; a wall sees it over an upgraded WebSocket', async () => {
    const auth = { Authorization: `Bearer ${await organizerToken()}` };
    // The console's warning: the origin the links are made from, as the API sees it through nginx.
    const origin = await request(`${lines.proxy}/api/link-origin`, { headers: auth });
    expect(origin.status, origin.body).toBe(200);
    expect(JSON.parse(origin.body)).toEqual({ origin: lines.proxy, reach: 'loopback', fromPublicUrl: false } satisfies TLinkOrigin);

    // A client's own X-Forwarded-Host / -Proto are replaced by nginx: the poster still names the proxy.
    const poster = await request(`${lines.proxy}/api/checkin-sessions/${session.id}/poster.pdf`, { headers: { ...auth, 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' } });
    expect(poster.status, poster.body.slice(0, 200)).toBe(200);
    expect(poster.headers['content-type']).toContain('application/pdf');
    const pdf = path.join(rig.dir, 'poster.pdf');
    writeFileSync(pdf, poster.raw);
    const { stdout } = await promisify(execFile)('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    // The link is the poster's last text (printed small under the QR; a long one wraps).
    const link = stdout.slice(stdout.lastIndexOf('http')).replace(/\s+/g, '');
    console.log(`[proxy] poster link: ${link}`);
    expect(link).not.toContain('learnweek_');
    expect(link).toBe(`${lines.proxy}${session.selfCheckinPath}`);

    // The wall follows the session through nginx: WebSocket first, and a polling session upgraded.
    const wall = new Wall(lines.proxy, kioskToken);
    await wall.open();
    const polling = io(`${lines.proxy}/live`, { auth: { kioskToken }, transports: ['polling', 'websocket'], reconnection: false, forceNew: true });
    try {
      const upgraded = await new Promise<string>((resolve, reject) => {
        polling.io.engine.once('upgrade', (transport: { name: string }) => resolve(transport.name));
        polling.once('connect_error', reject);
      });
      expect(upgraded).toBe('websocket');

      // The phone: the page the link opens, the venue it shows, the check-in it sends.
      const url = new URL(link);
      const page = await request(link, { from: '127.0.0.2' });
      expect(page.status).toBe(200);
      expect(page.body).toContain('<!doctype html>');
      const secret = url.searchParams.get('s')!;
      const venue = await request(`${url.origin}/api/checkin-sessions/${session.id}/public?s=${encodeURIComponent(secret)}`, { from: '127.0.0.2' });
      expect(venue.status, venue.body).toBe(200);
      const checkin = await request(`${url.origin}/api/checkin-sessions/${session.id}/checkins`, {
        method: 'POST',
        from: '127.0.0.2',
        body: { name: '扫码居民', secret, deviceKey: `phone-${randomUUID()}`, idempotencyKey: `phone-${randomUUID()}` },
      });
      expect(checkin.status, checkin.body).toBe(201);
      const id = (JSON.parse(checkin.body) as TCreateCheckinResponse).checkin.id;
      const t0 = performance.now();
      while (!wall.created.has(id) && performance.now() - t0 < 5_000) await delay(10);
      expect(wall.created.has(id)).toBe(true);
    } finally {
      polling.close();
      wall.close();
    }
  });

  it('X-Forwarded-For is the client’s address, set by nginx: 30 wrong passwords from 127.0.0.2 (each naming another X-Forwarded-For) stop 127.0.0.2, not 127.0.0.3', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 31; i++) answers.push((await signIn(`made-up-${i}`, 'not-the-password', '127.0.0.2', { 'X-Forwarded-For': `198.51.100.${i + 1}` })).status);
    console.log(`[proxy] wrong passwords from 127.0.0.2: ${answers.filter((s) => s === 401).length} × 401, then ${answers.slice(30).join(',')}`);
    expect(answers.slice(0, 30)).toEqual(Array(30).fill(401));
    // The 31st from the same address is refused, whatever X-Forwarded-For it sent…
    expect(answers[30]).toBe(429);
    expect((await signIn('organizer', PASSWORD, '127.0.0.2', { 'X-Forwarded-For': '203.0.113.9' })).status).toBe(429);
    // …while another address signs in with the right password.
    expect((await signIn('organizer', PASSWORD, '127.0.0.3')).status).toBe(200);
  });
});
