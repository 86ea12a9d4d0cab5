import path from 'node:path';
import type {
  TListCampaignsResponse,
  TListParticipationsResponse,
  TListCheckinSessionsResponse,
  TListKioskDevicesResponse,
  TListUnitsResponse,
} from '@learnweek/contracts';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, signIn, startE2E, type E2E } from './harness.js';

let e: E2E;
let page: Page;

beforeAll(async () => {
  e = await startE2E();
  const ctx = await e.browser();
  page = await ctx.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, e.base, 'organizer');
  await page.getByTestId('board').waitFor();
});
afterAll(async () => {
  await e?.close();
});

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `organizer-${name}.png`), fullPage: true });
const confirm = () => page.locator('.el-message-box__btns .el-button--primary').click();
const reminders = async (username: string) =>
  (await e.call<{ items: { kind: string }[] }>(username, 'GET', '/notifications?pageSize=50')).items.filter(
    (n) => n.kind === 'deadlineReminder',
  ).length;

describe('the organizer console', () => {
  it('reminds every unit still owing its plan from the deadline matrix, once a day', async () => {
    const [invited] = (await e.get<TListParticipationsResponse>(`/campaigns/${e.campaign.id}/participations?state=invited`)).items;
    await page.getByRole('menuitem', { name: '进度督办' }).click();
    await page.getByTestId('matrix').waitFor();
    await shot('01-deadlines');
    await page.getByTestId('remind-all').click();
    await confirm();
    const sent = page.locator('.el-message', { hasText: '家单位尚未提交' });
    await sent.waitFor();
    const text = (await sent.textContent()) ?? '';
    const [, units, notified] = /(\d+) 家单位尚未提交：已提醒 (\d+) 人/.exec(text) ?? [];
    expect(Number(units)).toBeGreaterThan(0);
    expect(Number(notified)).toBe(Number(units)); // one coordinator per demo unit
    await page.getByTestId('remind-all').click();
    await confirm();
    await page.locator('.el-message', { hasText: '已提醒 0 人' }).waitFor();
    expect(await reminders(`coord-${invited!.unit.code}`)).toBe(1);
  });

  it('imports units from Excel and shows the new accounts once', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('单位');
    ws.addRow(['单位编码*', '单位名称*', '单位类别*', '镇（街道）*', '地址', '负责人', '联系人', '联系电话', '联络员账号', '联络员姓名']);
    ws.addRow(['XB-N900', '新北区星火培训学校', '非学历教育机构', '春江镇', '', '', '周老师', '13900000000', 'coord-XB-N900', '周老师']);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    await page.getByRole('menuitem', { name: '参与单位' }).click();
    await page.getByTestId('units').waitFor();
    await page.getByTestId('units-file').setInputFiles({
      name: '单位名单.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    await page.locator('.el-alert', { hasText: '新建了 1 个联络员账号' }).waitFor();
    await shot('02-units-imported');
    const units = await e.get<TListUnitsResponse>('/units?q=XB-N900');
    expect(units.items).toEqual([expect.objectContaining({ name: '新北区星火培训学校', coordinators: ['coord-XB-N900'] })]);
  });

  it('creates a sub-venue, issues a screen and revokes it', async () => {
    await page.getByRole('menuitem', { name: '签到管理' }).click();
    await page.getByTestId('session-total-main').waitFor();
    await page.getByTestId('new-session').click();
    const dialog = page.locator('.el-dialog');
    await dialog.getByPlaceholder('如：主会场、孟河分会场').fill('孟河分会场');
    await dialog.locator('.el-form-item', { hasText: '地点' }).locator('input').fill('孟河镇文化站');
    await dialog.locator('.el-date-editor input').first().fill('2026-12-22 08:00:00');
    await dialog.locator('.el-date-editor input').nth(1).fill('2026-12-22 12:00:00');
    await dialog.locator('.el-date-editor input').nth(1).press('Enter');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.locator('.session', { hasText: '孟河分会场' }).waitFor();
    const sessions = await e.get<TListCheckinSessionsResponse>(`/campaigns/${e.campaign.id}/checkin-sessions`);
    expect(sessions.items.find((s) => s.name === '孟河分会场')).toMatchObject({
      kind: 'sub',
      venue: '孟河镇文化站',
      opensAt: '2026-12-22T00:00:00.000Z',
    });

    await page.getByTestId('issue-screen').click();
    await page.getByTestId('issue-submit').click();
    const url = await page.getByTestId('issued-url').inputValue();
    expect(url).toMatch(/\/kiosk\/\?token=kiosk_[\w-]+$/);
    const wall = await fetch(`${e.base}/api/kiosk/wall`, {
      headers: { Authorization: `Bearer ${new URL(url).searchParams.get('token')}` },
    });
    expect(wall.status).toBe(200);
    await shot('03-checkin');
    await page.getByRole('button', { name: '停用' }).last().click();
    await confirm();
    await page.locator('.el-message', { hasText: '已停用' }).waitFor();
    const devices = await e.get<TListKioskDevicesResponse>(`/campaigns/${e.campaign.id}/kiosk-devices`);
    expect(devices.items.filter((d) => d.revokedAt !== null)).toHaveLength(1);
  });

  it('clones this year’s campaign into the next as a draft with the same units', async () => {
    await page.getByRole('menuitem', { name: '推进周设置' }).click();
    await page.getByTestId('clone').waitFor();
    await shot('04-settings');
    await page.getByTestId('clone').click();
    await confirm();
    await page.locator('.el-message', { hasText: '已复制' }).waitFor();
    const { items } = await e.get<TListCampaignsResponse>('/campaigns');
    const next = items.find((c) => c.year === e.campaign.year + 1);
    expect(next).toMatchObject({ status: 'draft', title: e.campaign.title.replace(String(e.campaign.year), String(e.campaign.year + 1)) });
    await page.getByTestId('publish').waitFor();
    await shot('05-cloned');
  });
});
