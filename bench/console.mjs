// The console at district scale: 20,000 participations (a campaign of 20,000 units) with
// 100,000 schedule rows, and a second campaign of 4,000 units with 20,000 rows.
//  - Participation list (the review list): p50/p95 over filtered, paged requests through the
//    whole API, against the same page read by one raw SQL statement through pg (same run).
//  - Row-level security's cost on that list (docs/ARCHITECTURE.md, Tenancy): the same requests with the
//    district tables' policies as shipped and switched off, same build, same run, rounds interleaved.
//  - Schedule export (.xlsx, streamed): wall time for 100,000 rows against reading the same rows
//    raw; the live heap the export holds at 20,000 and at 100,000 rows (flat = about equal).
// Run with --expose-gc (npm run bench does).
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import pg from 'pg';
import { fmt, machineLine, quantile, startBench } from './common.mjs';

const BIG = Number(process.env.BENCH_UNITS ?? 20_000);
const SMALL = Math.round(BIG / 5);
const PER_UNIT = 5;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 400);

// BENCH_PARTS=list,rls,export (all by default).
const PARTS = (process.env.BENCH_PARTS ?? 'list,rls,export').split(',');
const env = await startBench();
console.log(machineLine());

async function profiled(file, during) {
  mkdirSync(path.dirname(file), { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const result = await during();
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  return result;
}
const pool = new pg.Pool({ connectionString: env.db.ownerUrl, max: 4 });
console.log(`console at scale, database: ${env.db.kind}`);

// --- Seed: units in the demo towns, two campaigns, participations in a mix of states, 5 activities each.
const STATES = ['invited', 'drafting', 'planSubmitted', 'planReturned', 'planApproved'];
const KINDS = ['school', 'communityCentre', 'trainingCollege', 'nonDegree', 'publicVenue', 'other'];
const TYPES = [
  'lecture',
  'training',
  'visit',
  'forum',
  'openDay',
  'themeDay',
  'reading',
  'volunteer',
  'classMeeting',
  'poster',
  'freeClass',
  'other',
];
const t0 = performance.now();
await pool.query(
  `INSERT INTO "Unit" (id, code, name, kind, "townId", "updatedAt")
   SELECT gen_random_uuid(), 'BENCH-' || lpad(i::text, 6, '0'), '压测单位' || i || (ARRAY['小学','社区教育中心','培训学院','培训学校','图书馆','单位'])[1 + i % 6],
          ($1::text[])[1 + i % 6], (SELECT id FROM "Town" ORDER BY "sortNo", name OFFSET (i % (SELECT count(*) FROM "Town")) LIMIT 1), now()
     FROM generate_series(1, $2::int) i`,
  [KINDS, BIG],
);
const campaigns = [];
for (const [title, n] of [
  [`压测${BIG}`, BIG],
  [`压测${SMALL}`, SMALL],
]) {
  const { rows } = await pool.query(
    `INSERT INTO "Campaign" (id, year, title, theme, status, "planDueAt", "weekStartsAt", "weekEndsAt", "launchAt", "launchVenue", "summaryDueAt", rules, "updatedAt")
     SELECT gen_random_uuid(), 2999, $1, theme, 'published', "planDueAt", "weekStartsAt", "weekEndsAt", "launchAt", "launchVenue", "summaryDueAt", rules, now()
       FROM "Campaign" WHERE id = $2 RETURNING id, "weekStartsAt"`,
    [title, env.campaignId],
  );
  const c = rows[0];
  await pool.query(
    `INSERT INTO "Participation" (id, "campaignId", "unitId", "machineId", "machineVersion", snapshot, state, "latePlan", "updatedAt")
     SELECT gen_random_uuid(), $1, u.id, 'participation', 1, '{}'::jsonb, ($2::text[])[1 + (row_number() OVER (ORDER BY u.code))::int % 5], random() < 0.1, now()
       FROM "Unit" u WHERE u.code LIKE 'BENCH-%' ORDER BY u.code LIMIT $3`,
    [c.id, STATES, n],
  );
  await pool.query(
    `INSERT INTO "Activity" (id, "participationId", "sortNo", title, type, "startsAt", "endsAt", place, audiences, "expectedParticipants", "personInCharge", phone, free, "updatedAt")
     SELECT gen_random_uuid(), p.id, k, '终身学习活动第' || k || '场', ($2::text[])[1 + (k * 7 + length(p.id::text)) % 12],
            $3::timestamptz + (k || ' hours')::interval, $3::timestamptz + ((k + 2) || ' hours')::interval, '社区活动室', ARRAY['residents','elderly'],
            30 + k, '王老师', '0519-85123456', k % 2 = 0, now()
       FROM "Participation" p, generate_series(1, ${PER_UNIT}) k WHERE p."campaignId" = $1`,
    [c.id, TYPES, c.weekStartsAt],
  );
  campaigns.push({ id: c.id, participations: n, rows: n * PER_UNIT });
}
await pool.query('ANALYZE');
console.log(
  `  seeded ${fmt(BIG + SMALL)} participations and ${fmt((BIG + SMALL) * PER_UNIT)} activities in ${fmt((performance.now() - t0) / 1000, 1)} s`,
);

const login = await fetch(`${env.base}/api/auth/login`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ username: 'approver', password: 'demo1234' }),
});
const auth = { Authorization: `Bearer ${(await login.json()).accessToken}` };
const big = campaigns[0];

// --- The review list: what approvers click through. Each sample is one filter and page.
const towns = (await pool.query('SELECT name FROM "Town"')).rows.map((r) => r.name);
const queries = Array.from({ length: SAMPLES }, (_, i) => {
  const q = { page: String(1 + ((i * 37) % 200)), pageSize: '20' };
  if (i % 4 === 1) q.state = STATES[i % 5];
  if (i % 4 === 2) Object.assign(q, { kind: KINDS[i % 6], town: towns[i % towns.length], page: String(1 + (i % 5)) });
  if (i % 4 === 3) Object.assign(q, { q: `压测单位${(i * 13) % BIG}`, page: '1' });
  if (i % 8 === 0) Object.assign(q, { late: 'true', page: String(1 + (i % 10)) });
  return q;
});
const timeAll = async (fn) => {
  const ms = [];
  for (const q of queries) {
    const s = performance.now();
    await fn(q);
    ms.push(performance.now() - s);
  }
  return ms;
};
const api = async (q) => {
  const r = await fetch(`${env.base}/api/campaigns/${big.id}/participations?${new URLSearchParams(q)}`, { headers: auth });
  if (r.status !== 200) throw new Error(`list ${r.status} ${await r.text()}`);
  await r.json();
};
// The same page as one statement: filter, count, join, order, limit.
const raw = async (q) => {
  const args = [big.id];
  const where = ['p."campaignId" = $1'];
  if (q.state) where.push(`p.state = $${args.push(q.state)}`);
  if (q.kind) where.push(`u.kind = $${args.push(q.kind)}`);
  if (q.town) where.push(`t.name = $${args.push(q.town)}`);
  if (q.q) where.push(`(u.name ILIKE $${args.push(`%${q.q}%`)} OR u.code ILIKE $${args.length})`);
  if (q.late) where.push('(p."latePlan" OR p."lateSummary")');
  const from = `FROM "Participation" p JOIN "Unit" u ON u.id = p."unitId" JOIN "Town" t ON t.id = u."townId" WHERE ${where.join(' AND ')}`;
  await pool.query(`SELECT count(*) ${from}`, args);
  await pool.query(
    `SELECT p.*, u.code, u.name, u.kind, t.name AS town ${from} ORDER BY u.code LIMIT 20 OFFSET ${(Number(q.page) - 1) * 20}`,
    args,
  );
};
if (PARTS.includes('list')) {
  await timeAll(api); // warm-up: plans cached, JIT warm
  const rawMs = await timeAll(raw);
  const apiMs = await timeAll(api);
  console.log(
    `  participations list over ${fmt(BIG)}: API p50 ${fmt(quantile(apiMs, 0.5), 1)} ms, p95 ${fmt(quantile(apiMs, 0.95), 1)} ms (target ≤ 50 ms); ` +
      `raw SQL p95 ${fmt(quantile(rawMs, 0.95), 1)} ms; ratio ${fmt(quantile(apiMs, 0.95) / quantile(rawMs, 0.95), 2)}`,
  );
}

// --- Row-level security: an approver's requests run as learnweek_app in their district, under the
// policies; the baseline is the same requests with the policies off (DISABLE ROW LEVEL SECURITY on
// every district table: the same build and the same round trips, no policy to evaluate).
if (PARTS.includes('rls')) {
  const { DISTRICT_TABLES } = await import('@learnweek/db');
  const policies = (on) =>
    pool.query(DISTRICT_TABLES.map((t) => `ALTER TABLE "${t}" ${on ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`).join('; '));
  const on = [];
  const off = [];
  await timeAll(api);
  try {
    for (let round = 0; round < 3; round++) {
      on.push(...(await timeAll(api)));
      await policies(false);
      off.push(...(await timeAll(api)));
      await policies(true);
    }
  } finally {
    await policies(true);
  }
  const ratio = quantile(on, 0.95) / quantile(off, 0.95);
  console.log(
    `  row-level security on the list: p95 ${fmt(quantile(on, 0.95), 1)} ms with the policies, ${fmt(quantile(off, 0.95), 1)} ms without ` +
      `(p50 ${fmt(quantile(on, 0.5), 1)} / ${fmt(quantile(off, 0.5), 1)} ms); ratio ${fmt(ratio, 2)} (target ≤ 1.10) — ${ratio <= 1.1 ? 'met' : 'NOT MET'}`,
  );
}

// --- The schedule export, streamed; the server runs in this process, so its memory is ours.
// Timed runs sample nothing; a second run of each size forces a collection every 100 ms and
// records the live heap: what the export holds, not the garbage it leaves for later.
async function exportRun(c, { retained = false } = {}) {
  global.gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = retained
    ? setInterval(() => {
        global.gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }, 100)
    : undefined;
  const s = performance.now();
  const r = await fetch(`${env.base}/api/campaigns/${c.id}/exports/schedule.xlsx`, { headers: auth });
  let bytes = 0;
  for await (const chunk of r.body) bytes += chunk.length;
  const seconds = (performance.now() - s) / 1000;
  clearInterval(sampler);
  if (r.status !== 200) throw new Error(`export ${r.status}`);
  return { seconds, bytes, held: (peak - base) / 1_048_576 };
}
const rawRead = async (c) => {
  const s = performance.now();
  await pool.query(
    `SELECT t.name, u.name, a.* FROM "Activity" a JOIN "Participation" p ON p.id = a."participationId" JOIN "Unit" u ON u.id = p."unitId" JOIN "Town" t ON t.id = u."townId"
      WHERE p."campaignId" = $1 ORDER BY u.code, a."sortNo"`,
    [c.id],
  );
  return (performance.now() - s) / 1000;
};
if (PARTS.includes('export')) {
  const small = await exportRun(campaigns[1]);
  // BENCH_PROFILE=<dir>: a CPU profile of this process (the API is in it) while the big export runs.
  const full = process.env.BENCH_PROFILE
    ? await profiled(path.join(process.env.BENCH_PROFILE, 'export.cpuprofile'), () => exportRun(big))
    : await exportRun(big);
  const again = await exportRun(big);
  const smallHeld = await exportRun(campaigns[1], { retained: true });
  const fullHeld = await exportRun(big, { retained: true });
  const baseline = await rawRead(big);
  const best = Math.min(full.seconds, again.seconds);
  console.log(
    `  schedule export: ${fmt(campaigns[1].rows)} rows in ${fmt(small.seconds, 2)} s, ${fmt(big.rows)} rows in ${fmt(full.seconds, 2)} s and ${fmt(again.seconds, 2)} s ` +
      `(${fmt(full.bytes / 1_048_576, 1)} MB) (target ≤ 5 s) — ${Math.max(full.seconds, again.seconds) <= 5 ? 'met' : 'NOT MET'}`,
  );
  const flat = fullHeld.held <= 1.5 * Math.max(smallHeld.held, 4);
  console.log(
    `  live heap held while exporting: ${fmt(smallHeld.held, 1)} MB for ${fmt(campaigns[1].rows)} rows, ${fmt(fullHeld.held, 1)} MB for ${fmt(big.rows)} rows — ${flat ? 'flat' : 'NOT FLAT'}`,
  );
  console.log(
    `  raw read of the same ${fmt(big.rows)} rows into memory: ${fmt(baseline, 2)} s; export/raw ratio ${fmt(best / baseline, 1)}`,
  );
}

await pool.end();
await env.close();
