// Shared set-up of the benchmarks: a fresh database (DATABASE_URL's server, else PGlite),
// the demo seed, and the built API listening on a free port.
import { Worker } from 'node:worker_threads';
import { createPrismaClient, createTestDatabase, seedDemo } from '@learnweek/db';
import { createApp } from '../apps/api/dist/bootstrap.js';
import { loadConfig } from '../apps/api/dist/core/config/config.js';
import { ManualClock } from '../apps/api/dist/core/clock/clock.js';

export async function startBench() {
  const db = await createTestDatabase();
  const prisma = createPrismaClient(db.url, 1);
  await seedDemo(prisma, { now: new Date() });
  const campaign = await prisma.campaign.findFirstOrThrow({ where: { status: 'published' } });
  const session = await prisma.checkinSession.findFirstOrThrow({ where: { campaignId: campaign.id, kind: 'main' } });
  await prisma.$disconnect();
  const app = await createApp({
    config: loadConfig({ LOG_LEVEL: 'error', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }),
    databaseUrl: db.url,
    poolMax: db.poolMax,
    embedded: db.kind === 'pglite',
    scheduler: false,
    webRoot: false,
    logger: ['error'],
    // The ceremony's hour: check-ins are taken only inside a session's window.
    clock: new ManualClock(new Date(session.opensAt.getTime() + 3_600_000)),
    checkinLimitPerMinute: 1_000_000,
    loginLimitPerMinute: 1_000,
  });
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'staff', password: 'demo1234' }) });
  const { accessToken } = await login.json();
  return {
    db,
    base,
    campaignId: campaign.id,
    sessionId: session.id,
    staffToken: accessToken,
    kioskToken: `demo-kiosk-${campaign.year}`,
    close: async () => {
      await app.close();
      await db.stop();
    },
  };
}

/** Runs `total` jobs with at most `concurrency` in flight; returns jobs per second. */
export async function throughput(total, concurrency, job) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await job(next++);
    }),
  );
  return total / ((performance.now() - t0) / 1000);
}

export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

export const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** Runs a module's worker half with `data` in a worker thread (load on its own core time); resolves with what it posts back. */
export const inWorker = (moduleUrl, data) =>
  new Promise((resolve, reject) => {
    const w = new Worker(new URL(moduleUrl), { workerData: data });
    w.once('message', resolve);
    w.once('error', reject);
  });
