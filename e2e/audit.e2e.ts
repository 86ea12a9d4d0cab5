import { auditValueText, type TCampaign, type TListAuditResponse } from '@learnweek/contracts';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickOption, screens, signIn, startE2E, type E2E } from './harness.js';

/** The organizer's audit log: a date edited in the settings shows on /admin/audit with its value before and after, filtered and exported. */
let e: E2E;
let page: Page;

beforeAll(async () => {
  e = await startE2E();
  page = await (await e.browser()).newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, e.base, 'organizer');
  await page.getByTestId('board').waitFor();
});
afterAll(async () => {
  await e?.close();
});

/** China wall-clock text as the date picker shows and takes it. */
const wallClock = (instant: Date) => new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

describe('the audit log', () => {
  it('shows a campaign date edit with the date before and after, filters it, and exports it', async () => {
    const before = e.campaign.timeline.planDueAt;
    await page.getByRole('menuitem', { name: '推进周设置' }).click();
    const input = page.locator('.el-form-item', { hasText: '方案截止' }).locator('input');
    await input.waitFor();
    const shown = await input.inputValue();
    expect(shown).toBe(wallClock(new Date(before)));
    const after = new Date(Date.parse(before) - 86_400_000);
    await input.fill(wallClock(after));
    await input.press('Enter');
    await page.getByTestId('save-campaign').click();
    // A published campaign's dates: what they do is shown first (town's preview), then saved.
    await page.getByTestId('dates-preview-confirm').click();
    await page.locator('.el-message--success').waitFor();
    expect((await e.get<TCampaign>(`/campaigns/${e.campaign.id}`)).timeline.planDueAt).toBe(after.toISOString());

    // Someone else's action, to filter out.
    await e.call('organizer', 'POST', `/campaigns/${e.campaign.id}/deadlines/reminders`, { deadline: 'plan' });

    await page.getByRole('menuitem', { name: '操作日志' }).click();
    await page.waitForURL(/\/admin\/audit$/);
    const table = page.getByTestId('audit');
    const edit = table.locator('.el-table__row', { hasText: '修改活动' }).first();
    await edit.waitFor();
    await expect.poll(() => edit.textContent()).toContain('区教育文体局组织办');
    const change = edit.getByTestId('audit-change');
    expect(await change.locator('.field').textContent()).toBe('方案截止');
    await expect.poll(() => change.locator('.before').textContent()).toBe(auditValueText('planDueAt', before, 'zh-CN'));
    expect(await change.locator('.after').textContent()).toBe(auditValueText('planDueAt', after.toISOString(), 'zh-CN'));
    expect(await table.locator('.el-table__row', { hasText: '发送催报' }).count()).toBeGreaterThan(0);

    // Filtered to campaign edits, the reminders go.
    await pickOption(page, 'audit-kind', '修改活动');
    await page.getByTestId('audit-actor').fill('organizer');
    await page.getByTestId('audit-search').click();
    await expect.poll(() => table.locator('.el-table__row', { hasText: '发送催报' }).count()).toBe(0);
    const rows = table.locator('.el-table__row');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('修改活动');
    const listed = await e.get<TListAuditResponse>('/audit?kind=campaign.updated&actor=organizer');
    expect(listed.total).toBe(1);
    await screens(page, 'audit');

    // The export holds the filtered entries, with the dates before and after.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^操作日志-\d{12}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const values = (book.worksheets[0]!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1).map(String));
    expect(values[1]).toEqual(['时间', '操作人', '账号', '操作', '活动', '单位', '内容']);
    expect(values.slice(2)).toHaveLength(1);
    expect(values[2]!.slice(1, 5)).toEqual(['区教育文体局组织办', 'organizer', '修改活动', e.campaign.title]);
    expect(values[2]![6]).toContain(
      `方案截止: ${auditValueText('planDueAt', before, 'zh-CN')} → ${auditValueText('planDueAt', after.toISOString(), 'zh-CN')}`,
    );
    // The download is itself recorded.
    await expect
      .poll(async () => (await e.get<TListAuditResponse>('/audit?kind=export.downloaded')).items[0]?.target)
      .toMatch(/^操作日志-/);
  });

  it('filters a season’s record by unit, actor (系统 too), kind and days, and exports what it shows, newest first', async () => {
    const coordinator = 'coord-XB-C001';
    // A failed sign-in, a coordinator's sign-in and profile, and the system marking plans overdue.
    const failed = await fetch(`${e.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: coordinator, password: 'wrong-password' }),
    });
    expect(failed.status).toBe(401);
    await e.call(coordinator, 'PUT', '/profile', { email: 'c001@example.cn', locale: 'zh-CN' });
    e.clock.set(new Date(Date.parse(e.campaign.timeline.planDueAt) + 60_000));
    await e.tick();

    await page.goto(`${e.base}/admin/audit`);
    const table = page.getByTestId('audit');
    const rows = table.locator('.el-table__row');
    await rows.first().waitFor();

    // By unit: the coordinator's sign-in and profile, named by the unit.
    await page.getByTestId('audit-unit').click();
    await page.getByTestId('audit-unit').locator('input').fill('C001');
    await page.locator('.el-select-dropdown__item:visible', { hasText: 'XB-C001' }).click();
    await page.getByTestId('audit-search').click();
    await expect.poll(() => table.locator('.el-table__row', { hasText: '修改个人设置' }).count()).toBe(1);
    const unitName = (await e.get<{ items: { name: string }[] }>('/units?q=XB-C001')).items[0]!.name;
    const shown = await rows.allTextContents();
    expect(shown.every((r) => r.includes(unitName))).toBe(true);
    expect(shown.some((r) => r.includes('登录') && r.includes(coordinator))).toBe(true);
    await screens(page, 'audit-unit');

    // By actor: the system's overdue marks, as 系统.
    await page.getByTestId('audit-unit').hover();
    await page.getByTestId('audit-unit').locator('.el-select__clear').click();
    await page.getByTestId('audit-actor').fill('系统');
    await page.getByTestId('audit-search').click();
    // The unit's list had overdue marks too: wait for the actor's list itself.
    await expect.poll(async () => (await rows.allTextContents()).every((r) => r.includes('系统'))).toBe(true);
    expect(await table.locator('.el-table__row', { hasText: '标记逾期' }).count()).toBeGreaterThan(0);

    // By kind: the failed sign-in, with the username given and not signed in.
    await page.getByTestId('audit-actor').fill('');
    await pickOption(page, 'audit-kind', '登录失败');
    await page.getByTestId('audit-search').click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toMatch(new RegExp(`${coordinator}\\s*未登录`));

    // By days: none on a day before the season.
    const days = page.locator('.el-range-input');
    await days.nth(0).fill('2000-01-01');
    await days.nth(1).fill('2000-01-02');
    await days.nth(1).press('Enter');
    await page.getByTestId('audit-search').click();
    await expect.poll(() => rows.count()).toBe(0);

    // Every kind, every day: the export holds what the table shows, newest first.
    await page.goto(`${e.base}/admin/audit`);
    await rows.first().waitFor();
    const listed = await e.get<TListAuditResponse>('/audit?pageSize=200');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const exported = (book.worksheets[0]!.getSheetValues() as unknown[][]).filter(Boolean).slice(2);
    expect(exported.length).toBeGreaterThanOrEqual(listed.total);
    const times = exported.map((r) => (r[1] as Date).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(exported.map((r) => r[4])).toEqual(expect.arrayContaining(['登录失败', '标记逾期', '修改个人设置', '修改活动', '发送催报']));
  });

  it('is not offered to approvers, and sends them home from its address', async () => {
    const other = await (await e.browser()).newPage();
    await signIn(other, e.base, 'approver');
    await other.getByTestId('board').waitFor();
    expect(await other.getByRole('menuitem', { name: '操作日志' }).count()).toBe(0);
    await other.goto(`${e.base}/admin/audit`);
    await other.getByTestId('board').waitFor();
    expect(other.url()).not.toContain('/audit');
  });
});

describe('the header’s profile dialog', () => {
  it('sets where and in which language notices are also sent, refusing a malformed address beside the field', async () => {
    await page.getByTestId('profile').click();
    const dialog = page.getByTestId('profile-dialog');
    const email = page.getByTestId('profile-email');
    await email.waitFor();
    await email.fill('not-an-address');
    await page.getByTestId('profile-save').click();
    await dialog.locator('.el-form-item__error', { hasText: '请输入有效的电子邮箱地址' }).waitFor();
    await email.fill('xxzx@example.cn');
    await page.getByTestId('profile-save').click();
    await page.locator('.el-message--success', { hasText: '个人设置已保存' }).waitFor();
    expect(await e.get<{ email: string | null; locale: string }>('/profile')).toMatchObject({ email: 'xxzx@example.cn', locale: 'zh-CN' });
  });
});
