import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type DatabaseHandle } from './database.js';
import { inDistrict, scopedQuery } from './district-scope.js';
import { createPrismaClient, type PrismaClient } from './index.js';
import { CHANGZHOU_CITY_ID } from './tenancy.js';

/**
 * Many districts' work interleaved on one small pool (issue 25, test 5; docs/ARCHITECTURE.md
 * "Tenancy"): each server connection serves one district's transaction after another's, so whatever
 * a transaction left on its connection would show in the next. Every unit of work sees its own
 * district's rows only, and work in no district finds no district set on the connection it is given.
 * The same through PgBouncer in transaction mode, where a connection changes hands at every commit.
 */
const DISTRICTS = 8;
const TOWNS = (i: number) => 2 + (i % 3);
const ROUNDS = 240;

let db: DatabaseHandle;
const districts = Array.from({ length: DISTRICTS }, (_, i) => ({ id: randomUUID(), code: `T${i}`, towns: TOWNS(i) }));

beforeAll(async () => {
  db = await createTestDatabase();
  // Written as the tables' owner; the work below runs as the API's role (db.url), under the policies.
  const pool = new pg.Pool({ connectionString: db.ownerUrl, max: 1 });
  for (const d of districts) {
    await pool.query(`INSERT INTO "District" ("id", "cityId", "code", "name") VALUES ($1, $2, $3, $3 || '区')`, [
      d.id,
      CHANGZHOU_CITY_ID,
      d.code,
    ]);
    for (let t = 0; t < d.towns; t++)
      await pool.query(`INSERT INTO "Town" ("districtId", "id", "name") VALUES ($1, $2, $3)`, [d.id, randomUUID(), `${d.code}-镇${t}`]);
  }
  await pool.end();
}, 60_000);
afterAll(async () => {
  await db?.stop();
});

type Seen = { district: string; rows: { districtId: string; name: string }[]; count: number; setting: string };

/** One unit of district `d`'s work, by one of the three ways the code reaches the database. */
async function work(prisma: PrismaClient, pool: pg.Pool, d: (typeof districts)[number], way: number): Promise<Seen> {
  return inDistrict(d.id, async () => {
    if (way === 0) {
      // Prisma outside a transaction: each query in a transaction of its own.
      const rows = await prisma.town.findMany({ select: { districtId: true, name: true } });
      return { district: d.id, rows, count: await prisma.town.count(), setting: d.id };
    }
    if (way === 1)
      // An interactive transaction: the district is set once, at its start.
      return prisma.$transaction(async (tx) => {
        const [s] = await tx.$queryRaw<{ d: string }[]>`SELECT current_setting('app.district_id', true) AS d`;
        const rows = await tx.town.findMany({ select: { districtId: true, name: true } });
        return { district: d.id, rows, count: await tx.town.count(), setting: s!.d };
      });
    // The raw pool's statements (scopedQuery).
    const r = await scopedQuery<{ districtId: string; name: string; d: string }>(
      pool,
      `SELECT "districtId", "name", current_setting('app.district_id', true) AS d FROM "Town"`,
    );
    return {
      district: d.id,
      rows: r.rows.map(({ districtId, name }) => ({ districtId, name })),
      count: r.rowCount ?? 0,
      setting: r.rows[0]!.d,
    };
  });
}

/** What a query in no district finds on the connection it is given: no district, not the API's role. */
async function unscoped(pool: pg.Pool): Promise<{ setting: string; role: string }> {
  const r = await pool.query<{ d: string | null; u: string }>(
    `SELECT current_setting('app.district_id', true) AS d, current_user::text AS u`,
  );
  return { setting: r.rows[0]!.d ?? '', role: r.rows[0]!.u };
}

/**
 * ROUNDS units of work of mixed districts and ways, `parallel` at a time, with unscoped probes among
 * them (PGlite's one connection queues them all: Prisma gives a transaction 2 s to start).
 */
async function interleave(url: string, connections: number, parallel = ROUNDS) {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  const prisma = createPrismaClient(pool);
  try {
    const results: (Seen | { setting: string; role: string })[] = [];
    for (let from = 0; from < ROUNDS; from += parallel) {
      const jobs: Promise<Seen | { setting: string; role: string }>[] = [];
      for (let i = from; i < Math.min(ROUNDS, from + parallel); i++) {
        const d = districts[(i * 7 + (i >> 3)) % DISTRICTS]!;
        jobs.push(i % 5 === 4 ? unscoped(pool) : work(prisma, pool, d, i % 3));
      }
      results.push(...(await Promise.all(jobs)));
    }
    const seen = results.filter((r): r is Seen => 'district' in r);
    const probes = results.filter((r): r is { setting: string; role: string } => !('district' in r));
    return { seen, probes };
  } finally {
    await prisma.$disconnect();
    await pool.end();
  }
}

function expectIsolated({ seen, probes }: Awaited<ReturnType<typeof interleave>>) {
  expect(seen.length).toBeGreaterThan(ROUNDS / 2);
  const foreign = seen.filter((s) => s.setting !== s.district || s.rows.some((r) => r.districtId !== s.district));
  expect(foreign).toEqual([]);
  for (const s of seen) {
    const d = districts.find((x) => x.id === s.district)!;
    expect(s.count).toBe(d.towns);
    expect(new Set(s.rows.map((r) => r.name.split('-')[0]))).toEqual(new Set([d.code]));
  }
  // Nothing a district's transaction set outlived it on the connection.
  expect(probes.filter((p) => p.setting !== '' || p.role === 'learnweek_app')).toEqual([]);
}

describe('districts interleaved on one pool', () => {
  it('gives each unit of work its own district’s rows only, and leaves nothing on the shared connections', async () => {
    expectIsolated(await (db.kind === 'pglite' ? interleave(db.url, 1, 12) : interleave(db.url, 3)));
  });
});

/** A free TCP port on the loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * PgBouncer (Debian's `pgbouncer`) in transaction mode in front of the test database's server, on a
 * free port: the server connections change hands at every commit. It refuses to run as root, so it
 * runs as the `postgres` user when the tests do.
 */
async function startPgBouncer(serverUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const server = new URL(serverUrl);
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'learnweek-pgbouncer-'));
  const user = decodeURIComponent(server.username || 'postgres');
  writeFileSync(path.join(dir, 'users.txt'), `"${user}" "${decodeURIComponent(server.password)}"\n`);
  writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      'default_pool_size = 2',
      'max_client_conn = 200',
      'ignore_startup_parameters = extra_float_digits,options',
    ].join('\n'),
  );
  chmodSync(dir, 0o755);
  const asUser =
    process.getuid?.() === 0
      ? {
          uid: Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout),
          gid: Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout),
        }
      : {};
  const child: ChildProcess = spawn('pgbouncer', [path.join(dir, 'pgbouncer.ini')], { ...asUser, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (b: Buffer) => (log += b.toString()));
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`pgbouncer exited (${code}): ${log}`)));
    child.stderr!.on('data', () => log.includes('process up') && resolve());
  });
  const url = new URL(serverUrl);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.toString(),
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe.runIf(process.env.DATABASE_URL)('districts interleaved through PgBouncer in transaction mode', () => {
  let bouncer: Awaited<ReturnType<typeof startPgBouncer>>;
  beforeAll(async () => {
    bouncer = await startPgBouncer(db.url);
  }, 30_000);
  afterAll(async () => {
    await bouncer?.stop();
  });

  it('gives each unit of work its own district’s rows only, a server connection serving every district in turn', async () => {
    const result = await interleave(bouncer.url, 12);
    expectIsolated(result);
  });
});
