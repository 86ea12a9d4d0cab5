// `npm run bench`: every benchmark in turn, each printing its figures beside a baseline measured
// in the same run, the generator's ceiling where HTTP load is involved, and whether its mark is met.
//
//   npm run bench                                   # all (DATABASE_URL for PostgreSQL; ~15 min)
//   node bench/run.mjs --only ingest                # one or more by name, comma-separated
//   node bench/run.mjs --list
//
// Names: ingest (PostgreSQL, 32 and 64 connections, ratio to raw INSERT), ingest-embedded (PGlite,
// as `npm start` runs with no DATABASE_URL), latency (check-in → wall at 5,000 walls, then 20,000
// walls held), console (review list and the 100,000-row schedule export), lighthouse (the phone
// check-in page and the admin's sign-in in Chromium; needs the apps built), city (the city board over
// 100 districts × 500 units, BENCH_DISTRICTS, BENCH_DISTRICT_UNITS). BENCH_SECONDS,
// BENCH_ROUNDS, BENCH_SAMPLES, BENCH_HOLD, BENCH_RUNS size them (see each file).
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const withoutDatabaseUrl = () => {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return env;
};
const benches = {
  ingest: ['checkin-ingest.mjs', () => process.env],
  'ingest-embedded': ['checkin-ingest.mjs', withoutDatabaseUrl],
  latency: ['live-latency.mjs', () => process.env],
  console: ['console.mjs', () => process.env],
  lighthouse: ['lighthouse.mjs', () => process.env],
  city: ['city.mjs', () => process.env],
};

const args = process.argv.slice(2);
if (args.includes('--list')) {
  console.log(Object.keys(benches).join('\n'));
  process.exit(0);
}
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]?.split(',') : undefined;
const names = only ?? Object.keys(benches);
const unknown = names.filter((n) => !(n in benches));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
if (!process.env.DATABASE_URL)
  console.log(
    'DATABASE_URL is not set: the PostgreSQL benchmarks run on PGlite instead (ingest-embedded is the one for the embedded default).',
  );
console.log(
  `${new Date().toISOString()}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (the figures are meaningful on a quiet machine only)\n`,
);
for (const name of names) {
  const [file, env] = benches[name];
  console.log(`== ${name}`);
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(new URL(file, import.meta.url))], { stdio: 'inherit', env: env() });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log('');
}
