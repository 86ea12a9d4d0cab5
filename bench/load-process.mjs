// The load, in a process of its own so that its CPU is never the server's (see common.mjs):
//  - {kind:'autocannon', options}: autocannon's API; answers {rate (2xx per second), non2xx, errors, p50, p99};
//  - {kind:'raw', options}: single-row INSERTs into "Checkin" through node-postgres, `concurrency`
//    in flight for `seconds` on a pool as large as the API's; answers {rate}.
import autocannon from 'autocannon';
import pg from 'pg';

async function runAutocannon(options) {
  const r = await autocannon({ ...options, setupClient: undefined });
  return {
    rate: r['2xx'] / r.duration,
    requests: r.requests.total,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    p50: r.latency.p50,
    p99: r.latency.p99,
  };
}

async function runRaw({ url, poolMax, sessionId, concurrency, seconds, tag }) {
  const pool = new pg.Pool({ connectionString: url, max: poolMax });
  let n = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const i = n++;
        await pool.query(
          `INSERT INTO "Checkin" ("id","sessionId","personKey","idempotencyKey","name","isResident","source","at") VALUES (gen_random_uuid(), $1, $2, $3, $4, true, 'staff', now())`,
          [sessionId, `raw:${tag}:${i}`, `raw-${tag}-${i}`, `基线${i}`],
        );
      }
    }),
  );
  const rate = n / ((performance.now() - t0) / 1000);
  await pool.end();
  return { rate };
}

process.once('disconnect', () => process.exit(0));

process.once('message', async ({ kind, options }) => {
  let answer;
  try {
    answer = kind === 'raw' ? await runRaw(options) : await runAutocannon(options);
  } catch (err) {
    answer = { error: err instanceof Error ? err.message : String(err) };
  }
  process.send(answer, () => process.exit(0));
});
