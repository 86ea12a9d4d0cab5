// Two builds of the API side by side (BENCH_SERVERS=label:api[:dist],label:api[:dist], a dist copied
// under apps/api so that it finds its packages, e.g. "before:api:apps/api/.dist-before,after:api"):
// the check-in route through each, same database, driven by autocannon in the same run, the two
// alternating so that a busy minute hurts both alike. Prints each run's rate, the API process' CPU
// time per check-in (steadier than rates on a shared machine: it does not count time spent waiting
// for a core) and the ratios, with the generator's ceiling. Not in `npm run bench`: a tool for a change.
//
// BENCH_SECONDS (8), BENCH_ROUNDS (3), BENCH_CONNECTIONS (32,64). Needs DATABASE_URL.
import {
  autocannon,
  checkinRequest,
  fmt,
  generatorCeiling,
  machineLine,
  prepareDatabase,
  spread,
  startServer,
  verdict,
} from './common.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '32,64').split(',').map(Number);
if (!process.env.DATABASE_URL) {
  console.log('compare-builds: skipped (needs DATABASE_URL: both servers share one database)');
  process.exit(0);
}

const specs = (process.env.BENCH_SERVERS ?? '').split(',').map((x) => x.split(':'));
if (specs.length !== 2) throw new Error('BENCH_SERVERS: two servers, label:api[:dist] each');
const prepared = await prepareDatabase();
const bare = await startServer({ kind: 'bare' });
const [A, B] = specs.map(([label]) => label);
const servers = {};
for (const [label, kind, dist] of specs) servers[label] = await startServer({ kind, prepared, dist });
console.log(`${A} vs ${B}: the check-in route, one process each, ${SECONDS} s per run; ${machineLine()}`);

const run = async (server, connections, duration) => {
  const cpu0 = await server.cpuMicros();
  const r = await autocannon({
    ...checkinRequest({ base: server.base, sessionId: server.sessionId, token: server.staffToken }),
    connections,
    duration,
  });
  if (r.non2xx || r.errors || r.timeouts) throw new Error(`${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  return { rate: r.rate, cpu: ((await server.cpuMicros()) - cpu0) / 1000 / r.requests, p99: r.p99 };
};
for (const s of Object.values(servers)) await run(s, CONNECTIONS[0], 3); // warm-up

const results = new Map(CONNECTIONS.map((c) => [c, { [A]: [], [B]: [], ceilings: [] }]));
for (let round = 1; round <= ROUNDS; round++) {
  for (const c of CONNECTIONS) {
    const ceiling = await generatorCeiling(bare, { connections: c, seconds: Math.min(5, SECONDS) });
    const at = results.get(c);
    at.ceilings.push(ceiling);
    const order = round % 2 ? [A, B] : [B, A];
    const line = [];
    for (const name of order) {
      const r = await run(servers[name], c, SECONDS);
      at[name].push(r);
      line.push(`${name} ${fmt(r.rate)}/s, CPU ${fmt(r.cpu, 3)} ms/check-in, p99 ${r.p99} ms — ${verdict(ceiling, r.rate)}`);
    }
    console.log(`  round ${round}, ${c} connections (ceiling ${fmt(ceiling)}/s): ${line.join('; ')}`);
  }
}
for (const [c, at] of results) {
  const rateRatios = at[B].map((b, i) => b.rate / at[A][i].rate);
  const cpuRatios = at[B].map((b, i) => at[A][i].cpu / b.cpu);
  console.log(
    `  ${c} connections: ${A} ${spread(at[A].map((r) => r.rate))}/s (CPU ${spread(
      at[A].map((r) => r.cpu),
      3,
    )} ms), ` +
      `${B} ${spread(at[B].map((r) => r.rate))}/s (CPU ${spread(
        at[B].map((r) => r.cpu),
        3,
      )} ms); ` +
      `rate ${B}/${A} ${spread(rateRatios, 2)}, CPU per check-in ${A}/${B} ${spread(cpuRatios, 2)}`,
  );
}
await Promise.all([...Object.values(servers).map((s) => s.close()), bare.close()]);
await prepared.db.stop();
