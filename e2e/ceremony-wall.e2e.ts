import path from 'node:path';
import type { TAttendee, TCheckinSession, TIssuedKioskDevice, TKioskWall, TListKioskDevicesResponse } from '@learnweek/contracts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, PHONE, signIn, startE2E, type E2E } from './harness.js';

let e: E2E;
let main: TCheckinSession;
let sub: TCheckinSession;

beforeAll(async () => {
  e = await startE2E();
  const sessions = await e.get<{ items: TCheckinSession[] }>(`/campaigns/${e.campaign.id}/checkin-sessions`);
  main = sessions.items.find((s) => s.kind === 'main')!;
  sub = sessions.items.find((s) => s.kind === 'sub')!;
  e.clock.set(e.campaign.timeline.launchAt);
});
afterAll(async () => {
  await e?.close();
});

const issue = (body: Record<string, unknown>) =>
  e.call<TIssuedKioskDevice>('organizer', 'POST', `/campaigns/${e.campaign.id}/kiosk-devices`, body);

/** Venue names as a district writes them, the longest ones included. */
const VENUES = [
  '区文化馆',
  '春江镇社区教育中心',
  '孟河镇文化站',
  '罗溪镇成人文化技术学校',
  '西夏墅镇社区学校',
  '薛家镇社区教育中心',
  '奔牛镇老年大学',
  '河海街道社区学校',
];
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
  { width: 3840, height: 1080 },
];

type TBox = { x: number; y: number; width: number; height: number };
const overlaps = (a: TBox, b: TBox) =>
  a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
const inside = (a: TBox, outer: TBox) =>
  a.x >= outer.x - 0.5 &&
  a.y >= outer.y - 0.5 &&
  a.x + a.width <= outer.x + outer.width + 0.5 &&
  a.y + a.height <= outer.y + outer.height + 0.5;

/** What the wall draws, measured: the panels, the venue boxes, and every element whose content is cut. */
const measure = (page: Page) =>
  page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const q = (sel: string) => Array.from(document.querySelectorAll(sel));
    const clipped = q('[data-test=grid] *, header *')
      .filter(
        (el) =>
          el instanceof HTMLElement &&
          getComputedStyle(el).overflow !== 'visible' &&
          !el.closest('[data-test=newest]') &&
          !el.closest('[data-test=ticker-viewport]'),
      )
      .filter((el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${el.className}: ${(el as HTMLElement).innerText.slice(0, 30)}`);
    // Text that would be cut: an element that hides its overflow (or ends it with an ellipsis) holding more than it shows.
    const cutText = q('.venue .where, .venue .n, .big, .note, .scans, .qr-title, .qr-venue, .qr-note, .bar .town')
      .filter((el) => getComputedStyle(el).overflow !== 'visible' || getComputedStyle(el).textOverflow === 'ellipsis')
      .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
      .map((el) => (el as HTMLElement).innerText);
    return {
      viewport: { x: 0, y: 0, width: window.innerWidth, height: window.innerHeight },
      header: box(document.querySelector('header')!),
      panels: q('[data-test^=panel-]').map(box),
      count: box(document.querySelector('[data-test=panel-count]')!),
      venues: q('.venue').map(box),
      venueText: q('.venue .where').map((el) => (el as HTMLElement).innerText),
      qr: box(document.querySelector('[data-test=qr-block]')!),
      towns: box(document.querySelector('[data-test=panel-towns]')!),
      clipped,
      cutText,
      scrolls: document.documentElement.scrollHeight > window.innerHeight || document.documentElement.scrollWidth > window.innerWidth,
    };
  });

describe('the ceremony wall by venue', () => {
  it('shows its own venue’s QR and name, in people (人) and scans (人次), with nothing empty', async () => {
    const { url } = await issue({ name: '孟河大屏', sessionId: sub.id });
    const ctx = await e.browser();
    const wall = await ctx.newPage();
    await wall.setViewportSize({ width: 1920, height: 1080 });
    await wall.goto(url.replace(/^https?:\/\/[^/]+/, e.base));
    await wall.getByTestId('live').filter({ hasText: '实时' }).waitFor();
    await expect.poll(() => wall.getByTestId('qr-venue').innerText()).toBe(`${sub.name} · ${sub.venue}`);
    expect(await wall.getByTestId('scans').innerText()).toMatch(/^扫码签到 [\d,]+ 人次$/);
    for (const n of await wall.locator('.venue .n').allInnerTexts()) expect(n).toMatch(/^[\d,]+\s*人$/);
    // The demo has held no activity at this moment: no empty ticker tag.
    const wallData = (await (
      await fetch(`${e.base}/api/kiosk/wall`, { headers: { Authorization: `Bearer ${new URL(url).searchParams.get('token')}` } })
    ).json()) as TKioskWall;
    expect(await wall.getByTestId('ticker-bar').count()).toBe(wallData.held.length ? 1 : 0);
    await wall.screenshot({ path: path.join(ARTIFACTS, 'wall-sub-venue.png') });
  });

  it('a revoked screen says so and what to do', async () => {
    const { url, device } = await issue({ name: '将被停用的大屏', sessionId: sub.id });
    await e.call('organizer', 'DELETE', `/kiosk-devices/${device.id}`);
    const ctx = await e.browser();
    const wall = await ctx.newPage();
    await wall.goto(url.replace(/^https?:\/\/[^/]+/, e.base));
    await expect.poll(() => wall.getByTestId('error').innerText()).toContain('本屏的链接无效或已被吊销');
    expect(await wall.getByTestId('error').innerText()).toContain('生成新的大屏链接');
  });

  it('lays out 1 to 8 venues legibly at 1920×1080, 3840×2160 and 3840×1080: no box overlaps another or is cut', async () => {
    const { url } = await issue({ name: '布局检查大屏' });
    const ctx = await e.browser();
    const wall = await ctx.newPage();
    let venues = 1;
    // The wall's own answer with `venues` sessions, named as a district names them.
    await wall.route('**/api/kiosk/wall', async (route) => {
      const real = (await (await route.fetch()).json()) as TKioskWall;
      const template = real.sessions[0]!;
      const sessions = VENUES.slice(0, venues).map((venue, i) => ({
        ...template,
        id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
        kind: i === 0 ? ('main' as const) : ('sub' as const),
        name: i === 0 ? '主会场' : `分会场${i}`,
        venue,
        total: 1000 + i * 37,
      }));
      await route.fulfill({ json: { ...real, sessions } });
    });
    for (venues = 1; venues <= 8; venues++) {
      for (const size of SIZES) {
        await wall.setViewportSize(size);
        await wall.goto(url.replace(/^https?:\/\/[^/]+/, e.base));
        await wall.getByTestId('grid').waitFor();
        await wall
          .locator('.venue')
          .nth(venues - 1)
          .waitFor();
        const m = await measure(wall);
        const where = `${venues} venue(s) at ${size.width}×${size.height}`;
        expect(m.venues, where).toHaveLength(venues);
        expect(
          m.venueText.map((t) => t.split(' · ')[1]),
          where,
        ).toEqual(VENUES.slice(0, venues));
        for (const [i, a] of m.venues.entries()) {
          expect(inside(a, m.count), `${where}: venue ${i} inside its panel`).toBe(true);
          for (const b of m.venues.slice(i + 1)) expect(overlaps(a, b), `${where}: venues overlap`).toBe(false);
        }
        for (const [i, a] of m.panels.entries()) {
          expect(inside(a, m.viewport), `${where}: panel ${i} on the screen`).toBe(true);
          expect(overlaps(a, m.header), `${where}: panel ${i} under the header`).toBe(false);
          for (const b of m.panels.slice(i + 1)) expect(overlaps(a, b), `${where}: panels overlap`).toBe(false);
        }
        expect(inside(m.qr, m.towns), `${where}: the QR inside its panel`).toBe(true);
        expect(m.cutText, `${where}: text cut`).toEqual([]);
        expect(m.clipped, `${where}: content clipped`).toEqual([]);
        expect(m.scrolls, where).toBe(false);
        if (venues === 3 || venues === 8)
          await wall.screenshot({ path: path.join(ARTIFACTS, `wall-${venues}-venues-${size.width}x${size.height}.png`) });
      }
    }
  });
});

describe('the control room', () => {
  it('shows a screen online while its page is open and offline once it closes', async () => {
    const { url, device } = await issue({ name: '总控检查大屏', sessionId: sub.id });
    const ctx = await e.browser();
    const wall = await ctx.newPage();
    await wall.goto(url.replace(/^https?:\/\/[^/]+/, e.base));
    await wall.getByTestId('live').filter({ hasText: '实时' }).waitFor();
    const state = async () =>
      (await e.get<TListKioskDevicesResponse>(`/campaigns/${e.campaign.id}/kiosk-devices`)).items.find((d) => d.id === device.id)!;
    await expect.poll(async () => (await state()).online).toBe(true);

    const consoleCtx = await e.browser();
    const page = await consoleCtx.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, e.base, 'organizer');
    await page.getByRole('menuitem', { name: '签到管理' }).click();
    const status = page.getByTestId('status-总控检查大屏');
    await expect.poll(() => status.innerText()).toBe('在线');
    await page.getByTestId('control-room').screenshot({ path: path.join(ARTIFACTS, 'control-room-online.png') });

    await wall.close();
    await expect.poll(async () => (await state()).online).toBe(false);
    await page.reload();
    await expect.poll(() => status.innerText()).toBe('离线');
    expect((await state()).lastSeenAt).not.toBeNull();
  });
});

describe('a desk link', () => {
  it('opens the desk without the staff sign-in, checks in at its venue, and shows in the control room with its queue', async () => {
    const { url, device } = await issue({ name: '主会场签到台 1', kind: 'desk', sessionId: main.id });
    const ctx = await e.browser(PHONE);
    // The desk's own clock at the ceremony too: its scans carry their moment.
    await ctx.clock.install({ time: new Date(e.campaign.timeline.launchAt) });
    const page = await ctx.newPage();
    await page.goto(url.replace(/^https?:\/\/[^/]+/, e.base));
    await page.getByTestId('scan').waitFor();
    expect(await page.getByTestId('staff-login').count()).toBe(0);
    // The token left the address bar; a reload finds it kept.
    expect(new URL(page.url()).searchParams.has('d')).toBe(false);
    const code = 'A0007';
    // The pre-registered list came with the desk link's token.
    await page.getByTestId('search').fill(code);
    await page.getByTestId(`checkin-${code}`).click();
    await expect
      .poll(
        async () =>
          (await e.get<{ items: TAttendee[] }>(`/checkin-sessions/${main.id}/attendees`)).items.find((a) => a.code === code)?.checkedInAt ??
          null,
      )
      .not.toBeNull();
    await page.reload();
    await page.getByTestId('scan').waitFor();
    const state = async () =>
      (await e.get<TListKioskDevicesResponse>(`/campaigns/${e.campaign.id}/kiosk-devices`)).items.find((d) => d.id === device.id)!;
    // After the reload: the new page's socket beats, the old one's closing does not make it offline.
    await expect.poll(async () => (await state()).online).toBe(true);
    expect(await state()).toMatchObject({ kind: 'desk', venue: main.venue, queueLength: 0 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-from-link.png') });
  });
});
