import path from 'node:path';
import type { TActivity, TCampaign, TListParticipationsResponse, TParticipationDetail, TPublicActivities } from '@learnweek/contracts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { animationsFinished } from './animations.js';
import { expectAccessible } from './axe.js';
import { ARTIFACTS, PHONE, startE2E, type E2E } from './harness.js';

// The public calendar as residents need it (docs/PRODUCT.md §6, "The public calendar").
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const HOUR = 3_600_000;
const shot = async (page: Page, name: string) => {
  await animationsFinished(page);
  await page.screenshot({ path: path.join(ARTIFACTS, `calendar-${name}.png`), fullPage: true });
};

describe('the public calendar', () => {
  it('shows the week and whom to ask, the ceremony, a three-day activity on each day with its range, a cancellation, and no class-only row', async () => {
    // The organiser names the enquiry contact.
    const c = await e.get<TCampaign>(`/campaigns/${e.campaign.id}`);
    await e.call('organizer', 'PUT', `/campaigns/${c.id}`, { enquiryContact: '区社区教育办公室 0519-85160099', version: c.version });

    // A community centre plans four rows and is approved; then it cancels one.
    const { items } = await e.get<TListParticipationsResponse>(
      `/campaigns/${c.id}/participations?kind=communityCentre&state=invited&pageSize=1`,
    );
    const mine = items[0]!;
    const coord = `coord-${mine.unit.code}`;
    const detail = () => e.call<TParticipationDetail>(coord, 'GET', `/participations/${mine.id}`);
    const event = async (user: string, type: string) =>
      e.call(user, 'POST', `/participations/${mine.id}/events`, { type, version: (await detail()).version });
    await event(coord, 'START_DRAFT');
    await e.call(coord, 'PUT', `/participations/${mine.id}/plan`, { text: '实施方案', version: (await detail()).plan.version });
    const week = Date.parse(c.timeline.weekStartsAt); // a China midnight
    const row = (title: string, type: string, from: number, to: number, audiences: string[], free = false) =>
      e.call<TActivity>(coord, 'POST', `/participations/${mine.id}/activities`, {
        title,
        type,
        startsAt: new Date(week + from).toISOString(),
        endsAt: new Date(week + to).toISOString(),
        place: '镇社区教育中心',
        personInCharge: '王老师',
        audiences,
        free,
      });
    const DAY = 24 * HOUR;
    await row('长者智能手机课', 'freeClass', DAY + 9 * HOUR, DAY + 11 * HOUR, ['elderly'], true);
    await row('社区读书节', 'reading', DAY + 8 * HOUR, 3 * DAY + 17 * HOUR, ['residents']);
    await row('各班手抄报评比', 'poster', 2 * DAY + 9 * HOUR, 2 * DAY + 10 * HOUR, ['students']);
    const dropped = await row('家风家训讲座', 'lecture', 4 * DAY + 14 * HOUR, 4 * DAY + 16 * HOUR, ['residents']);
    await event(coord, 'SUBMIT_PLAN');
    await event('approver', 'APPROVE_PLAN');
    await e.call(coord, 'PUT', `/participations/${mine.id}/activities/${dropped.id}`, {
      status: 'cancelled',
      cancelReason: '主讲人临时有事',
      version: dropped.version,
    });

    const api = await e.get<TPublicActivities>(`/public/campaigns/${c.id}/activities?town=${encodeURIComponent(mine.unit.town)}`);
    expect(
      api.items
        .filter((a) => a.unitName === mine.unit.name)
        .map((a) => a.title)
        .sort(),
    ).toEqual(['家风家训讲座', '社区读书节', '长者智能手机课'].sort());

    const page = await (await e.browser(PHONE)).newPage();
    await page.goto(`${e.base}/admin/calendar/${c.id}`);
    const cal = page.getByTestId('public-calendar');
    const day = (n: number) => new Date(week + n * DAY + 12 * HOUR).toISOString().slice(0, 10);
    const month = (n: number) => Number(day(n).slice(5, 7));
    const date = (n: number) => Number(day(n).slice(8, 10));
    // A range names its end's month only when it is another (the week may run over a month's end: 12月30日–1月1日).
    const range = (from: number, to: number) =>
      `${month(from)}月${date(from)}日–${month(to) === month(from) ? '' : `${month(to)}月`}${date(to)}日`;
    // At the top: the week's dates and the enquiry contact.
    await cal.getByTestId('calendar-enquiry').filter({ hasText: '咨询：区社区教育办公室 0519-85160099' }).waitFor();
    expect(await cal.getByTestId('calendar-week').textContent()).toMatch(/^活动周：\d+月\d+日–(\d+月)?\d+日$/);
    // The ceremony heads its day.
    const launchDay = new Date(Date.parse(c.timeline.launchAt) + 8 * HOUR).toISOString().slice(0, 10);
    await cal
      .getByTestId(`calendar-day-${launchDay}`)
      .getByTestId('calendar-ceremony')
      .filter({ hasText: c.timeline.launchVenue })
      .waitFor();
    // The three-day activity on each of its days, with the whole range.
    for (const n of [1, 2, 3]) {
      const card = cal.getByTestId(`calendar-day-${day(n)}`).getByTestId('calendar-社区读书节');
      await card.waitFor();
      expect((await card.locator('.time').textContent())?.trim()).toBe(`${range(1, 3)} 08:00–17:00`);
    }
    expect(
      await cal
        .getByTestId(`calendar-day-${day(4)}`)
        .getByTestId('calendar-社区读书节')
        .count(),
    ).toBe(0);
    // One day's activity shows its hours only; the cancelled one says so; the pupils' one is not listed.
    expect(
      (
        await cal
          .getByTestId(`calendar-day-${day(1)}`)
          .getByTestId('calendar-长者智能手机课')
          .locator('.time')
          .textContent()
      )?.trim(),
    ).toBe('09:00–11:00');
    await cal
      .getByTestId(`calendar-day-${day(4)}`)
      .getByTestId('calendar-家风家训讲座')
      .getByText('已取消')
      .waitFor();
    expect(await cal.getByTestId('calendar-各班手抄报评比').count()).toBe(0);

    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await expectAccessible(page, 'public calendar on a phone');
    await shot(page, '390x844');
    await page.setViewportSize({ width: 1366, height: 768 });
    await shot(page, '1366x768');
  });
});
