// Check-in → screen latency with many screens connected, against a bare socket.io server in the
// same process doing the least possible: an HTTP request that makes it emit to a room of the
// same size. Prints p50/p99 of both and the ratio of the p99s, then how many sockets were held.
import http from 'node:http';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { fmt, quantile, startBench } from './common.mjs';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const HOLD = Number(process.env.BENCH_HOLD ?? 10_000);

/** Opens `n` screens in child processes of at most 5,000 each; resolves when all are subscribed. */
async function screensAt(url, auth, n, subscribe) {
  const children = [];
  for (let left = n; left > 0; left -= 5_000) {
    const child = fork(new URL('./screens.mjs', import.meta.url), [url, String(Math.min(5_000, left)), JSON.stringify(auth), JSON.stringify(subscribe)]);
    children.push(child);
    await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`screens exited with ${code}`)));
    });
  }
  return { close: () => Promise.all(children.map((c) => new Promise((r) => (c.once('exit', r), c.send('close'))))) };
}

/** The one screen the benchmark watches, in this process. */
async function probeAt(url, auth, subscribe) {
  const s = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise((resolve, reject) => {
    s.once('connect', () => s.emit(...subscribe, () => resolve()));
    s.once('connect_error', reject);
  });
  return s;
}

async function measure(label, probe, eventName, trigger, samples = SAMPLES) {
  const latencies = [];
  for (let k = 0; k < samples; k++) {
    const id = randomUUID();
    const got = new Promise((resolve) => {
      const on = (e) => {
        if (e.data?.marker === id || e.data?.maskedName === `压*${id.slice(-1)}` || e.marker === id) {
          probe.off(eventName, on);
          resolve();
        }
      };
      probe.on(eventName, on);
    });
    const t0 = performance.now();
    await trigger(id);
    await got;
    latencies.push(performance.now() - t0);
  }
  const p50 = quantile(latencies, 0.5);
  const p99 = quantile(latencies, 0.99);
  console.log(`  ${label}: p50 ${fmt(p50, 1)} ms, p99 ${fmt(p99, 1)} ms`);
  return { p50, p99 };
}

// The bare baseline: socket.io alone.
const bareHttp = http.createServer((req, res) => {
  const marker = new URL(req.url, 'http://x').searchParams.get('m');
  bare.to('room').emit('tick', { marker });
  res.end('ok');
});
const bare = new Server(bareHttp, { transports: ['websocket'] });
bare.on('connection', (s) =>
  s.on('join', (_, ack) => {
    void s.join('room');
    ack?.();
  }),
);
await new Promise((r) => bareHttp.listen(0, '127.0.0.1', r));
const bareUrl = `http://127.0.0.1:${bareHttp.address().port}`;

const env = await startBench();
console.log(`check-in → screen latency, ${SOCKETS} screens connected, ${SAMPLES} samples, database: ${env.db.kind}`);
const live = `${env.base}/live`;
const screenAuth = { kioskToken: env.kioskToken };
const subscribe = ['subscribe', { campaignId: env.campaignId }];
const screens = await screensAt(live, screenAuth, SOCKETS, subscribe);
const probe = await probeAt(live, screenAuth, subscribe);
const bareScreens = await screensAt(bareUrl, {}, SOCKETS, ['join', {}]);
const bareProbe = await probeAt(bareUrl, {}, ['join', {}]);

const base = await measure('bare socket.io emit', bareProbe, 'tick', (m) => fetch(`${bareUrl}/?m=${m}`).then((r) => r.text()));
const checkin = (m) =>
  fetch(`${env.base}/api/checkin-sessions/${env.sessionId}/checkins`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${env.staffToken}` },
    body: JSON.stringify({ name: `压测${m.slice(-1)}`, deviceKey: `lat-${m}`, idempotencyKey: m }),
  }).then((r) => r.text());
const ours = await measure('learnweek check-in', probe, 'checkin.created', checkin);
console.log(`  ratio p99 ${fmt(ours.p99 / base.p99, 2)} (target ≤ 3.00); p50 ${fmt(ours.p50 / base.p50, 2)}`);
await Promise.all([screens.close(), bareScreens.close()]);

// Capacity: how many screens one API instance holds while every check-in still reaches them.
if (HOLD > 0) {
  const held = await screensAt(live, screenAuth, HOLD, subscribe);
  const full = await measure(`learnweek check-in, ${fmt(HOLD + 1)} screens`, probe, 'checkin.created', checkin, 20);
  console.log(`  sockets held by one API instance: ${fmt(HOLD + 1)} (target 10,000), every check-in delivered (p99 ${fmt(full.p99, 1)} ms)`);
  await held.close();
}
probe.close();
bareProbe.close();
bare.close();
await env.close();
process.exit(0);
