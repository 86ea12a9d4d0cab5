import { createHash, randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock/clock.js';
import { bearer, setup } from './harness.js';

/** The ceremony's check-in window (6 h, longer than the test's JWT_TTL of 1 h), and a moment inside it. */
const OPENS = new Date('2017-10-25T00:00:00Z');
const CLOSES = new Date('2017-10-25T06:00:00Z');
const DURING = new Date('2017-10-25T01:00:00Z');
/** JWT_TTL in tests (harness.ts). */
const TTL_MS = 3_600_000;
const SECRET = 'venue-secret-expiry-0123';
const SCREEN = 'screen-token-expiry-tests';

let t: Awaited<ReturnType<typeof setup>>;
let sessionId: string;

beforeAll(async () => {
  t = await setup({ clock: new ManualClock(DURING) });
  sessionId = await t.newCheckinSession({ venue: '春江镇', qrSecret: SECRET, opensAt: OPENS, closesAt: CLOSES });
  await t.prisma.user.create({
    data: {
      username: 'staff',
      displayName: '签到志愿者',
      roles: ['checkinStaff'],
      passwordHash: (await t.prisma.user.findFirstOrThrow()).passwordHash,
    },
  });
  await t.prisma.kioskDevice.create({
    data: { campaignId: t.fixture.campaignId, name: '大屏', tokenHash: createHash('sha256').update(SCREEN).digest('hex') },
  });
});
afterAll(async () => {
  await t?.teardown();
});

/** What a desk calls with its token: a check-in, the phone page's data, the sessions, the stats, the list, who it is. */
function deskCalls(auth: { Authorization: string }) {
  return {
    checkIn: () =>
      t.http
        .post(`/api/checkin-sessions/${sessionId}/checkins`)
        .set(auth)
        .send({ name: '王晓明', idempotencyKey: `k-${randomUUID()}` }),
    publicInfo: () => t.http.get(`/api/checkin-sessions/${sessionId}/public`).set(auth),
    sessions: () => t.http.get(`/api/campaigns/${t.fixture.campaignId}/checkin-sessions`).set(auth),
    stats: () => t.http.get(`/api/checkin-sessions/${sessionId}/stats`).set(auth),
    attendees: () => t.http.get(`/api/checkin-sessions/${sessionId}/attendees`).set(auth),
    me: () => t.http.get('/api/auth/me').set(auth),
  };
}

/** The socket's refusal (connect_error), or 'connected'. */
async function handshake(auth: Record<string, string>) {
  const url = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  const socket = io(`${url}/live`, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    return await new Promise<{ message: string; data?: unknown } | 'connected'>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (err: Error & { data?: unknown }) => resolve({ message: err.message, data: err.data }));
    });
  } finally {
    socket.close();
  }
}

describe('a desk whose sign-in has expired', () => {
  it('is answered 401 tokenExpired on every route it calls and on the socket, never 403, once the clock passes JWT_TTL', async () => {
    const token = await t.login('staff');
    const calls = deskCalls(bearer(token));
    for (const [name, call] of Object.entries(calls)) expect((await call()).status, name).toBeLessThan(300);
    expect(await handshake({ token })).toBe('connected');

    t.clock.advance(TTL_MS);
    for (const [name, call] of Object.entries(calls)) {
      const r = await call();
      expect({ name, status: r.status, code: r.body.code }).toEqual({ name, status: 401, code: 'tokenExpired' });
      expect(r.body.message).toBe('登录已过期，请重新登录');
    }
    expect(await handshake({ token })).toEqual({ message: 'unauthorized', data: { status: 401, code: 'tokenExpired' } });
    // Signing in again is all it takes.
    t.clock.advance(1_000);
    expect((await deskCalls(bearer(await t.login('staff'))).checkIn()).status).toBe(201);
  });

  it('is 401 for a token that cannot be verified, on a public route too, where no token at all is only anonymous', async () => {
    const forged = deskCalls(bearer('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'));
    for (const call of [forged.checkIn, forged.publicInfo, forged.sessions, forged.me]) expect((await call()).status).toBe(401);
    // Without a token, the phone page's data needs the venue secret: 403, the answer to an anonymous caller.
    expect((await t.http.get(`/api/checkin-sessions/${sessionId}/public`)).status).toBe(403);
    expect((await t.http.get(`/api/checkin-sessions/${sessionId}/public`).query({ s: SECRET })).status).toBe(200);
    expect(await handshake({ token: 'not-a-token' })).toEqual({ message: 'unauthorized', data: { status: 401, code: 'unauthorized' } });
  });

  it('keeps 403 for a valid principal lacking the right: staff on the organiser’s list, a screen on a staff route', async () => {
    const staff = await t.as('staff');
    expect((await t.http.get(`/api/checkin-sessions/${sessionId}/checkins`).set(staff)).status).toBe(403);
    const screen = deskCalls(bearer(SCREEN));
    expect((await screen.stats()).status).toBe(200);
    expect((await screen.attendees()).status).toBe(403);
    expect(await handshake({ kioskToken: SCREEN })).toBe('connected');
  });
});
