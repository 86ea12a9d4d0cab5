/// <reference lib="dom" />
// Issue 22's acceptance in Chromium, through `npm run cluster` and the shipped infra/nginx.conf only
// (two API instances on a private PostgreSQL cluster and Redis; every address is the proxy's): the
// organiser downloads a venue's poster in the console and the link printed on it checks a resident's
// phone in; each wall shows its own venue and QR; a desk opened from a desk link checks a person in; a
// staff desk whose sign-in has expired asks for it again and keeps its queue; the control room shows
// the screens and the desk online, and a screen offline once its page closes.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type {
  TAttendee,
  TCheckinSession,
  TCheckinStats,
  TIssuedKioskDevice,
  TKioskWall,
  TListKioskDevicesResponse,
} from '@learnweek/contracts';
import { hashPassword } from '@learnweek/db';
import jwt from 'jsonwebtoken';
import type { BrowserContext, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, PHONE, type TDevice } from '../../../../e2e/chromium.js';
import { startProxied, type TProxied } from './proxied.js';

const HOUR = 3_600_000;
// Waits for a condition, as long as Playwright's own on two shared cores (the suite's default is 1 s).
const POLL = { timeout: 10_000 };

let p: TProxied;
let proxy = '';
let main: TCheckinSession;
let sub: TCheckinSession;
let console_: Page;
const contexts: BrowserContext[] = [];

async function browser(device?: TDevice): Promise<BrowserContext> {
  const ctx = await launchChromium(mkdtempSync(path.join(p.rig.dir, 'chromium-')), device);
  contexts.push(ctx);
  return ctx;
}

const issue = (body: Record<string, unknown>) => p.call<TIssuedKioskDevice>('POST', `/campaigns/${p.campaignId}/kiosk-devices`, body);
const devices = async () => (await p.call<TListKioskDevicesResponse>('GET', `/campaigns/${p.campaignId}/kiosk-devices`)).items;
const attendee = async (code: string) =>
  (await p.call<{ items: TAttendee[] }>('GET', `/checkin-sessions/${main.id}/attendees`)).items.find((a) => a.code === code)!;
const total = async (s: TCheckinSession) => (await p.call<TCheckinStats>('GET', `/checkin-sessions/${s.id}/stats`)).total;

/** Whether the wall's QR image holds `url`: its modules sampled at their centres against the code `url` makes. */
async function qrHolds(wall: Page, url: string): Promise<boolean> {
  const { modules } = QRCode.create(url, {});
  const dark = await wall.getByTestId('qr').evaluate(async (img: HTMLImageElement, size: number) => {
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const g = canvas.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const step = img.naturalWidth / (size + 2); // margin 1 on each side
    const out: boolean[] = [];
    for (let r = 0; r < size; r++)
      for (let c = 0; c < size; c++)
        out.push(g.getImageData(Math.floor((c + 1.5) * step), Math.floor((r + 1.5) * step), 1, 1).data[0]! < 128);
    return out;
  }, modules.size);
  return dark.every((d, i) => d === Boolean(modules.data[i]));
}

/** A wall opened from its screen link, as the technician pastes it into the screen's browser. */
async function openWall(ctx: BrowserContext, url: string, session: TCheckinSession): Promise<Page> {
  expect(url.startsWith(`${proxy}/`), url).toBe(true);
  const wall = await ctx.newPage();
  await wall.setViewportSize({ width: 1920, height: 1080 });
  const answer = wall.waitForResponse((r) => r.url().endsWith('/api/kiosk/wall') && r.ok());
  await wall.goto(url);
  const { screen } = (await (await answer).json()) as TKioskWall;
  expect(screen?.checkinUrl).toBe(`${proxy}${session.selfCheckinPath}`);
  await wall.getByTestId('live').filter({ hasText: '实时' }).waitFor();
  await expect.poll(() => wall.getByTestId('qr-venue').innerText(), POLL).toBe(`${session.name} · ${session.venue}`);
  expect(await qrHolds(wall, screen!.checkinUrl)).toBe(true);
  expect(await qrHolds(wall, `${proxy}/kiosk/`)).toBe(false);
  return wall;
}

beforeAll(async () => {
  p = await startProxied('ceremony');
  proxy = p.lines.proxy;
  const now = Date.now();
  const window = { opensAt: new Date(now - HOUR).toISOString(), closesAt: new Date(now + 2 * HOUR).toISOString() };
  main = await p.call<TCheckinSession>('POST', `/campaigns/${p.campaignId}/checkin-sessions`, {
    name: '启动仪式主会场',
    venue: '区文化馆',
    kind: 'main',
    ...window,
  });
  sub = await p.call<TCheckinSession>('POST', `/campaigns/${p.campaignId}/checkin-sessions`, {
    name: '启动仪式分会场',
    venue: '孟河镇文化站',
    kind: 'sub',
    ...window,
  });
  await p.prisma.user.create({
    data: { username: 'staff', displayName: '签到员', roles: ['checkinStaff'], passwordHash: await hashPassword(p.password) },
  });
  await p.prisma.attendee.createMany({
    data: ['C0001', 'C0002'].map((code, i) => ({ sessionId: main.id, code, name: ['蒋老师', '沈阿婆'][i]! })),
  });

  const ctx = await browser();
  console_ = await ctx.newPage();
  await console_.setViewportSize({ width: 1440, height: 900 });
  await console_.goto(`${proxy}/admin/`);
  await console_.getByTestId('username').fill('organizer');
  await console_.getByTestId('password').fill(p.password);
  await console_.getByTestId('login').click();
  await console_.getByRole('menuitem', { name: '签到管理' }).click();
});

afterAll(async () => {
  for (const ctx of contexts) await ctx.close();
  await p?.close();
});

describe('the ceremony through nginx, in Chromium', () => {
  it('the poster the organiser downloads prints the proxy’s link; a phone opens it and checks in', async () => {
    // The session's card on 签到管理.
    const card = console_.locator('.session', { hasText: main.name });
    const [download] = await Promise.all([
      console_.waitForEvent('download'),
      card.getByRole('button', { name: '下载二维码海报（PDF）' }).click(),
    ]);
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', '-enc', 'UTF-8', await download.path(), '-'], {
      encoding: 'utf8',
    });
    const link = stdout.slice(stdout.lastIndexOf('http')).replace(/\s+/g, '');
    expect(link).toBe(`${proxy}${main.selfCheckinPath}`);

    const before = await total(main);
    const phone = await (await browser(PHONE)).newPage();
    await phone.goto(link);
    await phone.getByTestId('name').fill('扫码居民');
    await phone.getByTestId('resident').check();
    await phone.getByTestId('submit').click();
    await phone.getByTestId('already').waitFor();
    expect(await total(main)).toBe(before + 1);
  });

  it('each wall shows its own venue and QR; a desk from a desk link checks in; the control room shows them online, and a wall offline once its page closes', async () => {
    const walls = await browser();
    const mainWall = await openWall(walls, (await issue({ name: '主会场大屏', sessionId: main.id })).url, main);
    const subWall = await openWall(walls, (await issue({ name: '分会场大屏', sessionId: sub.id })).url, sub);

    const { url } = await issue({ name: '主会场签到台', kind: 'desk', sessionId: main.id });
    expect(url.startsWith(`${proxy}/`), url).toBe(true);
    const desk = await (await browser(PHONE)).newPage();
    await desk.goto(url);
    await desk.getByTestId('scan').waitFor();
    expect(await desk.getByTestId('staff-login').count()).toBe(0);
    await desk.getByTestId('search').fill('C0001');
    await desk.getByTestId('checkin-C0001').click();
    await expect.poll(async () => (await attendee('C0001')).checkedInAt, POLL).not.toBeNull();

    const status = (name: string) => console_.getByTestId(`status-${name}`);
    await expect
      .poll(
        async () =>
          (await devices())
            .filter((d) => d.online)
            .map((d) => d.name)
            .sort(),
        POLL,
      )
      .toEqual(['主会场大屏', '主会场签到台', '分会场大屏']);
    await console_.reload();
    for (const name of ['主会场大屏', '分会场大屏', '主会场签到台']) await expect.poll(() => status(name).innerText(), POLL).toBe('在线');

    await subWall.close();
    await expect.poll(async () => (await devices()).find((d) => d.name === '分会场大屏')!.online, POLL).toBe(false);
    await console_.reload();
    await expect.poll(() => status('分会场大屏').innerText(), POLL).toBe('离线');
    expect(await status('主会场大屏').innerText()).toBe('在线');
    await mainWall.close();
  });

  it('a staff desk whose sign-in has expired asks to sign in again, keeps its queue, and sends it once signed in', async () => {
    const ctx = await browser(PHONE);
    const desk = await ctx.newPage();
    await desk.goto(`${proxy}/kiosk/checkin/${main.id}`);
    await desk.getByTestId('staff-username').fill('staff');
    await desk.getByTestId('staff-password').fill(p.password);
    await desk.getByRole('button', { name: '登录' }).click();
    await desk.getByTestId('search').fill('C0002');
    await desk.getByTestId('checkin-C0002').waitFor();
    await desk.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { polling: 100 });

    // The cluster's clock cannot move: the desk's sign-in is replaced by one of the same staff signed
    // with the cluster's key a month ago, expired an hour ago, which the API refuses as expired.
    const staff = await p.prisma.user.findUniqueOrThrow({ where: { username: 'staff' } });
    const iat = Math.floor(Date.now() / 1000) - 31 * 86_400;
    const expired = jwt.sign({ sub: staff.id, iat, exp: Math.floor(Date.now() / 1000) - 3_600 }, p.jwtSecret, { algorithm: 'HS256' });
    await ctx.setOffline(true);
    await desk.evaluate((t) => sessionStorage.setItem('learnweek.staff', t), expired);
    await desk.reload();
    await desk.getByTestId('scan').fill('C0002');
    await desk.getByTestId('scan').press('Enter');
    await desk.getByTestId('pending').filter({ hasText: '待同步 1 人' }).waitFor();

    await ctx.setOffline(false);
    await desk.getByTestId('sign-in-again').filter({ hasText: '登录已过期，请重新登录' }).waitFor();
    await desk.getByTestId('pending-signed-out').filter({ hasText: '待同步 1 人' }).waitFor();
    expect(await desk.getByTestId('refused').count()).toBe(0);
    expect((await attendee('C0002')).checkedInAt).toBeNull();

    await desk.getByTestId('staff-username').fill('staff');
    await desk.getByTestId('staff-password').fill(p.password);
    await desk.getByRole('button', { name: '登录' }).click();
    await expect.poll(async () => (await attendee('C0002')).checkedInAt, POLL).not.toBeNull();
    await desk.getByTestId('pending').waitFor({ state: 'detached' });
  });
});
