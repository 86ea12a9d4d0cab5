import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import type { ClientToServerEvents, ServerToClientEvents, TLiveEnvelope, TSubscribeReply } from '@learnweek/contracts';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock/clock.js';
import { setup, startApp, type TestApp } from './harness.js';

/**
 * Two instances share a private Redis (redis-server, started by the test) that goes away and comes
 * back: the screens of the instance that may have missed broadcasts are told to catch up, and
 * catch up from the outbox.
 */

let t: Awaited<ReturnType<typeof setup>>;
let sessionId: string;
let port: number;
let redis: ChildProcess | undefined;
const KIOSK = 'kiosk-token-resync';
const NOW = new Date('2017-10-01T02:00:00Z');

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const p = (server.address() as net.AddressInfo).port;
  server.close();
  await once(server, 'close');
  return p;
}

/** Starts redis-server on `port` (no persistence) and resolves once it accepts connections. */
async function startRedis(): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
  });
  child.removeAllListeners('exit');
  return child;
}

async function stopRedis() {
  if (!redis || redis.exitCode !== null) return;
  const exited = once(redis, 'exit');
  redis.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  port = await freePort();
  redis = await startRedis();
  t = await setup({ clock: new ManualClock(NOW) });
  sessionId = (
    await t.prisma.checkinSession.create({
      data: {
        campaignId: t.fixture.campaignId,
        name: '主会场',
        venue: '春江镇社区教育中心',
        kind: 'main',
        qrSecret: 'venue-secret-resync-01234',
        opensAt: new Date('2017-10-01T00:00:00Z'),
        closesAt: new Date('2017-10-01T08:00:00Z'),
      },
    })
  ).id;
  await t.prisma.user.create({
    data: {
      username: 'staff',
      displayName: '签到志愿者',
      roles: ['checkinStaff'],
      passwordHash: (await t.prisma.user.findFirstOrThrow()).passwordHash,
    },
  });
  await t.prisma.kioskDevice.create({
    data: { campaignId: t.fixture.campaignId, name: '大屏', tokenHash: createHash('sha256').update(KIOSK).digest('hex') },
  });
});
afterAll(async () => {
  await t?.teardown();
  await stopRedis();
});

async function checkin(app: TestApp, staff: string, name: string) {
  const r = await app.http
    .post(`/api/checkin-sessions/${sessionId}/checkins`)
    .set({ Authorization: `Bearer ${staff}` })
    .send({ name, idempotencyKey: `k-${randomUUID()}` });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

describe('after a Redis outage', () => {
  it('tells the screens to catch up, and their next subscribe brings what they missed', async () => {
    const url = `redis://127.0.0.1:${port}`;
    const a = await startApp(t.db, { redisUrl: url, clock: t.clock });
    const b = await startApp(t.db, { redisUrl: url, clock: t.clock });
    const base = (await b.app.getUrl()).replace('[::1]', '127.0.0.1');
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${base}/live`, {
      auth: { kioskToken: KIOSK },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    const names: string[] = [];
    let lastSeq = 0;
    const arrivals: (() => void)[] = [];
    socket.on('checkin.created', (e: TLiveEnvelope<'checkin.created'>) => {
      lastSeq = Math.max(lastSeq, e.seq);
      if (!names.includes(e.data.maskedName)) names.push(e.data.maskedName);
      for (const f of arrivals.splice(0)) f();
    });
    const until = async (pred: () => boolean) => {
      while (!pred()) await new Promise<void>((resolve) => arrivals.push(resolve));
    };
    const resyncs: number[] = [];
    // Each instance tells its screens when its own side is back (its subscriber, or its publisher after
    // a lost publish), in either order: a screen subscribes again from its last seq every time, as the
    // wall does. The first one is answered by the test itself, below.
    const resynced = new Promise<void>((resolve) =>
      socket.on('live.resync', () => {
        if (resyncs.push(lastSeq) === 1) return resolve();
        // A later resync's subscribe may still await its answer when the test closes the socket: its
        // rejection ("socket has been disconnected") is no failure of the test.
        socket.emitWithAck('subscribe', { campaignId: t.fixture.campaignId, sinceSeq: lastSeq }).catch(() => undefined);
      }),
    );
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const first = (await socket.emitWithAck('subscribe', { campaignId: t.fixture.campaignId })) as TSubscribeReply;
      expect(first).toMatchObject({ ok: true });
      lastSeq = first.lastSeq;
      const staff = await a.login('staff');

      await checkin(a, staff, '王小明');
      await until(() => names.includes('王*明'));

      // Redis goes away; a check-in on the other instance cannot reach this screen's instance.
      await stopRedis();
      await checkin(a, staff, '李四');
      redis = await startRedis();

      await resynced;
      expect(resyncs.length).toBeGreaterThan(0);
      // What the screen does on live.resync: subscribe again from the last seq it saw.
      const again = (await socket.emitWithAck('subscribe', { campaignId: t.fixture.campaignId, sinceSeq: lastSeq })) as TSubscribeReply;
      expect(again).toMatchObject({ ok: true });
      await until(() => names.includes('李*'));
      expect(names).toEqual(['王*明', '李*']);

      // And the stream flows again across instances.
      await checkin(a, staff, '赵一');
      await until(() => names.includes('赵*'));
    } finally {
      socket.close();
      await a.close();
      await b.close();
    }
  });
});
