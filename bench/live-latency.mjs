// Check-in → wall latency with many walls connected, against a bare socket.io server doing the
// least possible (an HTTP request that makes it emit to a room of the same size), then how many
// walls one API instance holds with every check-in delivered to every one of them.
//
// Each server runs in a process of its own (bench/server-process.mjs), the walls in child
// processes of 5,000 each (bench/screens.mjs), the probe (the wall whose latency is timed) and the
// trigger (one request at a time) in this one: no client work is charged to a server's event loop.
//
// BENCH_SOCKETS (5,000) walls for the latency ratio (target p99 ≤ 2 × bare), BENCH_SAMPLES (200),
// BENCH_HOLD (20,000) walls for the capacity run (0: skipped), BENCH_HOLD_CHECKINS (20).
import { randomUUID } from 'node:crypto';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { io } from 'socket.io-client';
import { benchScreen, fmt, issueScreens, machineLine, prepareDatabase, quantile, raiseFileLimit, startServer, verdict } from './common.mjs';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 5_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const HOLD = Number(process.env.BENCH_HOLD ?? 20_000);
const HOLD_CHECKINS = Number(process.env.BENCH_HOLD_CHECKINS ?? 20);
const RATIO_TARGET = 2;
const PER_CHILD = 5_000;
raiseFileLimit();

/** Opens `n` walls in child processes of at most 5,000 each (`{i}` in `auth`: from `first` on); resolves when all are subscribed. */
async function wallsAt(url, auth, n, subscribe, counted, first = 0) {
  const children = [];
  for (let left = n; left > 0; left -= PER_CHILD) {
    const child = fork(new URL('./screens.mjs', import.meta.url), [
      url,
      String(Math.min(PER_CHILD, left)),
      JSON.stringify(auth),
      JSON.stringify(subscribe),
      counted,
      String(first + n - left),
    ]);
    children.push(child);
    await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`walls exited with ${code}`)));
    });
    child.removeAllListeners('exit');
  }
  return {
    /** The fewest events any wall has received, the total, and how many are still connected. */
    count: async () => {
      const counts = await Promise.all(
        children.map(
          (c) =>
            new Promise((resolve) => {
              const on = (m) => m?.type === 'count' && (c.off('message', on), resolve(m));
              c.on('message', on);
              c.send({ type: 'count' });
            }),
        ),
      );
      return {
        least: Math.min(...counts.map((x) => x.least)),
        total: counts.reduce((a, x) => a + x.total, 0),
        connected: counts.reduce((a, x) => a + x.connected, 0),
      };
    },
    close: () => Promise.all(children.map((c) => new Promise((r) => (c.once('exit', r), c.send('close'))))),
  };
}

/** A process' hard limit on open descriptors (Linux), or Infinity where it cannot be read. */
function descriptorLimit(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    return Number(line.trim().split(/\s+/)[4]);
  } catch {
    return Infinity;
  }
}

/** The one wall the benchmark watches, in this process. */
async function probeAt(url, auth, subscribe) {
  const s = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise((resolve, reject) => {
    s.once('connect', () => s.emit(...subscribe, () => resolve()));
    s.once('connect_error', reject);
  });
  return s;
}

async function measure(label, probe, eventName, trigger, samples) {
  const latencies = [];
  const t0 = performance.now();
  for (let k = 0; k < samples; k++) {
    const id = randomUUID();
    const got = new Promise((resolve) => {
      const on = (e) => {
        if (e.data?.maskedName === `压*${id.slice(-1)}` || e.marker === id) {
          probe.off(eventName, on);
          resolve();
        }
      };
      probe.on(eventName, on);
    });
    const t = performance.now();
    await trigger(id);
    await got;
    latencies.push(performance.now() - t);
  }
  const rate = samples / ((performance.now() - t0) / 1000);
  const p50 = quantile(latencies, 0.5);
  const p99 = quantile(latencies, 0.99);
  console.log(`  ${label}: p50 ${fmt(p50, 1)} ms, p99 ${fmt(p99, 1)} ms (${samples} samples, ${fmt(rate, 1)}/s)`);
  return { p50, p99, rate };
}

/** The trigger's own ceiling: one request at a time from this process against a bare node:http server. */
async function sequentialCeiling(bare, n = 500) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    await (
      await fetch(`${bare.base}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `压测${i}` }),
      })
    ).text();
  }
  return n / ((performance.now() - t0) / 1000);
}

const prepared = await prepareDatabase();
await issueScreens(prepared, SOCKETS + 1 + HOLD + 1);
const [api, bareIo, bareHttp] = await Promise.all([
  startServer({ kind: 'api', prepared }),
  startServer({ kind: 'bare-socket.io' }),
  startServer({ kind: 'bare' }),
]);
console.log(`check-in → wall latency, ${fmt(SOCKETS)} walls, database: ${prepared.db.kind}; ${machineLine()}`);
const ceiling = await sequentialCeiling(bareHttp);
console.log(`  generator ceiling (one request at a time, as the samples are sent): ${fmt(ceiling)}/s`);

const live = `${api.base}/live`;
// A screen of its own for each wall, as an organizer issues them: screen i's token is benchScreen(i).
const wallAuth = { kioskToken: benchScreen('{i}') };
const screenAuth = (i) => ({ kioskToken: benchScreen(i) });
const subscribe = ['subscribe', { campaignId: api.campaignId }];
const checkin = (m) =>
  fetch(`${api.base}/api/checkin-sessions/${api.sessionId}/checkins`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${api.staffToken}` },
    body: JSON.stringify({ name: `压测${m.slice(-1)}`, deviceKey: `lat-${m}`, idempotencyKey: m }),
  }).then(async (r) => {
    if (r.status !== 201) throw new Error(`check-in: ${r.status} ${await r.text()}`);
    await r.arrayBuffer();
  });
const emit = (m) => fetch(`${bareIo.base}/?m=${m}`).then((r) => r.text());

// Latency: bare and learnweek, the same number of walls each (one server at a time).
const bareWalls = await wallsAt(bareIo.base, {}, SOCKETS, ['join', {}], 'tick');
const bareProbe = await probeAt(bareIo.base, {}, ['join', {}]);
await measure('bare socket.io (warm-up)', bareProbe, 'tick', emit, 20);
const base = await measure('bare socket.io emit', bareProbe, 'tick', emit, SAMPLES);
// What a check-in asks of the feed: two events to every wall (checkin.created, then checkin.stats).
const base2 = await measure(
  'bare socket.io, two events per trigger',
  bareProbe,
  'tick',
  (m) => fetch(`${bareIo.base}/?m=${m}&n=2`).then((r) => r.text()),
  SAMPLES,
);
bareProbe.close();
await bareWalls.close();

const walls = await wallsAt(live, wallAuth, SOCKETS, subscribe, 'checkin.created');
const probe = await probeAt(live, screenAuth(SOCKETS), subscribe);
await measure('learnweek check-in (warm-up)', probe, 'checkin.created', checkin, 20);
const before = await walls.count();
const timed = () => measure('learnweek check-in', probe, 'checkin.created', checkin, SAMPLES);
// BENCH_PROFILE=<dir>: a CPU profile of the API process while the samples run.
const ours = process.env.BENCH_PROFILE
  ? await api.profiled(path.join(process.env.BENCH_PROFILE, `latency-${SOCKETS}.cpuprofile`), timed)
  : await timed();
const after = await walls.count();
const ratio = ours.p99 / base.p99;
console.log(
  `  ratio p99 ${fmt(ratio, 2)} (target ≤ ${fmt(RATIO_TARGET, 2)}) — ${ratio <= RATIO_TARGET ? 'met' : 'NOT MET'}; p50 ${fmt(ours.p50 / base.p50, 2)}; ` +
    `every wall got every check-in: ${after.least - before.least >= SAMPLES && after.connected === SOCKETS ? 'yes' : 'NO'} ` +
    `(${fmt(after.total - before.total)} deliveries to ${fmt(after.connected)} walls); trigger ${verdict(ceiling, ours.rate)}`,
);
console.log(
  `  against bare socket.io sending the same two events: ratio p99 ${fmt(ours.p99 / base2.p99, 2)}, p50 ${fmt(ours.p50 / base2.p50, 2)}`,
);
probe.close();
await walls.close();

// Capacity: how many walls one API instance holds while every check-in still reaches every one.
// Each wall is a descriptor of the API process: where its limit is lower than the target (a limit
// that only a privileged process may raise), the run holds what the limit allows and says so.
const limit = descriptorLimit(api.pid);
const holdable = Math.min(HOLD, limit - 200);
if (HOLD > 0 && holdable < HOLD) {
  console.log(
    `  the API process may open at most ${fmt(limit)} descriptors here (hard limit, not raisable by this user): ${fmt(HOLD)} walls cannot be held; holding ${fmt(holdable)} — target NOT MEASURABLE on this machine`,
  );
}
if (HOLD > 0) {
  const HOLD_N = holdable;
  const t0 = performance.now();
  const held = await wallsAt(live, wallAuth, HOLD_N, subscribe, 'checkin.created', SOCKETS + 1);
  const holdProbe = await probeAt(live, screenAuth(SOCKETS + 1 + HOLD_N), subscribe);
  console.log(`  ${fmt(HOLD_N + 1)} walls connected and subscribed in ${fmt((performance.now() - t0) / 1000, 1)} s`);
  const full = await measure(`learnweek check-in, ${fmt(HOLD_N + 1)} walls`, holdProbe, 'checkin.created', checkin, HOLD_CHECKINS);
  // The probe has its last one; the others may still be on their way.
  let got;
  const deadline = performance.now() + 30_000;
  do got = await held.count();
  while (got.least < HOLD_CHECKINS && performance.now() < deadline && (await new Promise((r) => setTimeout(r, 200, true))));
  const every = got.least >= HOLD_CHECKINS && got.connected === HOLD_N;
  console.log(
    `  walls held by one API instance: ${fmt(got.connected + 1)} of ${fmt(HOLD_N + 1)} connected (target 20,000); ${fmt(got.total)} of ${fmt(HOLD_N * HOLD_CHECKINS)} deliveries ` +
      `— ${every ? 'every check-in reached every wall' : 'SOME MISSED'} (p99 ${fmt(full.p99, 1)} ms to the last-joined wall)`,
  );
  holdProbe.close();
  await held.close();
}
await Promise.all([api.close(), bareIo.close(), bareHttp.close()]);
await prepared.db.stop();
process.exit(0);
