import path from 'node:path';
import {
  PARTICIPATION_STATE_LABELS,
  type TCampaign,
  type TDeadlineMatrixResponse,
  type TListParticipationsResponse,
} from '@learnweek/contracts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { animationsFinished } from './animations.js';
import { expectAccessible } from './axe.js';
import { ARTIFACTS, PHONE, pickOption, signIn, startE2E, type E2E } from './harness.js';

/** The console keeps its place: filters in the address, the body following the header's campaign, the phone's bulk approval, the deadline matrix's legend and reminders. */
let e: E2E;

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const shot = async (page: Page, name: string) => {
  await animationsFinished(page);
  await page.screenshot({ path: path.join(ARTIFACTS, `console-place-${name}.png`), fullPage: true });
};
const list = (query: string, campaignId = e.campaign.id) =>
  e.get<TListParticipationsResponse>(`/campaigns/${campaignId}/participations?${query}&pageSize=100`);
const rows = (page: Page) => page.locator('[data-test=participations] .el-table__row');

describe('the console keeps its place', () => {
  it('keeps the list’s filters in the address through reload and back, and the body follows the header’s campaign', async () => {
    const page = await (await e.browser()).newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, e.base, 'approver', 'participations');
    await rows(page).first().waitFor();
    await pickOption(page, 'filter-state', '方案待审核');
    await pickOption(page, 'filter-kind', '中小学');
    await page.getByTestId('search').click();
    await page.waitForURL(/state=planSubmitted/);
    expect(new URL(page.url()).searchParams.get('kind')).toBe('school');
    const expected = (await list('state=planSubmitted&kind=school')).total;
    expect(expected).toBeGreaterThan(0);
    await expect.poll(() => rows(page).count()).toBe(Math.min(expected, 20));

    await page.reload();
    await expect.poll(() => rows(page).count()).toBe(Math.min(expected, 20));
    expect(await page.getByTestId('filter-state').textContent()).toContain('方案待审核');
    expect(await page.getByTestId('filter-kind').textContent()).toContain('中小学');
    await shot(page, '01-filters-after-reload');

    const first = (await list('state=planSubmitted&kind=school')).items[0]!;
    await rows(page).filter({ hasText: first.unit.name }).click();
    await page.getByTestId('unit-name').filter({ hasText: first.unit.name }).waitFor();
    await page.goBack();
    await page.waitForURL(/state=planSubmitted/);
    await expect.poll(() => rows(page).count()).toBe(Math.min(expected, 20));
    expect(await page.getByTestId('filter-state').textContent()).toContain('方案待审核');

    // On a participation's page, another campaign in the header: the body becomes that campaign's list.
    await rows(page).filter({ hasText: first.unit.name }).click();
    await page.getByTestId('unit-name').filter({ hasText: first.unit.name }).waitFor();
    const other = (await e.get<{ items: TCampaign[] }>('/campaigns')).items.find((c) => c.id !== e.campaign.id)!;
    await pickOption(page, 'campaign-select', other.title);
    await page.waitForURL(/\/admin\/participations(\?|$)/);
    await page.getByTestId('unit-name').waitFor({ state: 'detached' });
    // Their list, unfiltered: the rows (and each one's state) of the other campaign.
    const theirs = await e.get<TListParticipationsResponse>(`/campaigns/${other.id}/participations?page=1&pageSize=20`);
    await expect.poll(() => rows(page).count()).toBe(theirs.items.length);
    const states = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.querySelector('.el-tag')?.textContent?.trim() ?? ''));
    expect(states).toEqual(theirs.items.map((p) => PARTICIPATION_STATE_LABELS[p.state]['zh-CN']));
    expect(states).not.toEqual(
      (await e.get<TListParticipationsResponse>(`/campaigns/${e.campaign.id}/participations?page=1&pageSize=20`)).items.map(
        (p) => PARTICIPATION_STATE_LABELS[p.state]['zh-CN'],
      ),
    );
    await shot(page, '02-campaign-switched');
  });

  it('selects cards and approves them together on a 390×844 phone', async () => {
    const submitted = (await list('state=planSubmitted')).items.slice(0, 2);
    expect(submitted).toHaveLength(2);
    const page = await (await e.browser(PHONE)).newPage();
    await signIn(page, e.base, 'approver', 'participations?state=planSubmitted');
    await page.getByTestId('participation-card').first().waitFor();
    expect(page.viewportSize()).toEqual({ width: 390, height: 844 });
    const card = (name: string) => page.locator('.card-item', { hasText: name });
    for (const p of submitted) await card(p.unit.name).getByTestId('card-select').tap();
    await page.getByTestId('bulk-approve').filter({ hasText: '(2)' }).waitFor();
    await expectAccessible(page, 'phone: list with selection');
    await shot(page, '03-phone-selected');
    await page.getByTestId('bulk-approve').tap();
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).tap();
    await page.locator('.el-message--success').waitFor();
    for (const p of submitted) expect((await list(`q=${encodeURIComponent(p.unit.code)}`)).items[0]!.state).toBe('planApproved');
    await shot(page, '04-phone-approved');
  });

  it('shows the matrix’s states as symbols with words, a legend that passes axe, and who was reminded when', async () => {
    await e.call('organizer', 'POST', `/campaigns/${e.campaign.id}/deadlines/reminders`, { deadline: 'plan' });
    const matrix = await e.get<TDeadlineMatrixResponse>(`/campaigns/${e.campaign.id}/deadlines?pageSize=50`);
    const reminded = matrix.items.find((r) => r.reminders.length > 0)!;
    expect(reminded.reminders[0]).toMatchObject({ deadline: 'plan', to: expect.any(String) as string });

    const page = await (await e.browser()).newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, e.base, 'organizer', 'deadlines');
    await page.getByTestId('matrix').waitFor();
    await page.getByTestId(`reminders-${reminded.unit.code}`).filter({ hasText: reminded.reminders[0]!.to }).waitFor();
    expect(await page.getByTestId('legend-overdue').textContent()).toBe('!已逾期');
    const cell = page.getByTestId(`cell-${reminded.unit.code}-plan`);
    expect((await cell.textContent())!.length).toBeGreaterThanOrEqual(4);
    await expectAccessible(page, 'deadline matrix');
    await shot(page, '05-matrix');

    const phone = await (await e.browser(PHONE)).newPage();
    await signIn(phone, e.base, 'organizer', 'deadlines');
    await phone.getByTestId('matrix').waitFor();
    // Each state in full words inside the screen, not cut at its edge; the reminders beside them.
    for (const d of ['plan', 'schedule', 'summary', 'photos']) {
      const cell = phone.getByTestId(`cell-${reminded.unit.code}-${d}`);
      const box = await cell.evaluate((el) => ({
        text: el.textContent ?? '',
        fits: el.scrollWidth <= el.clientWidth + 1,
        right: el.getBoundingClientRect().right,
      }));
      expect(box.fits && box.right <= 390, box.text).toBe(true);
      expect(box.text.length, box.text).toBeGreaterThanOrEqual(4);
    }
    await phone.getByTestId(`reminders-${reminded.unit.code}`).filter({ hasText: reminded.reminders[0]!.to }).waitFor();
    await expectAccessible(phone, 'phone: deadline matrix');
    await shot(phone, '06-phone-matrix');
  });
});
