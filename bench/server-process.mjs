// A server in a process of its own (see startServer in common.mjs): the API (as shipped, or another
// build of it), a bare node:http server, or a bare socket.io server. Told {type:'start', kind, prepared?} on its IPC channel, it answers with its
// URL (and, for the API, a staff token); {type:'close'} stops it (a CPU profile, if asked for, is
// written then).
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchAppOptions, prepareDatabase, raiseFileLimit, staffToken } from './common.mjs';

/** node:http reading the body and answering with a small JSON: the least any check-in server does. */
function bareHttp() {
  return http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { name } = JSON.parse(body);
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ name }));
    });
  });
}

/**
 * socket.io alone: GET /?m=<marker> emits {marker} to the room every client joined; with &n=2 a
 * second event follows, as a check-in's `checkin.stats` follows its `checkin.created`.
 */
async function bareSocketIo() {
  const { Server } = await import('socket.io');
  const server = http.createServer((req, res) => {
    const q = new URL(req.url, 'http://x').searchParams;
    const marker = q.get('m');
    io.to('room').emit('tick', { marker });
    if (q.get('n') === '2') io.to('room').emit('tock', { marker, total: 1 });
    res.end('ok');
  });
  const io = new Server(server, { transports: ['websocket'] });
  io.on('connection', (s) =>
    s.on('join', (_, ack) => {
      void s.join('room');
      ack?.();
    }),
  );
  return server;
}

const listen = (server) =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));

// A parent that died (a failed benchmark) takes its servers with it.
process.once('disconnect', () => process.exit(0));

process.once('message', async ({ kind, prepared: given, dist }) => {
  raiseFileLimit();
  if (kind === 'bare' || kind === 'bare-socket.io') {
    const server = kind === 'bare' ? bareHttp() : await bareSocketIo();
    const base = await listen(server);
    process.send({ base });
    process.on('message', (m) => m.type === 'close' && process.exit(0));
    return;
  }
  const prepared = given
    ? { ...given, opensAt: new Date(given.opensAt), db: { ...given.db, stop: async () => {} } }
    : await prepareDatabase();
  const options = await benchAppOptions(prepared);
  // `dist`: another build of the API (a copy of apps/api/dist with a change to compare, kept under apps/api).
  const { createApp } = await import(dist ? pathToFileURL(path.resolve(dist, 'bootstrap.js')).href : '../apps/api/dist/bootstrap.js');
  const app = await createApp(options);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
  process.send({
    base,
    staffToken: await staffToken(base),
    db: { url: prepared.db.url, kind: prepared.db.kind, poolMax: prepared.db.poolMax },
    campaignId: prepared.campaignId,
    sessionId: prepared.sessionId,
    kioskToken: prepared.kioskToken,
  });
  const inspector = new Session();
  process.on('message', async (m) => {
    // A V8 CPU profile of exactly the measured load (profile-summary.mjs reads it).
    if (m.type === 'profile-start') {
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.setSamplingInterval', { interval: 250 });
      await inspector.post('Profiler.start');
      process.send({ type: 'profiling' });
    }
    if (m.type === 'profile-stop') {
      const { profile } = await inspector.post('Profiler.stop');
      writeFileSync(m.file, JSON.stringify(profile));
      inspector.disconnect();
      process.send({ type: 'profiled', file: m.file });
    }
    // CPU time this process has used (user + system, µs): the bench divides the difference by the requests.
    if (m.type === 'cpu') process.send({ type: 'cpu', micros: process.cpuUsage().user + process.cpuUsage().system });
    if (m.type !== 'close') return;
    await app.close();
    await prepared.db.stop();
    process.exit(0);
  });
});
