import { randomUUID } from 'node:crypto';
import {
  DEVICE_OFFLINE_ALERT_MS,
  type TCheckinSession,
  type THeartbeat,
  type THeartbeatReply,
  type TIssuedKioskDevice,
  type TKioskDevice,
  type TKioskWall,
} from '@learnweek/contracts';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PresenceService } from '../src/modules/checkin/presence/presence.service.js';
import { bearer, setup } from './harness.js';
import { startSmtp } from './smtp.js';

const PUBLIC_URL = 'https://learnweek.example.cn';
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let t: Awaited<ReturnType<typeof setup>>;
let main: TCheckinSession;
let sub: TCheckinSession;
const sockets: Socket[] = [];
const window = { opensAt: '2017-10-25T00:00:00.000Z', closesAt: '2017-10-25T06:00:00.000Z' };

beforeAll(async () => {
  smtp = await startSmtp();
  t = await setup({ env: { SMTP_URL: `${smtp.url}?from=xxzx@example.cn`, PUBLIC_URL } });
  await t.prisma.user.update({ where: { username: 'organizer' }, data: { email: 'zuzhiban@example.cn' } });
  t.clock.set('2017-10-25T01:00:00Z'); // inside the sessions' window
  const url = `/api/campaigns/${t.fixture.campaignId}/checkin-sessions`;
  const organizer = await t.as('organizer');
  main = (
    await t.http
      .post(url)
      .set(organizer)
      .send({ name: '主会场', venue: '区文化馆', kind: 'main', ...window })
      .expect(201)
  ).body as TCheckinSession;
  sub = (
    await t.http
      .post(url)
      .set(organizer)
      .send({ name: '分会场', venue: '孟河镇文化站', kind: 'sub', ...window })
      .expect(201)
  ).body as TCheckinSession;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.teardown();
  await smtp?.close();
});

const issue = async (body: Record<string, unknown>) => {
  const r = await t.http
    .post(`/api/campaigns/${t.fixture.campaignId}/kiosk-devices`)
    .set(await t.as('organizer'))
    .send(body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as TIssuedKioskDevice;
};
const devices = async () =>
  (
    (
      await t.http
        .get(`/api/campaigns/${t.fixture.campaignId}/kiosk-devices`)
        .set(await t.as('organizer'))
        .expect(200)
    ).body as { items: TKioskDevice[] }
  ).items;
const checkin = (sessionId: string, auth: Record<string, string>, extra: Record<string, unknown> = {}) =>
  t.http
    .post(`/api/checkin-sessions/${sessionId}/checkins`)
    .set(auth)
    .send({ name: '王小明', unitId: t.fixture.units.school.id, idempotencyKey: `k-${randomUUID()}`, ...extra });

async function connect(auth: Record<string, string>): Promise<Socket> {
  const url = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  const socket = io(`${url}/live`, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}
const beat = (socket: Socket, body: THeartbeat | Record<string, unknown>) =>
  socket.timeout(5_000).emitWithAck('heartbeat', body) as Promise<THeartbeatReply>;

describe('desk links', () => {
  it('are issued per venue with an absolute link, only their hash kept, audited', async () => {
    const bad = await t.http
      .post(`/api/campaigns/${t.fixture.campaignId}/kiosk-devices`)
      .set(await t.as('organizer'))
      .send({ name: '签到台 1', kind: 'desk' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'sessionId', message: '签到台链接须选择会场' }]);
    const { device, token, url } = await issue({ name: '分会场签到台 1', kind: 'desk', sessionId: sub.id });
    expect(url).toBe(`${PUBLIC_URL}/kiosk/checkin/${sub.id}?d=${token}`);
    expect(device).toMatchObject({
      kind: 'desk',
      sessionId: sub.id,
      venue: '孟河镇文化站',
      online: false,
      expiresAt: '2017-10-26T06:00:00.000Z',
    });
    expect(await t.prisma.kioskDevice.count({ where: { tokenHash: token } })).toBe(0);
    expect(await t.prisma.auditEntry.count({ where: { kind: 'desk.issued', target: '分会场签到台 1' } })).toBe(1);
  });

  it('check people in at their own venue only, and can do nothing else', async () => {
    const { token } = await issue({ name: '分会场签到台 2', kind: 'desk', sessionId: sub.id });
    const desk = bearer(token);
    // Its own venue: the venue, the pre-registered list and a check-in without the QR's secret, as staff (the scan's moment kept).
    await t.http.get(`/api/checkin-sessions/${sub.id}/public`).set(desk).expect(200);
    await t.http.get(`/api/checkin-sessions/${sub.id}/attendees`).set(desk).expect(200);
    const scannedAt = new Date(t.clock.now().getTime() - 5 * 60_000).toISOString();
    const r = await checkin(sub.id, desk, { scannedAt });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.checkin).toMatchObject({ source: 'staff', at: scannedAt });
    // Another venue: refused, even with that venue's secret.
    const secret = new URL(main.selfCheckinPath, PUBLIC_URL).searchParams.get('s')!;
    await checkin(main.id, desk, { secret }).expect(403);
    await t.http.get(`/api/checkin-sessions/${main.id}/public`).set(desk).expect(403);
    await t.http.get(`/api/checkin-sessions/${main.id}/attendees`).set(desk).expect(403);
    // Nothing else: not the console's reads, not a screen's wall or figures, not a sign-in's.
    for (const path of [
      `/api/campaigns/${t.fixture.campaignId}/kiosk-devices`,
      `/api/campaigns/${t.fixture.campaignId}/checkin-sessions`,
      `/api/campaigns/${t.fixture.campaignId}/checkin-figures`,
      `/api/checkin-sessions/${sub.id}/checkins`,
      `/api/checkin-sessions/${sub.id}/stats`,
      '/api/kiosk/wall',
      '/api/auth/me',
    ]) {
      expect((await t.http.get(path).set(desk)).status, path).toBe(403);
    }
    await t.http.post(`/api/campaigns/${t.fixture.campaignId}/kiosk-devices`).set(desk).send({ name: 'x' }).expect(403);
    // On the live feed it follows nothing.
    const socket = await connect({ kioskToken: token });
    expect(await socket.timeout(5_000).emitWithAck('subscribe', { campaignId: t.fixture.campaignId })).toMatchObject({
      ok: false,
      error: 'forbidden',
    });
    expect(await socket.timeout(5_000).emitWithAck('subscribe', { checkinSessionId: sub.id })).toMatchObject({
      ok: false,
      error: 'forbidden',
    });
    socket.close();
  });

  it('stop working when revoked, and after the ceremony days, saying so', async () => {
    const revoked = await issue({ name: '分会场签到台 3', kind: 'desk', sessionId: sub.id });
    await checkin(sub.id, bearer(revoked.token)).expect(201);
    await t.http
      .delete(`/api/kiosk-devices/${revoked.device.id}`)
      .set(await t.as('organizer'))
      .expect(200);
    const r = await checkin(sub.id, bearer(revoked.token));
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ code: 'deskLinkEnded', message: '签到台链接已失效（已吊销或签到日已过），请向组织者索取新链接' });
    expect(await t.prisma.auditEntry.count({ where: { kind: 'desk.revoked', target: '分会场签到台 3' } })).toBe(1);

    const { token, device } = await issue({ name: '分会场签到台 4', kind: 'desk', sessionId: sub.id });
    const before = t.clock.now();
    t.clock.set(new Date(Date.parse(device.expiresAt!) - 1));
    await t.http.get(`/api/checkin-sessions/${sub.id}/public`).set(bearer(token)).expect(200);
    t.clock.set(device.expiresAt!);
    expect((await t.http.get(`/api/checkin-sessions/${sub.id}/public`).set(bearer(token))).body).toMatchObject({ code: 'deskLinkEnded' });
    t.clock.set(before);
  });
});

describe('the control room', () => {
  it('gives a screen its venue: its QR and name, the link absolute', async () => {
    const { token, device } = await issue({ name: '分会场大屏', sessionId: sub.id });
    expect(device).toMatchObject({ kind: 'screen', sessionId: sub.id, venue: '孟河镇文化站', expiresAt: null });
    const wall = (await t.http.get('/api/kiosk/wall').set(bearer(token)).expect(200)).body as TKioskWall;
    expect(wall.screen).toMatchObject({
      sessionId: sub.id,
      venue: '孟河镇文化站',
      kind: 'sub',
      checkinUrl: `${PUBLIC_URL}${sub.selfCheckinPath}`,
    });
    // Arrivals as received: a desk's queue synced late comes first, although scanned earlier.
    const staff = await t.as('organizer');
    t.clock.advance(1_000);
    await checkin(sub.id, staff, { name: '赵一' }).expect(201);
    t.clock.advance(1_000);
    await checkin(sub.id, staff, { name: '钱二', scannedAt: new Date(t.clock.now().getTime() - 10 * 60_000).toISOString() }).expect(201);
    const after = (await t.http.get('/api/kiosk/wall').set(bearer(token)).expect(200)).body as TKioskWall;
    expect(after.newest.slice(0, 2).map((n) => n.maskedName)).toEqual(['钱*', '赵*']);
    // Towns count people (each once), as the headline does.
    expect(after.byTown.reduce((n, x) => n + x.count, 0)).toBe(after.people);
    // Without a venue named, the main venue.
    const other = await issue({ name: '主会场大屏' });
    expect(other.device.sessionId).toBe(main.id);
  });

  it('shows screens and desks online from their heartbeats, offline once their page closes, and tells the organizers of an outage once', async () => {
    // The devices of the tests above were never opened: out of this one.
    await t.prisma.kioskDevice.updateMany({ data: { revokedAt: t.clock.now() } });
    const screen = await issue({ name: '孟河大屏', sessionId: sub.id });
    const desk = await issue({ name: '孟河签到台', kind: 'desk', sessionId: sub.id });
    const screenSocket = await connect({ kioskToken: screen.token });
    const deskSocket = await connect({ kioskToken: desk.token });
    const lastSyncAt = new Date(t.clock.now().getTime() - 30_000).toISOString();
    expect(await beat(screenSocket, { version: '0.9.0' })).toEqual({ ok: true });
    expect(await beat(deskSocket, { version: '0.9.0', queueLength: 3, lastSyncAt })).toEqual({ ok: true });
    expect(await beat(deskSocket, { version: '', queueLength: -1 })).toEqual({ ok: false, error: 'badRequest' });
    const user = await connect({ token: await t.login('organizer') });
    expect(await beat(user, { version: '0.9.0' })).toEqual({ ok: false, error: 'forbidden' });

    const seen = t.clock.now().toISOString();
    const byId = async () => new Map((await devices()).map((d) => [d.id, d]));
    let now = await byId();
    expect(now.get(screen.device.id)).toMatchObject({
      online: true,
      lastSeenAt: seen,
      version: '0.9.0',
      queueLength: null,
      venue: '孟河镇文化站',
    });
    expect(now.get(desk.device.id)).toMatchObject({ online: true, lastSeenAt: seen, queueLength: 3, lastSyncAt });

    // The wall's page closes: offline at once.
    const gone = t.prisma.kioskDevice;
    screenSocket.close();
    for (let i = 0; i < 1_000 && !(await gone.findUniqueOrThrow({ where: { id: screen.device.id } })).disconnectedAt; i++)
      await new Promise((r) => setImmediate(r));
    now = await byId();
    expect(now.get(screen.device.id)).toMatchObject({ online: false, lastSeenAt: seen });
    expect(now.get(desk.device.id)).toMatchObject({ online: true });

    // No alert within the minute; past it, one, for the screen only (the desk's last heartbeat is recent enough).
    const presence = t.app.get(PresenceService);
    const notices = () => t.prisma.notification.findMany({ where: { kind: 'deviceOffline' }, orderBy: { createdAt: 'asc' } });
    const alertedBefore = (await notices()).length;
    t.clock.advance(DEVICE_OFFLINE_ALERT_MS);
    expect(await presence.alertOffline()).toBe(0);
    t.clock.advance(1_000);
    const sent = smtp.attempts;
    expect(await presence.alertOffline()).toBe(1);
    const fresh = (await notices()).slice(alertedBefore);
    expect(fresh.map((n) => n.title)).toEqual(['大屏「孟河大屏」（孟河镇文化站）已离线']);
    await smtp.waitForAttempts(sent + 1);
    expect(smtp.received.at(-1)).toMatchObject({ to: 'zuzhiban@example.cn', subject: '大屏「孟河大屏」（孟河镇文化站）已离线' });
    expect(smtp.received.at(-1)!.text).toContain(`${PUBLIC_URL}/admin/campaigns/${t.fixture.campaignId}/checkin`);
    // Once per outage.
    expect(await presence.alertOffline()).toBe(0);
    // The desk, silent since: offline 40 s after its last heartbeat, reported a minute after that.
    now = await byId();
    expect(now.get(desk.device.id)).toMatchObject({ online: false });
    t.clock.advance(40_000);
    expect(await presence.alertOffline()).toBe(1);
    expect((await notices()).slice(alertedBefore).map((n) => n.title)).toEqual([
      '大屏「孟河大屏」（孟河镇文化站）已离线',
      '签到台「孟河签到台」（孟河镇文化站）已离线',
    ]);

    // Back: online again, and a new outage is reported again.
    const back = await connect({ kioskToken: screen.token });
    expect(await beat(back, { version: '0.9.1' })).toEqual({ ok: true });
    expect((await byId()).get(screen.device.id)).toMatchObject({ online: true, version: '0.9.1' });
    expect((await t.prisma.kioskDevice.findUniqueOrThrow({ where: { id: screen.device.id } })).offlineAlertedAt).toBeNull();
    // After the session closes nothing is reported.
    back.close();
    deskSocket.close();
    t.clock.set('2017-10-25T06:00:01Z');
    expect(await presence.alertOffline()).toBe(0);
    t.clock.set('2017-10-25T01:00:00Z');
  });
});
