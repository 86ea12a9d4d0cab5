// `npm run bench`: every benchmark in turn (each prints its figures and a same-run baseline):
// the HTTP ceiling of this machine, ingest, then latency with 1,000 and with 5,000 screens (the second also holds 10,000 sockets),
// then the console at district scale (20,000-participation list, 100,000-row export).
// BENCH_SAMPLES, BENCH_CHECKINS and BENCH_HOLD size them; DATABASE_URL picks the database.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = [
  ['http-ceiling.mjs', {}],
  ['checkin-ingest.mjs', {}],
  ['live-latency.mjs', { BENCH_SOCKETS: '1000', BENCH_HOLD: '0' }],
  ['live-latency.mjs', { BENCH_SOCKETS: '5000' }],
  ['console.mjs', {}],
];
for (const [name, env] of runs) {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(new URL(name, import.meta.url))], { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
