// The ceiling the check-in ingest runs under on this machine: the same load generator (a worker
// thread, fetch, 32/64 concurrent clients, the check-in's body) against a bare node:http server
// and a bare Express app that answer 201 without doing anything. Whatever the API does on top
// (auth, validation, the write, the feed) comes out of what these leave.
import http from 'node:http';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import express from 'express';
import { fmt, inWorker, throughput } from './common.mjs';

if (isMainThread) {
  const N = Number(process.env.BENCH_REQUESTS ?? 20_000);
  const bare = (req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { name } = JSON.parse(body);
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ name }));
    });
  };
  const app = express();
  app.use(express.json());
  app.post('/x', (req, res) => res.status(201).json({ name: req.body.name }));
  for (const [label, handler] of [['bare node:http', bare], ['bare Express', app]]) {
    const server = http.createServer(handler);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    for (const c of [32, 64]) {
      const rate = await inWorker(import.meta.url, { base: `http://127.0.0.1:${server.address().port}`, c, N });
      console.log(`  ${label}, concurrency ${c}: ${fmt(rate)}/s`);
    }
    server.close();
  }
} else {
  const { base, c, N } = workerData;
  const rate = await throughput(N, c, async (i) => {
    const res = await fetch(`${base}/x`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer x' },
      body: JSON.stringify({ name: `压测${i}`, deviceKey: `bench-ceiling-${i}`, idempotencyKey: `ceiling-${i}-0000` }),
    });
    await res.arrayBuffer();
  });
  parentPort.postMessage(rate);
}
