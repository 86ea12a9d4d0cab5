// `npm run cluster` behind the shipped infra/nginx.conf, on a private PostgreSQL cluster and Redis,
// with an organiser and a published campaign whose ceremony is under way now: what the proxy and
// ceremony suites share. Everything it started is stopped by `close()`.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { DEFAULT_CAMPAIGN_RULES } from '@learnweek/contracts';
import { createPrismaClient, hashPassword, type PrismaClient } from '@learnweek/db';
import { ClusterProcess, type TClusterLines } from './cluster.js';
import { Rig } from './rig.js';

const HOUR = 3_600_000;

export interface TAnswer {
  status: number;
  body: string;
  raw: Buffer;
  headers: http.IncomingHttpHeaders;
}

/** One HTTP request from a chosen local address (127.0.0.2, 127.0.0.3…: distinct clients to nginx). */
export function request(
  url: string,
  o: { method?: string; from?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<TAnswer> {
  const body = o.body === undefined ? undefined : JSON.stringify(o.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: o.method ?? 'GET',
        localAddress: o.from,
        agent: false,
        headers: {
          ...(body ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } : {}),
          ...o.headers,
        },
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

export interface TProxied {
  rig: Rig;
  lines: TClusterLines;
  prisma: PrismaClient;
  campaignId: string;
  /** The organiser's password (user `organizer`). */
  password: string;
  /** The cluster's JWT_SECRET. */
  jwtSecret: string;
  /** The organiser's bearer token, signed in through nginx from 127.0.0.1. */
  organizerToken(): Promise<string>;
  /** Calls the API through nginx as the organiser; throws unless the answer is `expected`. */
  call<T>(method: string, p: string, body?: unknown, expected?: number): Promise<T>;
  close(): Promise<void>;
}

/** Two API instances (no PUBLIC_URL: every link is made from the request as nginx forwarded it). */
export async function startProxied(name: string): Promise<TProxied> {
  const rig = new Rig();
  try {
    return await start(rig, name);
  } catch (err) {
    await rig.close().catch(() => undefined);
    throw err;
  }
}

async function start(rig: Rig, name: string): Promise<TProxied> {
  const pgCluster = await rig.startCluster();
  const redis = await rig.startRedis();
  const databaseUrl = await pgCluster.createDatabase(name);
  const jwtSecret = randomBytes(48).toString('base64url');
  const password = randomBytes(12).toString('base64url');
  const cluster = new ClusterProcess({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: 'UTC',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    JWT_SECRET: jwtSecret,
    LOG_LEVEL: 'warn',
    FILES_DIR: path.join(rig.dir, 'files'),
  });
  const onExit = () => cluster.killNow();
  process.once('exit', onExit);
  const lines = await cluster.start(2).catch((err: unknown) => {
    cluster.killNow();
    process.removeListener('exit', onExit);
    throw err;
  });
  const prisma = createPrismaClient(databaseUrl, 2);
  const now = Date.now();
  await prisma.user.create({
    data: { username: 'organizer', displayName: '组织办', roles: ['organizer'], passwordHash: await hashPassword(password) },
  });
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
  const organizerToken = async () => {
    const r = await request(`${lines.proxy}/api/auth/login`, {
      method: 'POST',
      from: '127.0.0.1',
      body: { username: 'organizer', password },
    });
    if (r.status !== 200) throw new Error(`sign-in: ${r.status} ${r.body}`);
    return (JSON.parse(r.body) as { accessToken: string }).accessToken;
  };
  let token: string | undefined;
  return {
    rig,
    lines,
    prisma,
    campaignId: campaign.id,
    password,
    jwtSecret,
    organizerToken,
    async call<T>(method: string, p: string, body?: unknown, expected = method === 'POST' ? 201 : 200): Promise<T> {
      token ??= await organizerToken();
      const r = await request(`${lines.proxy}/api${p}`, { method, body, headers: { Authorization: `Bearer ${token}` } });
      if (r.status !== expected) throw new Error(`${method} ${p}: ${r.status} ${r.body}`);
      return (r.body ? JSON.parse(r.body) : undefined) as T;
    },
    async close() {
      process.removeListener('exit', onExit);
      await prisma.$disconnect();
      const errors: unknown[] = [];
      for (const step of [() => cluster.stop(), () => rig.close()]) {
        try {
          await step();
        } catch (err) {
          errors.push(err);
        }
      }
      if (process.env.FAULTS_KEEP !== '1') rmSync(lines.logs, { recursive: true, force: true });
      if (errors.length > 0) throw new AggregateError(errors, `${name} suite: cleanup failed`);
    },
  };
}
