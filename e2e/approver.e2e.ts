import path from 'node:path';
import type { TListParticipationsResponse } from '@learnweek/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startE2E, type E2E } from './harness.js';

let e: E2E;

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

describe('the approver console', () => {
  it('bulk-approves the selected submitted plans from the list', async () => {
    const submitted = () => e.get<TListParticipationsResponse>(`/campaigns/${e.campaign.id}/participations?state=planSubmitted&pageSize=100`);
    const before = await submitted();
    expect(before.total).toBeGreaterThan(1);

    const ctx = await e.browser();
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${e.base}/admin/`);
    await page.getByTestId('username').fill('approver');
    await page.getByTestId('password').fill('demo1234');
    await page.getByTestId('login').click();
    await page.getByTestId('participations').waitFor();
    await page.getByTestId('filter-state').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '方案待审核' }).click();
    await page.getByTestId('search').click();
    await expect.poll(() => page.locator('[data-test=participations] .el-table__row').count()).toBe(Math.min(before.total, 20));
    await page.locator('[data-test=participations] .el-table__header .el-checkbox').click();
    await page.getByTestId('bulk-approve').filter({ hasText: `(${Math.min(before.total, 20)})` }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'approver-bulk-selected.png'), fullPage: true });
    await page.getByTestId('bulk-approve').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await page.locator('.el-message').filter({ hasText: `已通过 ${Math.min(before.total, 20)} 份` }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'approver-bulk-done.png'), fullPage: true });
    expect((await submitted()).total).toBe(before.total - Math.min(before.total, 20));
  });
});
