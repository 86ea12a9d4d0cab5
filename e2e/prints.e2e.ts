import path from 'node:path';
import type { TListParticipationsResponse, TParticipationDetail } from '@learnweek/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { animationsFinished } from './animations.js';
import { ARTIFACTS, PHONE, signIn, startE2E, type E2E } from './harness.js';

let e: E2E;

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

describe('field messages in the activity editor', () => {
  it('a too-long phone number reads in Chinese under its field, clear of 免费, at 1366×768 and on a 390×844 phone', async () => {
    const list = await e.get<TListParticipationsResponse>(
      `/campaigns/${e.campaign.id}/participations?kind=school&state=invited&pageSize=2`,
    );
    for (const [i, device] of [
      [0, 'desktop'],
      [1, 'phone'],
    ] as const) {
      const mine = list.items[i]!;
      const coord = `coord-${mine.unit.code}`;
      const detail = await e.call<TParticipationDetail>(coord, 'GET', `/participations/${mine.id}`);
      await e.call(coord, 'POST', `/participations/${mine.id}/events`, { type: 'START_DRAFT', version: detail.version });
      const context = await e.browser(device === 'phone' ? PHONE : undefined);
      const page = await context.newPage();
      if (device === 'desktop') await page.setViewportSize({ width: 1366, height: 768 });
      await signIn(page, e.base, coord);
      await page.getByTestId('unit-name').filter({ hasText: mine.unit.name }).waitFor();
      await page.getByRole('tab', { name: /活动安排表/ }).click();
      await page.getByTestId('activity-add').click();
      await page.getByTestId('activity-title').fill('终身学习主题讲座');
      await page.getByTestId('activity-phone').fill('0519-85123456-8888-9999-00');
      await page.getByTestId('activity-save').click();
      const phoneItem = page.locator('.el-form-item', { has: page.getByTestId('activity-phone') });
      const freeItem = page.locator('.el-form-item', { has: page.getByTestId('activity-free') });
      const message = phoneItem.locator('.el-form-item__error');
      await message.waitFor();
      expect(await message.innerText()).toContain('最多 20 个字符');
      await phoneItem.scrollIntoViewIfNeeded();
      await animationsFinished(page);
      const below = (await message.boundingBox())!;
      const free = (await freeItem.boundingBox())!;
      expect(below.y + below.height, device).toBeLessThanOrEqual(free.y);
      // Every message the form shows is Chinese, with no type names or English words.
      for (const text of await page.locator('.el-form-item__error').allInnerTexts()) expect(text, device).not.toMatch(/[A-Za-z]{2,}/);
      await page.screenshot({ path: path.join(ARTIFACTS, `prints-phone-message-${device}.png`) });
      await context.close();
    }
  });
});

describe('the console’s exports', () => {
  it('offers the two compilations beside the .zip, and the organizer downloads the summaries as one .docx', async () => {
    const context = await e.browser();
    const page = await context.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, e.base, 'organizer');
    await page.getByTestId('exports').click();
    const items = page.locator('.el-dropdown-menu__item:visible');
    await page.getByTestId('export-summaries.docx').waitFor();
    expect(await items.allInnerTexts()).toEqual([
      '全区活动安排表（.xlsx）',
      '各单位工作进度表（.xlsx）',
      '实施方案汇编（.docx，含活动安排表）',
      '活动总结汇编（.docx，含封面、目录与照片）',
      '活动总结汇编（.zip，含 Word 与照片）',
    ]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'prints-exports-menu-1366.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-summaries.docx').click()]);
    expect(download.suggestedFilename()).toBe(`${e.campaign.title}活动总结汇编.docx`);
    const [plans] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByTestId('exports')
        .click()
        .then(() => page.getByTestId('export-plans.docx').click()),
    ]);
    expect(plans.suggestedFilename()).toBe(`${e.campaign.title}实施方案汇编.docx`);
    await context.close();
  });
});
