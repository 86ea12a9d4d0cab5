import path from 'node:path';
import type { TCityBoard, TListCampaignsResponse, TListParticipationsResponse } from '@learnweek/contracts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { animationsFinished } from './animations.js';
import { expectAccessible } from './axe.js';
import { ARTIFACTS, signIn, startE2E, type E2E } from './harness.js';

/**
 * The city of 常州 in one installation (issue 25): the city office follows both districts' progress on
 * its board; 天宁区's organizer sees 天宁区 only; a 新北区 coordinator's link into 天宁区 says 无权查看.
 */
let e: E2E;

beforeAll(async () => {
  e = await startE2E({ city: true });
}, 300_000);
afterAll(async () => {
  await e?.close();
});

const shot = async (page: Page, name: string, size: { width: number; height: number }) => {
  await page.setViewportSize(size);
  await animationsFinished(page);
  await page.screenshot({ path: path.join(ARTIFACTS, `city-${name}-${size.width}.png`), fullPage: true });
};
const FIGURES = ['units', 'plansSubmitted', 'plansApproved', 'activities', 'participants', 'checkins', 'exemplars'] as const;

describe('the city of 常州', () => {
  it('the city office sees both districts’ progress and the city’s totals, on a desk and on a phone', async () => {
    const board = await e.call<TCityBoard>('city', 'GET', '/city/board');
    expect(board.districts.map((d) => d.name)).toEqual(['天宁区', '新北区']);
    const ctx = await e.browser();
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, e.base, 'city');
    await page.getByTestId('city-board').waitFor();
    expect(page.url()).toContain('/admin/city');
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toContain('常州市推进周进度');
    // The districts' pages are not the city office's: no campaign to choose, no district's menu.
    expect(await page.getByTestId('campaign-select').count()).toBe(0);
    expect(await page.getByTestId('menu-city').count()).toBe(1);
    for (const d of board.districts) {
      await page.getByTestId(`city-district-${d.code}`).waitFor();
      for (const k of FIGURES) expect(await page.getByTestId(`city-${d.code}-${k}`).textContent(), `${d.code} ${k}`).toBe(String(d[k]));
    }
    const footer = await page.locator('.el-table__footer').textContent();
    expect(footer).toContain('全市合计');
    expect(footer).toContain(String(board.totals.units));
    expect(board.totals.units).toBe(board.districts[0]!.units + board.districts[1]!.units);
    await shot(page, 'board', { width: 1366, height: 768 });
    await expectAccessible(page, 'city board');
    // A district's page is out of its reach: back to its board.
    await page.goto(`${e.base}/admin/participations`);
    await page.getByTestId('city-board').waitFor();
    expect(page.url()).toContain('/admin/city');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('city-totals').waitFor();
    for (const d of board.districts) expect(await page.getByTestId(`city-${d.code}-units`).textContent()).toBe(String(d.units));
    expect(await page.getByTestId('city-total-units').textContent()).toBe(String(board.totals.units));
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(page, 'board', { width: 390, height: 844 });
    await expectAccessible(page, 'city board on a phone');
  });

  it('天宁区’s organizer sees 天宁区 only', async () => {
    const { items } = await e.call<TListCampaignsResponse>('tn-organizer', 'GET', '/campaigns');
    expect(items).toHaveLength(1);
    const tn = await e.call<TListParticipationsResponse>('tn-organizer', 'GET', `/campaigns/${items[0]!.id}/participations?pageSize=100`);
    expect(tn.items.length).toBeGreaterThan(0);
    expect(tn.items.every((p) => p.unit.code.startsWith('TN-'))).toBe(true);

    const ctx = await e.browser();
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, e.base, 'tn-organizer', 'participations');
    const table = page.getByTestId('participations');
    await table.locator('.el-table__row').first().waitFor();
    await expect.poll(() => table.locator('.el-table__row').count()).toBe(Math.min(tn.items.length, 20));
    const codes = await table.locator('.el-table__row .code').allTextContents();
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((c) => c.startsWith('TN-'))).toBe(true);
    // One campaign to choose: 天宁区's.
    await page.getByTestId('campaign-select').click();
    await expect.poll(() => page.locator('.el-select-dropdown__item:visible').count()).toBe(1);
    await shot(page, 'tn-organizer', { width: 1366, height: 768 });
    // The city's board is not a district's.
    await page.goto(`${e.base}/admin/city`);
    await page.waitForURL((u) => !u.pathname.endsWith('/city'));
  });

  it('a 新北区 coordinator’s link into 天宁区 says 无权查看', async () => {
    const [tnCampaign] = (await e.call<TListCampaignsResponse>('tn-organizer', 'GET', '/campaigns')).items;
    const [tnParticipation] = (
      await e.call<TListParticipationsResponse>('tn-organizer', 'GET', `/campaigns/${tnCampaign!.id}/participations?pageSize=1`)
    ).items;
    const xb = await e.call<TListParticipationsResponse>('organizer', 'GET', `/campaigns/${e.campaign.id}/participations?pageSize=1`);
    const coordinator = `coord-${xb.items[0]!.unit.code}`;
    const ctx = await e.browser();
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, e.base, coordinator, `participations/${tnParticipation!.id}`);
    const result = page.locator('.el-result', { hasText: '无权查看' });
    await result.waitFor();
    expect(await result.textContent()).toContain('其他区');
    // Nor does the unit's page leak anything of it.
    expect(await page.getByText(tnParticipation!.unit.name).count()).toBe(0);
    await shot(page, 'foreign-link', { width: 1366, height: 768 });
    await shot(page, 'foreign-link', { width: 390, height: 844 });
  });
});
