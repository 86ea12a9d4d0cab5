// Check-in → screen latency with many screens connected, against a bare socket.io server in the
// same process doing the least possible: an HTTP request that makes it emit to a room of the
// same size. Prints p50/p99 of both and the ratio of the p99s, then how many sockets were held.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { fmt, quantile, startBench } from './common.mjs';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);

async function connectMany(url, auth, n, subscribe) {
  const sockets = [];
  for (let i = 0; i < n; i += 100) {
    const batch = Array.from({ length: Math.min(100, n - i) }, () => {
      const s = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
      sockets.push(s);
      return new Promise((resolve, reject) => {
        s.once('connect', () => (subscribe ? s.emit(...subscribe, () => resolve()) : resolve()));
        s.once('connect_error', reject);
      });
    });
    await Promise.all(batch);
  }
  return sockets;
}

async function measure(label, probe, eventName, trigger) {
  const latencies = [];
  for (let k = 0; k < SAMPLES; k++) {
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
const screens = await connectMany(live, { kioskToken: env.kioskToken }, SOCKETS, ['subscribe', { campaignId: env.campaignId }]);
const [probe] = await connectMany(live, { kioskToken: env.kioskToken }, 1, ['subscribe', { campaignId: env.campaignId }]);
const bareScreens = await connectMany(bareUrl, {}, SOCKETS, ['join', {}]);
const [bareProbe] = await connectMany(bareUrl, {}, 1, ['join', {}]);

const base = await measure('bare socket.io emit', bareProbe, 'tick', (m) => fetch(`${bareUrl}/?m=${m}`).then((r) => r.text()));
const ours = await measure('learnweek check-in', probe, 'checkin.created', (m) =>
  fetch(`${env.base}/api/checkin-sessions/${env.sessionId}/checkins`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${env.staffToken}` },
    body: JSON.stringify({ name: `压测${m.slice(-1)}`, deviceKey: `lat-${m}`, idempotencyKey: m }),
  }).then((r) => r.text()),
);
console.log(`  ratio p99 ${fmt(ours.p99 / base.p99, 2)} (target ≤ 3.00); p50 ${fmt(ours.p50 / base.p50, 2)}`);
console.log(`  sockets held by the API instance: ${fmt(screens.length + 1)}`);

for (const s of [...screens, probe, ...bareScreens, bareProbe]) s.close();
bare.close();
await env.close();
process.exit(0);
