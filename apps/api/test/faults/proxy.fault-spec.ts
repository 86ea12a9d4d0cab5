// The shipped proxy configuration itself (infra/nginx.conf, rendered by `npm run cluster` with this
// run's ports and folder, nothing hand-written) in front of two API instances on a private
// PostgreSQL cluster and Redis: the ceremony from the poster. The link read back from the poster's
// PDF is the proxy's address (never the upstream's name), it opens, and the phone's check-in through
// it reaches the wall over a WebSocket upgraded through nginx. X-Forwarded-For reaches the API as
// the client's own address, set by nginx: two clients on different local addresses are limited
// apart, and a client's own X-Forwarded-For / X-Forwarded-Host change nothing.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TCheckinSession, TCreateCheckinResponse, TIssuedKioskDevice, TLinkOrigin } from '@learnweek/contracts';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TClusterLines } from './cluster.js';
import { Wall } from './desk.js';
import { request, startProxied, type TProxied } from './proxied.js';
import { delay, REPO_ROOT } from './rig.js';

const HOUR = 3_600_000;

let p: TProxied;
let lines: TClusterLines;
let session: TCheckinSession;
let kioskToken = '';

const signIn = (username: string, password: string, from: string, headers: Record<string, string> = {}) =>
  request(`${lines.proxy}/api/auth/login`, { method: 'POST', from, headers, body: { username, password } });
const organizerToken = () => p.organizerToken();

beforeAll(async () => {
  p = await startProxied('proxy');
  lines = p.lines;
  const now = Date.now();
  session = await p.call<TCheckinSession>('POST', `/campaigns/${p.campaignId}/checkin-sessions`, {
    name: '启动仪式主会场',
    venue: '区文化馆',
    kind: 'main',
    opensAt: new Date(now - HOUR).toISOString(),
    closesAt: new Date(now + 2 * HOUR).toISOString(),
  });
  kioskToken = (await p.call<TIssuedKioskDevice>('POST', `/campaigns/${p.campaignId}/kiosk-devices`, { name: '主会场大屏' })).token;
});

afterAll(async () => {
  await p?.close();
});

describe('the shipped infra/nginx.conf in front of two instances', () => {
  it('is the file that runs: the generated configuration embeds infra/nginx.conf with only the ports replaced', () => {
    const generated = readFileSync(path.join(lines.logs, 'nginx.conf'), 'utf8');
    const shipped = readFileSync(path.join(REPO_ROOT, 'infra/nginx.conf'), 'utf8');
    // Every line of the shipped file is there, but for the upstreams' addresses and the listen line.
    const kept = shipped.split('\n').filter((l) => !/^\s*server api\d+:3000/.test(l) && !/^\s*listen 80;/.test(l));
    expect(kept.filter((l) => !generated.includes(l))).toEqual([]);
    expect(generated).not.toMatch(/api\d+:3000/);
  });

  it('the poster downloaded through nginx prints the proxy’s address; the link opens and the phone checks in through it; a wall sees it over an upgraded WebSocket', async () => {
    const auth = { Authorization: `Bearer ${await organizerToken()}` };
    // The console's warning: the origin the links are made from, as the API sees it through nginx.
    const origin = await request(`${lines.proxy}/api/link-origin`, { headers: auth });
    expect(origin.status, origin.body).toBe(200);
    expect(JSON.parse(origin.body)).toEqual({ origin: lines.proxy, reach: 'loopback', fromPublicUrl: false } satisfies TLinkOrigin);

    // A client's own X-Forwarded-Host / -Proto are replaced by nginx: the poster still names the proxy.
    const poster = await request(`${lines.proxy}/api/checkin-sessions/${session.id}/poster.pdf`, {
      headers: { ...auth, 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' },
    });
    expect(poster.status, poster.body.slice(0, 200)).toBe(200);
    expect(poster.headers['content-type']).toContain('application/pdf');
    const pdf = path.join(p.rig.dir, 'poster.pdf');
    writeFileSync(pdf, poster.raw);
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    // The link is the poster's last text (printed small under the QR; a long one wraps).
    const link = stdout.slice(stdout.lastIndexOf('http')).replace(/\s+/g, '');
    console.log(`[proxy] poster link: ${link}`);
    expect(link).not.toContain('learnweek_');
    expect(link).toBe(`${lines.proxy}${session.selfCheckinPath}`);

    // The wall follows the session through nginx: WebSocket first, and a polling session upgraded.
    const wall = new Wall(lines.proxy, kioskToken);
    await wall.open();
    const polling = io(`${lines.proxy}/live`, {
      auth: { kioskToken },
      transports: ['polling', 'websocket'],
      reconnection: false,
      forceNew: true,
    });
    try {
      const upgraded = await new Promise<string>((resolve, reject) => {
        polling.io.engine.once('upgrade', (transport: { name: string }) => resolve(transport.name));
        polling.once('connect_error', reject);
      });
      expect(upgraded).toBe('websocket');

      // The phone: the page the link opens, the venue it shows, the check-in it sends.
      const url = new URL(link);
      const page = await request(link, { from: '127.0.0.2' });
      expect(page.status).toBe(200);
      expect(page.body).toContain('<!doctype html>');
      const secret = url.searchParams.get('s')!;
      const venue = await request(`${url.origin}/api/checkin-sessions/${session.id}/public?s=${encodeURIComponent(secret)}`, {
        from: '127.0.0.2',
      });
      expect(venue.status, venue.body).toBe(200);
      const checkin = await request(`${url.origin}/api/checkin-sessions/${session.id}/checkins`, {
        method: 'POST',
        from: '127.0.0.2',
        body: { name: '扫码居民', secret, deviceKey: `phone-${randomUUID()}`, idempotencyKey: `phone-${randomUUID()}` },
      });
      expect(checkin.status, checkin.body).toBe(201);
      const id = (JSON.parse(checkin.body) as TCreateCheckinResponse).checkin.id;
      const t0 = performance.now();
      while (!wall.created.has(id) && performance.now() - t0 < 5_000) await delay(10);
      expect(wall.created.has(id)).toBe(true);
    } finally {
      polling.close();
      wall.close();
    }
  });

  it('X-Forwarded-For is the client’s address, set by nginx: 30 wrong passwords from 127.0.0.2 (each naming another X-Forwarded-For) stop 127.0.0.2, not 127.0.0.3', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 31; i++)
      answers.push((await signIn(`made-up-${i}`, 'not-the-password', '127.0.0.2', { 'X-Forwarded-For': `198.51.100.${i + 1}` })).status);
    console.log(
      `[proxy] wrong passwords from 127.0.0.2: ${answers.filter((s) => s === 401).length} × 401, then ${answers.slice(30).join(',')}`,
    );
    expect(answers.slice(0, 30)).toEqual(Array(30).fill(401));
    // The 31st from the same address is refused, whatever X-Forwarded-For it sent…
    expect(answers[30]).toBe(429);
    expect((await signIn('organizer', p.password, '127.0.0.2', { 'X-Forwarded-For': '203.0.113.9' })).status).toBe(429);
    // …while another address signs in with the right password.
    expect((await signIn('organizer', p.password, '127.0.0.3')).status).toBe(200);
  });
});
