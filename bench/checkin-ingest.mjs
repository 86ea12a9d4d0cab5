// Check-in ingest rate through the whole API (HTTP, validation, unique-person insert, two
// outbox rows, live publish) against raw single-row INSERTs into the same table of the same
// PostgreSQL, through the same driver at the same concurrency. Prints the ratio.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { fmt, startBench, throughput } from './common.mjs';

const N = Number(process.env.BENCH_CHECKINS ?? 3_000);
const env = await startBench();
const pool = new pg.Pool({ connectionString: env.db.url, max: env.db.poolMax });

async function post(i, tag) {
  const body = JSON.stringify({ name: `压测${tag}${i}`, deviceKey: `bench-${tag}-${i}`, idempotencyKey: `${tag}-${i}-${randomUUID()}` });
  const res = await fetch(`${env.base}/api/checkin-sessions/${env.sessionId}/checkins`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${env.staffToken}` },
    body,
  });
  if (res.status !== 201) throw new Error(`check-in ${i}: ${res.status} ${await res.text()}`);
}

async function insert(i, tag) {
  await pool.query(
    `INSERT INTO "Checkin" ("id","sessionId","personKey","idempotencyKey","name","isResident","source","at") VALUES (gen_random_uuid(), $1, $2, $3, $4, true, 'staff', now())`,
    [env.sessionId, `raw:${tag}:${i}`, `raw-${tag}-${i}`, `基线${i}`],
  );
}

console.log(`check-in ingest, ${N} check-ins per run, database: ${env.db.kind}`);
const rows = [];
for (const c of [32, 64]) {
  const raw = await throughput(N, c, (i) => insert(i, `r${c}`));
  const api = await throughput(N, c, (i) => post(i, `a${c}`));
  rows.push({ concurrency: c, raw, api, ratio: api / raw });
  console.log(`  concurrency ${c}: raw INSERT ${fmt(raw)}/s, API check-in ${fmt(api)}/s, ratio ${fmt(api / raw, 2)} (target ≥ 0.60 and ≥ 2,000/s)`);
}
await pool.end();
await env.close();
