import path from 'node:path';
import type { TAttendee, TCheckinSession, TCheckinStats } from '@learnweek/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startE2E, type E2E } from './harness.js';

let e: E2E;
let main: TCheckinSession;
const total = async () => (await e.get<TCheckinStats>(`/checkin-sessions/${main.id}/stats`)).total;

beforeAll(async () => {
  e = await startE2E();
  const sessions = await e.get<{ items: TCheckinSession[] }>(`/campaigns/${e.campaign.id}/checkin-sessions`);
  main = sessions.items.find((s) => s.kind === 'main')!;
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

    await wall.getByTestId('total').filter({ hasText: String(before + 1) }).waitFor({ timeout: 1_000 });
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
    const noScroll = await wall.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth);
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

    const before = await total();
    await ctx.setOffline(true);
    await page.getByTestId('net').filter({ hasText: '离线' }).waitFor();
    for (const code of ['A0001', 'A0002']) {
      await page.getByTestId('scan').fill(code);
      await page.getByTestId('scan').press('Enter');
    }
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
      if (refusals++ === 0) return route.fulfill({ status: 503, headers: { 'Retry-After': '1' }, contentType: 'application/json', body: '{"statusCode":503,"code":"serviceUnavailable","message":"服务暂时不可用"}' });
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
