// Check-in ingest rate through the whole API (HTTP, validation, unique-person insert, counter,
// outbox rows, live publish) against raw single-row INSERTs into the same table of the same
// PostgreSQL, through the same driver at the same concurrency. The load (both kinds) comes from
// a worker thread, so the client's own CPU is not charged to the server's event loop. Prints the ratio.
import { randomUUID } from 'node:crypto';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { fmt, throughput } from './common.mjs';

if (isMainThread) {
  const { inWorker, startBench } = await import('./common.mjs');
  const N = Number(process.env.BENCH_CHECKINS ?? 3_000);
  const env = await startBench();
  const load = (job) => inWorker(import.meta.url, { ...job, N, url: env.db.url, poolMax: env.db.poolMax, base: env.base, sessionId: env.sessionId, token: env.staffToken });
  console.log(`check-in ingest, ${N} check-ins per run, database: ${env.db.kind}`);
  for (const c of [32, 64]) {
    const raw = await load({ kind: 'raw', concurrency: c });
    const api = await load({ kind: 'api', concurrency: c });
    console.log(`  concurrency ${c}: raw INSERT ${fmt(raw)}/s, API check-in ${fmt(api)}/s, ratio ${fmt(api / raw, 2)} (target ≥ 0.60 and ≥ 2,000/s)`);
  }
  await env.close();
} else {
  const { kind, concurrency: c, N, url, poolMax, base, sessionId, token } = workerData;
  const tag = `${kind}${c}`;
  let rate;
  if (kind === 'raw') {
    const pool = new pg.Pool({ connectionString: url, max: poolMax });
    rate = await throughput(N, c, (i) =>
      pool.query(
        `INSERT INTO "Checkin" ("id","sessionId","personKey","idempotencyKey","name","isResident","source","at") VALUES (gen_random_uuid(), $1, $2, $3, $4, true, 'staff', now())`,
        [sessionId, `raw:${tag}:${i}`, `raw-${tag}-${i}`, `基线${i}`],
      ),
    );
    await pool.end();
  } else {
    rate = await throughput(N, c, async (i) => {
      const res = await fetch(`${base}/api/checkin-sessions/${sessionId}/checkins`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ name: `压测${tag}${i}`, deviceKey: `bench-${tag}-${i}`, idempotencyKey: `${tag}-${i}-${randomUUID()}` }),
      });
      if (res.status !== 201) throw new Error(`check-in ${i}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    });
  }
  parentPort.postMessage(rate);
}
