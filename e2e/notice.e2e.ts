import path from 'node:path';
import type { TCampaignNotice, TListParticipationsResponse } from '@learnweek/contracts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { animationsFinished } from './animations.js';
import { expectAccessible } from './axe.js';
import { ARTIFACTS, PHONE, signIn, startE2E, type E2E } from './harness.js';

// The campaign's notice (docs/ARCHITECTURE.md, "The notice"): the office writes it in the console and
// downloads it as Word; a coordinator reads it from their home page; a resident opens its public page
// on a phone, without signing in.
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const shot = async (page: Page, name: string) => {
  await animationsFinished(page);
  await page.screenshot({ path: path.join(ARTIFACTS, `notice-${name}.png`), fullPage: true });
};

describe('the notice', () => {
  it('the organizer edits it by its fields, a wrong placeholder refused under its field, and downloads it as Word', async () => {
    const page = await (await e.browser()).newPage();
    await signIn(page, e.base, 'organizer', 'settings');
    const editor = page.getByTestId('notice-editor');
    await expect.poll(() => page.getByTestId('notice-title').inputValue()).toContain(`${e.campaign.year}年全民终身学习推进周`);
    await expect.poll(() => editor.getByTestId('document-number').textContent()).toMatch(new RegExp(`^新教〔${e.campaign.year}〕\\d+号$`));
    const guiding = page.getByTestId('notice-guidingIdea');
    const before = await guiding.inputValue();
    await guiding.fill(`${before}\n请于{planDue}前报送。`);
    await page.getByTestId('save-notice').click();
    await editor.getByText('含有不认识的占位符').waitFor();
    await expectAccessible(page, 'notice editor with a refusal');
    await shot(page, 'editor-refused-1366');
    await guiding.fill(`${before}\n请于{planDueAt}前报送。`);
    await page.getByTestId('save-notice').click();
    await expect
      .poll(async () => (await e.get<TCampaignNotice>(`/campaigns/${e.campaign.id}/notice`)).notice?.guidingIdea.at(-1))
      .toBe('请于{planDueAt}前报送。');
    const rendered = (await e.get<TCampaignNotice>(`/campaigns/${e.campaign.id}/notice`)).rendered!;
    // The plan's deadline as the notice writes it, by China's calendar (a deadline at midnight closes the day before).
    const due = Date.parse(e.campaign.timeline.planDueAt);
    const day = new Date((due + 8 * 3_600_000) % 86_400_000 === 0 ? due - 1 : due);
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', weekday: 'short' })
        .formatToParts(day)
        .map((p) => [p.type, p.value]),
    );
    expect(rendered.body.map((b) => b.text)).toContain(`请于${parts.month}月${parts.day}日（${parts.weekday}）前报送。`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('notice-docx').click()]);
    expect(download.suggestedFilename()).toBe(`${rendered.title}.docx`);
    // The register of the year lists the notice's number with its title.
    const number = (await editor.getByTestId('document-number').textContent())!;
    await page.getByTestId('show-register').click();
    const register = page.getByTestId('register');
    await register.getByText(number).waitFor();
    await register.getByText(rendered.title).waitFor();
    await expectAccessible(page, 'the register of document numbers');
  });

  it('a coordinator finds it on their home page, and a resident reads it on a 390×844 phone without signing in', async () => {
    const { items } = await e.get<TListParticipationsResponse>(`/campaigns/${e.campaign.id}/participations?pageSize=1`);
    const coord = `coord-${items[0]!.unit.code}`;
    const page = await (await e.browser()).newPage();
    await signIn(page, e.base, coord);
    await page.getByTestId('notice-link').click();
    await page.getByTestId('public-notice').getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      `关于举办新北区${e.campaign.year}年全民终身学习推进周活动的通知`,
    );

    const phone = await (await e.browser(PHONE)).newPage();
    await phone.goto(`${e.base}/admin/notice/${e.campaign.id}`);
    const notice = phone.getByTestId('public-notice');
    await notice.getByTestId('notice-number').waitFor();
    expect(await notice.getByTestId('notice-number').textContent()).toMatch(/^新教〔\d{4}〕\d+号$/);
    await notice.getByText('一、指导思想').waitFor();
    await notice.getByText('附件：“全民终身学习推进周”活动项目安排表').waitFor();
    // Nothing wider than the phone.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(phone, 'public notice on a phone');
    await shot(phone, 'public-390');
    const href = (await notice.getByTestId('notice-download').getAttribute('href')) ?? '';
    const docx = await phone.evaluate(async (href) => {
      const r = await fetch(href);
      return { status: r.status, type: r.headers.get('content-type') };
    }, href);
    expect(docx.status).toBe(200);
    expect(docx.type).toContain('wordprocessingml');
  });
});
