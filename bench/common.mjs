// Shared set-up of the benchmarks: a fresh database (DATABASE_URL's server, else PGlite), the demo
// seed, the built API (in this process, or in a child process of its own), and the load generator
// (autocannon in a child process of its own) with its ceiling measured against a bare node:http
// server in the same run.
import { fork, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

const here = (file) => new URL(file, import.meta.url);

/**
 * A fresh database with the demo seed; the ceremony's campaign and main session. On DATABASE_URL's
 * server a new database; without it PGlite on a data dir on disk, as `npm start` opens it (not in
 * memory: the default's figure must include its writes).
 */
export async function prepareDatabase() {
  const { createPrismaClient, createTestDatabase, startDatabase } = await import('@learnweek/db');
  // The demo is played through the API's services (apps/api/src/demo), built by `npm run bench`.
  const { seedDemo } = await import('../apps/api/dist/demo/seed-demo.js');
  let db;
  if (process.env.DATABASE_URL) db = await createTestDatabase();
  else {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lw-bench-pglite-'));
    const embedded = await startDatabase({ dataDir: path.join(dir, 'pglite'), log: () => {} });
    db = { ...embedded, stop: async () => (await embedded.stop(), rmSync(dir, { recursive: true, force: true })) };
  }
  const seed = await seedDemo(db, { now: new Date(), city: false });
  const prisma = createPrismaClient(db.ownerUrl, 1);
  const campaign = await prisma.campaign.findFirstOrThrow({ where: { status: 'published' } });
  const session = await prisma.checkinSession.findFirstOrThrow({ where: { campaignId: campaign.id, kind: 'main' } });
  await prisma.$disconnect();
  return {
    db,
    campaignId: campaign.id,
    sessionId: session.id,
    opensAt: session.opensAt,
    kioskToken: seed.kioskTokens.find((k) => k.campaignTitle === campaign.title).token,
  };
}

/**
 * Ceremony screens of the prepared campaign, one per wall as an organizer issues them (the live
 * feed counts each screen's subscribes, docs/RELIABILITY.md): their tokens are `benchScreen(i)`, i < n.
 */
export async function issueScreens(prepared, n) {
  const { createPrismaClient, sha256 } = await import('@learnweek/db');
  const prisma = createPrismaClient(prepared.db.ownerUrl, 1);
  for (let i = 0; i < n; i += 5_000) {
    const data = Array.from({ length: Math.min(5_000, n - i) }, (_, k) => ({
      campaignId: prepared.campaignId,
      name: `压测大屏${i + k}`,
      tokenHash: sha256(benchScreen(i + k)),
    }));
    await prisma.kioskDevice.createMany({ data });
  }
  await prisma.$disconnect();
}
export const benchScreen = (i) => `bench-wall-${i}`;

/** createApp's options for a benchmark: no scheduler, no web apps, the ceremony's hour on a ManualClock. */
export async function benchAppOptions(prepared) {
  const { loadConfig } = await import('../apps/api/dist/core/config/config.js');
  const { ManualClock } = await import('../apps/api/dist/core/clock/clock.js');
  return {
    config: loadConfig({ LOG_LEVEL: 'error', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }),
    databaseUrl: prepared.db.url,
    poolMax: prepared.db.poolMax,
    embedded: prepared.db.kind === 'pglite',
    scheduler: false,
    webRoot: false,
    logger: ['error'],
    // The ceremony's hour: check-ins are taken only inside a session's window.
    clock: new ManualClock(new Date(prepared.opensAt.getTime() + 3_600_000)),
    checkinLimitPerMinute: 1_000_000,
    checkinHoldAfterPerMinute: 1_000_000,
    loginLimitPerMinute: 1_000,
  };
}

export async function staffToken(base, username = 'staff') {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo1234' }),
  });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
  return (await login.json()).accessToken;
}

/** The API in this process (the console benchmark measures its heap). */
export async function startBench() {
  const prepared = await prepareDatabase();
  const { createApp } = await import('../apps/api/dist/bootstrap.js');
  const app = await createApp(await benchAppOptions(prepared));
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    ...prepared,
    base,
    staffToken: await staffToken(base),
    close: async () => {
      await app.close();
      await prepared.db.stop();
    },
  };
}

/**
 * A server in a child process of its own (bench/server-process.mjs), as in production: `api`
 * (the built API, or with `dist` another build of it) or `bare` (node:http answering 201 with no
 * work: the generator's ceiling).
 * Without `dbUrl` the child makes and seeds its own database (PGlite in-process when DATABASE_URL
 * is unset, as `npm start` does).
 */
export function startServer({ kind, prepared, dist, execArgv = [] }) {
  const child = fork(here('./server-process.mjs'), [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (message, answer) =>
    new Promise((resolve) => {
      const on = (m) => m.type === answer && (child.off('message', on), resolve(m));
      child.on('message', on);
      child.send(message);
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    child.once('message', (info) => {
      child.removeAllListeners('exit');
      resolve({
        ...info,
        pid: child.pid,
        /** The server process' CPU time so far (µs, user + system). */
        cpuMicros: async () => (await ask({ type: 'cpu' }, 'cpu')).micros,
        /** Profiles the server's CPU while `during` runs; the profile goes to `file` (.cpuprofile). */
        profiled: async (file, during) => {
          await ask({ type: 'profile-start' }, 'profiling');
          const result = await during();
          await ask({ type: 'profile-stop', file }, 'profiled');
          return result;
        },
        close: () => new Promise((r) => (child.once('exit', r), child.send({ type: 'close' }))),
      });
    });
    child.send({
      type: 'start',
      kind,
      dist,
      prepared: prepared && {
        db: { url: prepared.db.url, ownerUrl: prepared.db.ownerUrl, kind: prepared.db.kind, poolMax: prepared.db.poolMax },
        campaignId: prepared.campaignId,
        sessionId: prepared.sessionId,
        opensAt: prepared.opensAt.toISOString(),
        kioskToken: prepared.kioskToken,
      },
    });
  });
}

/** Runs autocannon (options as its API takes them) in a child process of its own; resolves with its result. */
export function autocannon(options) {
  const child = fork(here('./load-process.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => (m.error ? reject(new Error(m.error)) : resolve(m)));
    child.once('exit', (code) => code !== 0 && reject(new Error(`autocannon exited with ${code}`)));
    child.send({ kind: 'autocannon', options });
  });
}

/** Raw single-row INSERTs into "Checkin" through node-postgres from a child process: `concurrency` in flight for `seconds`. */
export function rawInserts({ url, poolMax, sessionId, concurrency, seconds, tag }) {
  const child = fork(here('./load-process.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => (m.error ? reject(new Error(m.error)) : resolve(m)));
    child.once('exit', (code) => code !== 0 && reject(new Error(`raw INSERT load exited with ${code}`)));
    child.send({ kind: 'raw', options: { url, poolMax, sessionId, concurrency, seconds, tag } });
  });
}

/** The check-in request as a desk sends it, a new person each time (autocannon puts a fresh id in every `[<id>]`). */
export const checkinRequest = ({ base, sessionId, token }) => ({
  url: `${base}/api/checkin-sessions/${sessionId}/checkins`,
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({ name: '压测[<id>]', deviceKey: 'bench-[<id>]', idempotencyKey: '[<id>]' }),
  idReplacement: true,
});

/**
 * The generator's ceiling: the same request (size, headers, a fresh id in each) at the same
 * connections against a bare node:http server in a child process, in this run. A rate counts
 * only where this ceiling is at least 3 × that rate.
 */
export async function generatorCeiling(bare, { connections, seconds }) {
  const r = await autocannon({ ...checkinRequest({ base: bare.base, sessionId: 'x', token: 'x' }), connections, duration: seconds });
  return r.rate;
}

export const verdict = (ceiling, rate) => (ceiling >= 3 * rate ? 'valid' : 'INVALID: generator-bound');

/** Load average and cores, printed at the top of each benchmark: the figures depend on them. */
export const machineLine = () =>
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, ${os.cpus().length} cores, node ${process.version}`;

/** Room for more sockets than the default 20,000 descriptors, where allowed (root may raise its own hard limit). */
export function raiseFileLimit(pid = process.pid, n = 200_000) {
  const r = spawnSync('prlimit', ['--pid', String(pid), `--nofile=${n}:${n}`], { encoding: 'utf8' });
  return r.status === 0;
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

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** min–max of a list, formatted. */
export const spread = (xs, d = 0) => (xs.length === 1 ? fmt(xs[0], d) : `${fmt(Math.min(...xs), d)}–${fmt(Math.max(...xs), d)}`);

/** Runs a module's worker half with `data` in a worker thread (load on its own core time); resolves with what it posts back. */
export const inWorker = (moduleUrl, data) =>
  new Promise((resolve, reject) => {
    const w = new Worker(new URL(moduleUrl), { workerData: data });
    w.once('message', resolve);
    w.once('error', reject);
  });
