import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TCheckinSession, TIssuedKioskDevice, TLinkOrigin, TListCheckinsResponse } from '@learnweek/contracts';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binary, readXlsxElsewhere } from './files.js';
import { setup, startApp } from './harness.js';

let t: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  t = await setup();
});
afterAll(async () => {
  await t?.teardown();
});
const window = { opensAt: '2017-10-25T00:00:00.000Z', closesAt: '2017-10-25T06:00:00.000Z' };

/** A venue of its own made by the organizer, open on the ceremony's morning. */
async function newSession(): Promise<TCheckinSession> {
  const r = await t.http
    .post(`/api/campaigns/${t.fixture.campaignId}/checkin-sessions`)
    .set(await t.as('organizer'))
    .send({ name: '分会场', venue: '区文化馆', kind: 'sub', ...window });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as TCheckinSession;
}

describe('check-in administration', () => {
  it('creates sessions, refusing a window that ends before it opens', async () => {
    const url = `/api/campaigns/${t.fixture.campaignId}/checkin-sessions`;
    const bad = await t.http
      .post(url)
      .set(await t.as('organizer'))
      .send({ name: '分会场', venue: '孟河镇文化站', kind: 'sub', opensAt: window.closesAt, closesAt: window.opensAt });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'closesAt', message: '结束时间不能早于开始时间' }]);
    await t.http
      .post(url)
      .set(await t.as('approver'))
      .send({ name: '主会场', venue: '区文化馆', kind: 'main', ...window })
      .expect(403);
    const r = await t.http
      .post(url)
      .set(await t.as('organizer'))
      .send({ name: '主会场', venue: '区文化馆', kind: 'main', ...window });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const session = r.body as TCheckinSession;
    expect(session.selfCheckinPath).toMatch(new RegExp(`^/kiosk/checkin/${session.id}\\?s=[\\w-]{24}$`));
    const list = await t.http.get(url).set(await t.as('organizer'));
    expect(list.body.items).toEqual([session]);
  });

  it('prints the venue poster as a one-page PDF', async () => {
    const session = await newSession();
    const r = await t.http
      .get(`/api/checkin-sessions/${session.id}/poster.pdf`)
      .set(await t.as('organizer'))
      .buffer(true)
      .parse(binary);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const pdf = (r.body as Buffer).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pdf.match(/\/Type \/Page\b/g)).toHaveLength(1);
    expect(pdf).toContain('/Subtype /Image'); // the QR
  });

  it('makes the poster’s link from PUBLIC_URL, whatever Host or X-Forwarded-Host a client sends; without it, from the request (forwarded headers only from TRUST_PROXY)', async () => {
    const session = await newSession();
    /** The link printed under the QR, read back from the PDF (the page's last text). */
    const posterLink = async (http: typeof t.http, auth: { Authorization: string }) => {
      const r = await http
        .get(`/api/checkin-sessions/${session.id}/poster.pdf`)
        .set({ ...auth, Host: 'evil.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' })
        .buffer(true)
        .parse(binary);
      expect(r.status).toBe(200);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'lw-poster-'));
      try {
        writeFileSync(path.join(dir, 'p.pdf'), r.body as Buffer);
        const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path.join(dir, 'p.pdf'), '-'], { encoding: 'utf8' });
        return text.slice(text.lastIndexOf('http')).replace(/\s+/g, '');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const pub = await startApp(t.db, { clock: t.clock, env: { PUBLIC_URL: 'https://learnweek.example.cn/' } });
    try {
      const organizer = await pub.as('organizer');
      expect(await posterLink(pub.http, organizer)).toBe(`https://learnweek.example.cn${session.selfCheckinPath}`);
      expect((await pub.http.get('/api/link-origin').set({ ...organizer, Host: 'evil.example' })).body).toEqual({
        origin: 'https://learnweek.example.cn',
        reach: 'public',
        fromPublicUrl: true,
      } satisfies TLinkOrigin);
    } finally {
      await pub.close();
    }
    // No PUBLIC_URL and no TRUST_PROXY: the Host sent counts, a forwarded host or scheme does not.
    expect(await posterLink(t.http, await t.as('organizer'))).toBe(`http://evil.example${session.selfCheckinPath}`);
    const here = (await t.http.get('/api/link-origin').set({ ...(await t.as('organizer')), 'X-Forwarded-Host': 'evil.example' }))
      .body as TLinkOrigin;
    expect(here).toMatchObject({ reach: 'loopback', fromPublicUrl: false });
    expect(here.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await t.http.get('/api/link-origin').set(await t.as('approver'))).status).toBe(403);
  });

  it('lists who came with full names and exports the list, read back by openpyxl', async () => {
    const session = await newSession();
    t.clock.set('2017-10-25T01:00:00Z'); // inside the session's window
    const staff = await t.as('organizer');
    for (const name of ['张三艳', '李四']) {
      t.clock.set(new Date(t.clock.now().getTime() + 60_000)); // one after the other
      await t.http
        .post(`/api/checkin-sessions/${session.id}/checkins`)
        .set(staff)
        .send({ name, unitId: t.fixture.units.school.id, idempotencyKey: `k-${randomUUID()}` })
        .expect(201);
    }
    const list = (await t.http.get(`/api/checkin-sessions/${session.id}/checkins?q=张`).set(staff)).body as TListCheckinsResponse;
    expect(list).toMatchObject({ total: 1, items: [{ name: '张三艳', unitName: '春江中心小学', town: '春江镇', source: 'staff' }] });
    const x = await t.http.get(`/api/checkin-sessions/${session.id}/checkins.xlsx`).set(staff).buffer(true).parse(binary);
    expect(x.status).toBe(200);
    const [rows] = readXlsxElsewhere(x.body as Buffer);
    expect(rows).toHaveLength(2 + 2);
    expect(rows!.slice(2)).toEqual([
      [1, '张三艳', '春江中心小学', '春江镇', '单位', '签到台', '2017-10-25T09:01:00'],
      [2, '李四', '春江中心小学', '春江镇', '单位', '签到台', '2017-10-25T09:02:00'],
    ]); // check-in times are date cells in China time
    await t.http
      .get(`/api/checkin-sessions/${session.id}/checkins`)
      .set(await t.as(t.fixture.units.school.coordinator))
      .expect(403);
  });

  it('issues a screen token that opens the wall, and revoking it disconnects the screen', async () => {
    const issued = await t.http
      .post(`/api/campaigns/${t.fixture.campaignId}/kiosk-devices`)
      .set(await t.as('organizer'))
      .send({ name: '主会场大屏' });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const { device, token, wallPath } = issued.body as TIssuedKioskDevice;
    expect(wallPath).toBe(`/kiosk/?token=${token}`);
    expect(await t.prisma.kioskDevice.count({ where: { tokenHash: token } })).toBe(0); // only the hash is kept
    const kiosk = { Authorization: `Bearer ${token}` };
    await t.http.get('/api/kiosk/wall').set(kiosk).expect(200);

    const url = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const socket = io(`${url}/live`, { auth: { kioskToken: token }, transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const revoked = await t.http.delete(`/api/kiosk-devices/${device.id}`).set(await t.as('organizer'));
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBe(t.clock.now().toISOString());
    expect(await dropped).toBe('io server disconnect');
    await t.http.get('/api/kiosk/wall').set(kiosk).expect(401);
    const list = await t.http.get(`/api/campaigns/${t.fixture.campaignId}/kiosk-devices`).set(await t.as('organizer'));
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: device.id, name: '主会场大屏', revokedAt: t.clock.now().toISOString() }),
    ]);
  });
});
