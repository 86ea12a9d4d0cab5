import path from 'node:path';
import type { TListParticipationsResponse, TParticipationDetail, TPublicActivities } from '@learnweek/contracts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, signIn, startE2E, type E2E } from './harness.js';

let e: E2E;
const DAY = 86_400_000;

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `approver-${name}.png`), fullPage: true });
const list = (query: string) => e.get<TListParticipationsResponse>(`/campaigns/${e.campaign.id}/participations?${query}&pageSize=100`);
const pick = async (page: Page, testId: string, option: string) => {
  await page.getByTestId(testId).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).click();
};

describe('the approver console', () => {
  it('reviews a late resubmission with its diff, returns it on the schedule, bulk-approves 10, and the board follows live', async () => {
    // A school whose plan was returned resubmits it after the deadline, with a changed publicity section.
    const [returned] = (await list('state=planReturned&kind=school')).items;
    expect(returned).toBeDefined();
    e.clock.set(new Date(Date.parse(e.campaign.timeline.planDueAt) + DAY));
    await e.tick();
    const coordinator = `coord-${returned!.unit.code}`;
    const before = await e.call<TParticipationDetail>(coordinator, 'GET', `/participations/${returned!.id}`);
    await e.call(coordinator, 'PUT', `/participations/${returned!.id}/plan`, {
      publicity: `${before.plan.publicity}；增加社区公告栏宣传`,
      version: before.plan.version,
    });
    await e.call(coordinator, 'POST', `/participations/${returned!.id}/events`, { type: 'SUBMIT_PLAN', version: before.version });
    const submitted = (await list('state=planSubmitted')).total;
    expect(submitted).toBeGreaterThan(10);

    const ctx = await e.browser();
    const board = await ctx.newPage();
    await board.setViewportSize({ width: 1440, height: 1000 });
    await signIn(board, e.base, 'approver');
    await board.getByTestId('board').waitFor();
    await board.getByTestId('board-live').filter({ hasText: '实时' }).waitFor();
    const approvedBefore = Number(await board.getByTestId('kpi-approved').textContent());
    await expect.poll(async () => Number(await board.getByTestId('state-planSubmitted').textContent())).toBe(submitted);
    await shot(board, '01-board');

    // In a second tab: schools, late, awaiting review.
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, e.base, 'approver', 'participations');
    await page.getByTestId('participations').waitFor();
    await pick(page, 'filter-state', '方案待审核');
    await pick(page, 'filter-kind', '中小学');
    await page.getByTestId('filter-late').click();
    await page.getByTestId('search').click();
    const row = page.locator('[data-test=participations] .el-table__row', { hasText: returned!.unit.name });
    await row.waitFor();
    expect(await page.locator('[data-test=participations] .el-table__row').count()).toBe(
      (await list('state=planSubmitted&kind=school&late=true')).total,
    );
    await shot(page, '02-late-schools');

    await row.click();
    await page.getByTestId('unit-name').filter({ hasText: returned!.unit.name }).waitFor();
    await page.getByRole('tab', { name: /历次提交/ }).click();
    await page.getByTestId('revision-diff').filter({ hasText: '增加社区公告栏宣传' }).waitFor();
    await shot(page, '03-diff');

    await page.getByTestId('event-RETURN_PLAN').click();
    await page.getByTestId('event-comment').fill('请按意见修改活动安排表后重新提交。');
    await page.getByTestId('section-schedule').fill('“主题班会”缺少负责人联系电话。');
    await page.getByTestId('event-confirm').click();
    await page.getByTestId('state').filter({ hasText: '方案已退回' }).waitFor();
    await page.getByRole('tab', { name: '办理记录' }).click();
    await page.getByTestId('history').filter({ hasText: '“主题班会”缺少负责人联系电话。' }).waitFor();
    await shot(page, '04-returned');
    const after = await e.call<TParticipationDetail>('approver', 'GET', `/participations/${returned!.id}`);
    expect(after.history.at(-1)).toMatchObject({ event: 'RETURN_PLAN', sectionComments: { schedule: '“主题班会”缺少负责人联系电话。' } });

    // Bulk-approve ten submitted plans.
    await page.goto(`${e.base}/admin/participations`);
    await pick(page, 'filter-state', '方案待审核');
    await page.getByTestId('search').click();
    const rows = page.locator('[data-test=participations] .el-table__body .el-table__row');
    await expect.poll(() => rows.count()).toBe(Math.min(submitted - 1, 20));
    for (let i = 0; i < 10; i++) await rows.nth(i).locator('.el-checkbox').click();
    await page.getByTestId('bulk-approve').filter({ hasText: '(10)' }).click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await page.locator('.el-message').filter({ hasText: '已通过 10 份' }).waitFor();
    await shot(page, '05-bulk-approved');
    expect((await list('state=planSubmitted')).total).toBe(submitted - 11);

    // The board in the first tab has followed, without a reload.
    await expect.poll(async () => Number(await board.getByTestId('kpi-approved').textContent())).toBe(approvedBefore + 10);
    await expect.poll(async () => Number(await board.getByTestId('state-planSubmitted').textContent())).toBe(submitted - 11);
    await shot(board, '06-board-live');

    // Each figure leads to the units behind it.
    await board.getByTestId('state-planSubmitted').click();
    await board.getByTestId('participations').waitFor();
    await expect.poll(() => board.locator('[data-test=participations] .el-table__row').count()).toBe(Math.min(submitted - 11, 20));
    expect(await board.locator('[data-test=participations] .el-table__row', { hasText: '方案待审核' }).count()).toBe(
      Math.min(submitted - 11, 20),
    );

    // Residents see the approved schedules on the public calendar, without signing in.
    const calendar = await e.get<TPublicActivities>(`/public/campaigns/${e.campaign.id}/activities`);
    expect(calendar.items.length).toBeGreaterThan(10);
    const visitor = await (await e.browser()).newPage();
    await visitor.setViewportSize({ width: 420, height: 900 });
    await visitor.goto(`${e.base}/admin/calendar/${e.campaign.id}`);
    // Each activity on each of its days, and the launch ceremony on its own.
    await expect
      .poll(() => visitor.locator('[data-test=public-calendar] .activity').count())
      .toBe(calendar.items.reduce((n, a) => n + a.days.length, 0) + 1);
    await shot(visitor, '07-public-calendar');
  });
});
