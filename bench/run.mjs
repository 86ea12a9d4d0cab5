// `npm run bench`: every benchmark in turn (each prints its figures and a same-run baseline).
// BENCH_SOCKETS, BENCH_SAMPLES and BENCH_CHECKINS size them; DATABASE_URL picks the database.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

for (const name of ['checkin-ingest.mjs', 'live-latency.mjs']) {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL(name, import.meta.url))], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
