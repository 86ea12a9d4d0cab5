// Check-in ingest through the whole API (HTTP, auth, validation, the group-commit write with its
// counter and outbox rows, the live publish) in a process of its own, driven by autocannon from
// another process (staff token, a new person in every request), against raw single-row INSERTs
// into the same table through node-postgres (a pool as large as the API's, the same number in
// flight) in the same run. Each round prints the generator's ceiling (the same requests against a
// bare node:http server, also a process of its own), the raw INSERT rate, the API's rate and the
// ratio; an API rate counts only where the ceiling is ≥ 3 × it.
//
// BENCH_SECONDS (10) per measurement, BENCH_ROUNDS (3), BENCH_CONNECTIONS (32,64),
// BENCH_PROFILE=<dir> (a V8 CPU profile of the API process, summarised by profile-summary.mjs). Without DATABASE_URL the API runs on the
// embedded PGlite in its own process, as `npm start` does; the target there is ≥ 300 check-ins/s.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import {
  autocannon,
  checkinRequest,
  fmt,
  generatorCeiling,
  machineLine,
  median,
  rawInserts,
  spread,
  startServer,
  verdict,
} from './common.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '32,64').split(',').map(Number);
const RATIO_TARGET = 0.6;
const EMBEDDED_TARGET = 300;

const bare = await startServer({ kind: 'bare' });
const api = await startServer({ kind: 'api' });
const PROFILE = process.env.BENCH_PROFILE;
if (PROFILE) mkdirSync(PROFILE, { recursive: true });
const embedded = api.db.kind === 'pglite';
console.log(
  `check-in ingest (the API as shipped, on Fastify), one API process, database: ${embedded ? 'embedded PGlite' : 'PostgreSQL'}; ${machineLine()}`,
);
const request = checkinRequest({ base: api.base, sessionId: api.sessionId, token: api.staffToken });

// Groups written (one checkin.stats per session per group): the group commit's mean size.
const pool = new pg.Pool({ connectionString: api.db.ownerUrl, max: 1 });
const outboxCounts = async () => {
  const { rows } = await pool.query(
    `SELECT count(*) FILTER (WHERE type = 'checkin.created')::int AS created, count(*) FILTER (WHERE type = 'checkin.stats')::int AS groups FROM "OutboxEvent"`,
  );
  return rows[0];
};

// Warm-up: JIT, plans, the pool's connections.
const warm = await autocannon({ ...request, connections: CONNECTIONS[0], duration: Math.min(3, SECONDS) });
if (warm.non2xx || warm.errors) throw new Error(`warm-up: ${warm.non2xx} non-2xx, ${warm.errors} errors`);
let accepted = warm.ok;
// Requests still in flight when a run stops are written but never answered to autocannon.
let inFlightAtStops = CONNECTIONS[0];

/** Each run starts from the same state: the previous run's dirty pages written out. */
const settle = async () => {
  try {
    await pool.query('CHECKPOINT');
  } catch {
    // not allowed (no superuser): the runs alternate anyway
  }
};
const measureRaw = async (c, tag) => {
  await settle();
  return (
    await rawInserts({ url: api.db.ownerUrl, poolMax: api.db.poolMax, sessionId: api.sessionId, concurrency: c, seconds: SECONDS, tag })
  ).rate;
};
const measureApi = async (c, profile) => {
  await settle();
  const before = await outboxCounts();
  const cpu0 = await api.cpuMicros();
  const run = () => autocannon({ ...request, connections: c, duration: SECONDS });
  const r = profile ? await api.profiled(profile, run) : await run();
  if (r.non2xx || r.errors || r.timeouts)
    throw new Error(`API at ${c} connections: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  const cpu = ((await api.cpuMicros()) - cpu0) / 1000 / r.requests;
  const after = await outboxCounts();
  accepted += r.ok;
  inFlightAtStops += c;
  return { ...r, cpu, groupSize: (after.created - before.created) / Math.max(1, after.groups - before.groups) };
};

const results = new Map(CONNECTIONS.map((c) => [c, []]));
for (let round = 1; round <= ROUNDS; round++) {
  for (const c of CONNECTIONS) {
    const ceiling = await generatorCeiling(bare, { connections: c, seconds: Math.min(5, SECONDS) });
    const profile = PROFILE && path.join(PROFILE, `ingest-${c}-r${round}.cpuprofile`);
    // Which goes first alternates, so that neither always runs in the wake of the other.
    let raw, r;
    if (round % 2) {
      raw = await measureRaw(c, `${round}-${c}`);
      r = await measureApi(c, profile);
    } else {
      r = await measureApi(c, profile);
      raw = await measureRaw(c, `${round}-${c}`);
    }
    const v = verdict(ceiling, r.rate);
    results.get(c).push({ ceiling, raw, api: r.rate, ratio: r.rate / raw, valid: v === 'valid', cpu: r.cpu });
    console.log(
      `  round ${round}, ${c} connections: generator ceiling ${fmt(ceiling)}/s; raw INSERT ${fmt(raw)}/s; API check-in ${fmt(r.rate)}/s ` +
        `(p50 ${r.p50} ms, p99 ${r.p99} ms; API CPU ${fmt(r.cpu, 3)} ms per check-in, ${fmt(r.groupSize, 1)} per group) — ${v}; ratio ${fmt(r.rate / raw, 2)}`,
    );
  }
}

// Every accepted check-in is one row, counted once.
const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "Checkin" WHERE "personKey" LIKE 'device:bench-%'`);
await pool.end();
const extra = rows[0].n - accepted;
console.log(
  `  rows written by the API: ${fmt(rows[0].n)}, check-ins answered 201: ${fmt(accepted)} — ` +
    (extra >= 0 && extra <= inFlightAtStops
      ? `consistent (${extra} in flight when a run stopped, at most ${inFlightAtStops})`
      : 'INCONSISTENT'),
);

for (const [c, rs] of results) {
  const valid = rs.filter((r) => r.valid);
  const ratios = valid.map((r) => r.ratio);
  // Judged on the median of the valid rounds (a busy minute moves single rounds both ways); the spread is printed beside it.
  const met = embedded
    ? valid.length > 0 && median(valid.map((r) => r.api)) >= EMBEDDED_TARGET
    : valid.length > 0 && median(ratios) >= RATIO_TARGET;
  console.log(
    `  ${c} connections over ${rs.length} rounds: ceiling ${spread(rs.map((r) => r.ceiling))}/s, raw INSERT ${spread(rs.map((r) => r.raw))}/s, API ${spread(rs.map((r) => r.api))}/s (CPU ${spread(
      rs.map((r) => r.cpu),
      3,
    )} ms each), ` +
      `ratio ${spread(
        rs.map((r) => r.ratio),
        2,
      )} (median of valid rounds ${valid.length ? fmt(median(ratios), 2) : '—'}); ${valid.length}/${rs.length} valid; ` +
      (embedded ? `target ≥ ${EMBEDDED_TARGET}/s on the embedded database` : `target ratio ≥ ${RATIO_TARGET}`) +
      ` — ${valid.length === 0 ? 'NO VALID RUN' : met ? 'met' : 'NOT MET'}`,
  );
}
await Promise.all([api.close(), bare.close()]);
