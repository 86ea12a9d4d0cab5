import path from 'node:path';
import type { TAttendee, TCheckinSession, TCheckinStats } from '@learnweek/contracts';
import { createPrismaClient } from '@learnweek/db';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startE2E, type E2E } from './harness.js';

let e: E2E;
let main: TCheckinSession;
let sub: TCheckinSession;
const total = async () => (await e.get<TCheckinStats>(`/checkin-sessions/${main.id}/stats`)).total;

beforeAll(async () => {
  e = await startE2E();
  const sessions = await e.get<{ items: TCheckinSession[] }>(`/campaigns/${e.campaign.id}/checkin-sessions`);
  main = sessions.items.find((s) => s.kind === 'main')!;
  sub = sessions.items.find((s) => s.kind === 'sub')!;
  // The ceremony: check-ins are taken only inside a session's window.
  e.clock.set(e.campaign.timeline.launchAt);
});
afterAll(async () => {
  await e?.close();
});

describe('check-in reaches the ceremony wall', () => {
  it('a phone checks in; the 1080p wall shows the new count and the masked name within a second', async () => {
    const ctx = await e.browser();
    const wall = await ctx.newPage();
    await wall.setViewportSize({ width: 1920, height: 1080 });
    const year = new Date().getUTCFullYear();
    await wall.goto(`${e.base}/kiosk/?token=demo-kiosk-${year}`);
    await wall.getByTestId('live').filter({ hasText: '实时' }).waitFor();
    const before = Number((await wall.getByTestId('total').innerText()).replace(/\D/g, ''));

    const phone = await ctx.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${e.base}${main.selfCheckinPath}`);
    await phone.getByTestId('name').fill('张晓艳');
    await phone.getByTestId('unit-search').fill('春江');
    await phone.getByTestId('unit').selectOption({ index: 0 });
    await phone.getByTestId('phone').fill('13800138000');
    await phone.screenshot({ path: path.join(ARTIFACTS, 'checkin-phone.png') });
    await phone.getByTestId('submit').click();
    await phone.getByTestId('already').waitFor();
    await phone.screenshot({ path: path.join(ARTIFACTS, 'checkin-phone-done.png') });

    await wall
      .getByTestId('total')
      .filter({ hasText: String(before + 1) })
      .waitFor({ timeout: 1_000 });
    await wall.getByTestId('newest').getByText('张*艳').waitFor({ timeout: 1_000 });
    await wall.screenshot({ path: path.join(ARTIFACTS, 'wall-1080p.png') });
    await wall.setViewportSize({ width: 3840, height: 2160 });
    await wall.screenshot({ path: path.join(ARTIFACTS, 'wall-4k.png') });
    // The wall scales with the screen: the count is twice as tall at 4K.
    const big = await wall.getByTestId('total').boundingBox();
    expect(big!.height).toBeGreaterThan(250);

    // A second scan by the same phone says "already", and counts nothing.
    await phone.reload();
    await phone.getByTestId('already').waitFor();
    const stats = await e.get<TCheckinStats>(`/checkin-sessions/${main.id}/stats`);
    expect(stats.total).toBe(before + 1);
    expect(stats.newest.filter((n) => n.maskedName === '张*艳')).toHaveLength(1);
    const noScroll = await wall.evaluate(
      () => document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth,
    );
    expect(noScroll).toBe(true);
  });

  it('the staff desk keeps checking in with the network down, and syncs exactly once', async () => {
    const ctx = await e.browser();
    // The desk's own clock at the ceremony too: its scans carry their moment.
    await ctx.clock.install({ time: new Date(e.campaign.timeline.launchAt) });
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${e.base}/kiosk/checkin/${main.id}`);
    await page.getByTestId('staff-username').fill('staff');
    await page.getByTestId('staff-password').fill('demo1234');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('scan').waitFor();

    // A hardware scanner types a code and presses Enter; a wrong code does not stop it.
    await page.getByTestId('scan').fill('NOPE');
    await page.getByTestId('scan').press('Enter');
    await page.getByTestId('error').filter({ hasText: '无效的签到码' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe('scan');

    // The desk has the pre-registered list (loaded after sign-in) before the network goes.
    await page.getByTestId('search').fill('A0001');
    await page.getByTestId('checkin-A0001').waitFor();
    await page.getByTestId('search').fill('');
    const before = await total();
    await ctx.setOffline(true);
    await page.getByTestId('net').filter({ hasText: '离线' }).waitFor();
    for (const code of ['A0001', 'A0002']) {
      await page.getByTestId('scan').fill(code);
      await page.getByTestId('scan').press('Enter');
    }
    await page.getByTestId('pending').filter({ hasText: '待同步 2 人' }).waitFor();
    const third = (await e.get<{ items: TAttendee[] }>(`/checkin-sessions/${main.id}/attendees`)).items.find((a) => a.code === 'A0003')!;
    await page.getByTestId('search').fill(third.name);
    await page.getByTestId('checkin-A0003').click();
    await page.getByTestId('pending').filter({ hasText: '待同步 3 人' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'staff-offline.png') });
    expect(await total()).toBe(before);

    await ctx.setOffline(false);
    await page.getByTestId('pending').waitFor({ state: 'detached' });
    expect(await total()).toBe(before + 3);
    // Syncing again (a reload) adds nothing.
    await page.reload();
    await page.getByTestId('scan').waitFor();
    expect(await total()).toBe(before + 3);
    const arrived = (await e.get<{ items: TAttendee[] }>(`/checkin-sessions/${main.id}/attendees`)).items.filter((a) => a.checkedInAt);
    expect(arrived.map((a) => a.code).sort()).toEqual(['A0001', 'A0002', 'A0003']);

    // The server is overloaded for a moment (503): the desk keeps the item and sends it again, once.
    let refusals = 0;
    await page.route('**/api/checkin-sessions/*/checkins', async (route) => {
      if (refusals++ === 0)
        return route.fulfill({
          status: 503,
          headers: { 'Retry-After': '1' },
          contentType: 'application/json',
          body: '{"statusCode":503,"code":"serviceUnavailable","message":"服务暂时不可用"}',
        });
      return route.continue();
    });
    await page.getByTestId('scan').fill('A0004');
    await page.getByTestId('scan').press('Enter');
    await page.getByTestId('pending').filter({ hasText: '待同步 1 人' }).waitFor();
    await ctx.clock.runFor(1_500);
    await page.getByTestId('pending').waitFor({ state: 'detached' });
    expect(refusals).toBe(2);
    expect(await total()).toBe(before + 4);
    await page.unroute('**/api/checkin-sessions/*/checkins');

    // A refusal that sending again cannot mend (the session closed a day ago) leaves the queue
    // and is listed, with the reason, for the staff to handle.
    e.clock.set(new Date(new Date(main.closesAt).getTime() + 25 * 3_600_000));
    await page.getByTestId('scan').fill('A0005');
    await page.getByTestId('scan').press('Enter');
    await page.getByTestId('refused').filter({ hasText: '未签到 1 人' }).filter({ hasText: '不在本签到点的签到时间内' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'staff-refused.png') });
    expect(await page.getByTestId('pending').count()).toBe(0);
    expect(await total()).toBe(before + 4);
    e.clock.set(e.campaign.timeline.launchAt);
  });
});

/** The wall of the demo's current campaign, live. */
async function openWall(width: number, height: number): Promise<Page> {
  const ctx = await e.browser();
  const wall = await ctx.newPage();
  await wall.setViewportSize({ width, height });
  await wall.goto(`${e.base}/kiosk/?token=demo-kiosk-${new Date().getUTCFullYear()}`);
  await wall.getByTestId('live').filter({ hasText: '实时' }).waitFor();
  return wall;
}
const figure = async (wall: Page, testId: string) => Number((await wall.getByTestId(testId).innerText()).replace(/\D/g, ''));
const venueFigure = async (wall: Page, kind: 'main' | 'sub') =>
  Number((await wall.getByTestId(`venue-${kind}`).locator('.n').innerText()).replace(/\D/g, ''));

/** Someone checks themself in with the venue's QR on a phone. */
async function selfCheckin(session: TCheckinSession, name: string, phone: string): Promise<void> {
  const secret = new URL(session.selfCheckinPath, e.base).searchParams.get('s')!;
  const res = await fetch(`${e.base}/api/checkin-sessions/${session.id}/checkins`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, phone, idempotencyKey: `e2e-${session.id}-${phone}`, secret }),
  });
  expect(res.status).toBe(201);
}

interface TBox {
  x: number;
  y: number;
  width: number;
  height: number;
}
const overlaps = (a: TBox, b: TBox) =>
  a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
const inside = (inner: TBox, outer: TBox) =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;
async function box(wall: Page, testId: string): Promise<TBox> {
  const b = await wall.getByTestId(testId).boundingBox();
  expect(b, testId).not.toBeNull();
  return b!;
}
/** No two of these boxes overlap (named in the failure). */
function expectApart(boxes: Record<string, TBox>): void {
  const names = Object.keys(boxes);
  for (const [i, a] of names.entries())
    for (const b of names.slice(i + 1)) expect(overlaps(boxes[a]!, boxes[b]!), `${a} overlaps ${b}`).toBe(false);
}

describe('the ceremony wall', () => {
  it('counts a person once across the main venue and a sub-venue, while each venue counts them, with the scans beside', async () => {
    const wall = await openWall(1920, 1080);
    const [people, scans, atMain, atSub] = [
      await figure(wall, 'total'),
      await figure(wall, 'scans'),
      await venueFigure(wall, 'main'),
      await venueFigure(wall, 'sub'),
    ];
    await selfCheckin(main, '孙丽华', '13700001111');
    await selfCheckin(sub, '孙丽华', '13700001111');
    // people and scans are one snapshot: once the scans show both, the people figure is final
    await wall
      .getByTestId('scans')
      .filter({ hasText: new Intl.NumberFormat('zh-CN').format(scans + 2) })
      .waitFor();
    expect(await figure(wall, 'total')).toBe(people + 1);
    expect([await venueFigure(wall, 'main'), await venueFigure(wall, 'sub')]).toEqual([atMain + 1, atSub + 1]);
    await wall.getByTestId('people-note').filter({ hasText: '去重' }).waitFor();
    // A newcomer at the sub-venue is one more person.
    await selfCheckin(sub, '周明', '13700002222');
    await wall
      .getByTestId('scans')
      .filter({ hasText: new Intl.NumberFormat('zh-CN').format(scans + 3) })
      .waitFor();
    expect(await figure(wall, 'total')).toBe(people + 2);
  });

  it('fills the screen at 1080p and 4K with activities held: the ticker’s label keeps its width and nothing overlaps', async () => {
    // Three units have held activities (one with a long name), and the list has more arrivals than fit.
    const prisma = createPrismaClient(e.db.ownerUrl, 1);
    try {
      const activities = await prisma.activity.findMany({
        where: { participation: { campaignId: e.campaign.id } },
        take: 3,
        orderBy: { startsAt: 'asc' },
      });
      expect(activities).toHaveLength(3);
      // Held once started (the database checks it), the first the newest.
      const held = Math.max(Date.parse(e.campaign.timeline.launchAt), ...activities.map((a) => a.startsAt.getTime())) + 10 * 60_000;
      for (const [i, a] of activities.entries()) {
        await prisma.activity.update({
          where: { id: a.id },
          data: {
            status: 'held',
            actualParticipants: 40 + i,
            heldAt: new Date(held - i * 60_000),
            ...(i === 0 ? { title: '“老年人智能手机使用”惠民免费培训班暨社区数字生活体验日' } : {}),
          },
        });
      }
    } finally {
      await prisma.$disconnect();
    }
    for (let i = 0; i < 16; i++) await selfCheckin(i % 2 ? sub : main, `来宾${i}号`, `1360000${String(1000 + i)}`);

    const wall = await openWall(1920, 1080);
    await wall.getByTestId('ticker').filter({ hasText: '已举办' }).first().waitFor();
    for (const [width, height, name] of [
      [1920, 1080, 'wall-held-1080p'],
      [3840, 2160, 'wall-held-4k'],
    ] as const) {
      await wall.setViewportSize({ width, height });
      // the ticker is stopped for the measurement and the picture (it moves all the time)
      await wall.addStyleTag({ content: '[data-test="ticker"] { animation-play-state: paused !important; }' });
      await wall.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
      const screen = { x: 0, y: 0, width, height };

      // The label: one line, its full width, nothing drawn over it; the moving text in its own lane beside it.
      const label = await box(wall, 'ticker-label');
      const lane = await box(wall, 'ticker-viewport');
      const text = await wall.getByTestId('ticker-label').evaluate((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        const size = parseFloat(getComputedStyle(el).fontSize);
        return {
          lines: new Set(Array.from(range.getClientRects(), (r: DOMRect) => Math.round(r.top))).size,
          width: range.getBoundingClientRect().width,
          size,
          overflow: el.scrollWidth > el.clientWidth,
        };
      });
      expect(text.lines).toBe(1);
      expect(text.overflow).toBe(false);
      expect(text.width).toBeGreaterThanOrEqual(text.size * 4 * 0.95);
      expect(label.width).toBeGreaterThan(text.width);
      expect(lane.x).toBeGreaterThanOrEqual(label.x + label.width - 0.5);
      expect(await wall.getByTestId('ticker-viewport').evaluate((el) => getComputedStyle(el).overflowX)).toBe('hidden');
      const onTop = await wall.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.getAttribute('data-test'), {
        x: label.x + label.width / 2,
        y: label.y + label.height / 2,
      });
      expect(onTop).toBe('ticker-label');

      // The big blocks: apart, on the screen, the panels down to the ticker.
      const blocks = {
        header: await box(wall, 'header'),
        newest: await box(wall, 'panel-newest'),
        count: await box(wall, 'panel-count'),
        towns: await box(wall, 'panel-towns'),
        ticker: await box(wall, 'ticker-bar'),
      };
      expectApart(blocks);
      for (const [n, b] of Object.entries(blocks)) expect(inside(b, screen), `${n} on the screen`).toBe(true);
      for (const n of ['newest', 'count', 'towns'] as const) {
        const gap = blocks.ticker.y - (blocks[n].y + blocks[n].height);
        expect(gap, `${n} reaches down to the ticker`).toBeLessThan(height * 0.05);
      }

      // The count panel: people, the note, the scans, the venues, the countdown, apart and inside it.
      const parts = {
        total: await box(wall, 'total'),
        note: await box(wall, 'people-note'),
        scans: await box(wall, 'scans'),
        venues: await box(wall, 'venues'),
        countdown: await box(wall, 'countdown-line'),
      };
      expectApart(parts);
      for (const [n, b] of Object.entries(parts)) expect(inside(b, blocks.count), `${n} inside its panel`).toBe(true);
      // the scans sit beside the people figure, under it in the same block
      expect(parts.scans.y - (parts.total.y + parts.total.height)).toBeLessThan(height * 0.12);

      // The arrivals fill their panel: 14 rows, the last one ending at its foot, each one whole.
      const rows = await wall
        .getByTestId('newest')
        .locator('li')
        .evaluateAll((els) =>
          els.map((el) => el.getBoundingClientRect().toJSON() as { x: number; y: number; width: number; height: number }),
        );
      expect(rows).toHaveLength(14);
      for (const r of rows) expect(inside(r, blocks.newest)).toBe(true);
      const last = rows.at(-1)!;
      expect(blocks.newest.y + blocks.newest.height - (last.y + last.height)).toBeLessThan(height * 0.04);
      const cells = await wall
        .getByTestId('newest')
        .locator('li')
        .evaluateAll((els) =>
          els.map((el) =>
            [el.querySelector('.name')!, el.querySelector('.unit')!].map(
              (c) => c.getBoundingClientRect().toJSON() as { x: number; y: number; width: number; height: number },
            ),
          ),
        );
      for (const [name, unit] of cells) expect(overlaps(name!, unit!)).toBe(false);

      // Towns and the venue QR: apart, inside their panel.
      const right = { towns: await box(wall, 'towns'), qr: await box(wall, 'qr-block') };
      expectApart(right);
      for (const [n, b] of Object.entries(right)) expect(inside(b, blocks.towns), `${n} inside its panel`).toBe(true);

      const noScroll = await wall.evaluate(
        () => document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth,
      );
      expect(noScroll).toBe(true);
    }
  });
});
