import path from 'node:path';
import type { TListParticipationsResponse } from '@learnweek/contracts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp } from '../apps/api/test/smtp.js';
import { animationsFinished } from './animations.js';
import { ARTIFACTS, PHONE, signIn, startE2E, type E2E } from './harness.js';

let e: E2E;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const PUBLIC_URL = 'https://learnweek.example.cn';

beforeAll(async () => {
  smtp = await startSmtp();
  e = await startE2E({ env: { SMTP_URL: `${smtp.url}?from=xxzx@example.cn`, PUBLIC_URL, MAIL_FROM_NAME: '常州市新北区教育局' } });
});
afterAll(async () => {
  await e?.close();
  await smtp?.close();
});

const shot = async (page: Page, name: string) => {
  await animationsFinished(page);
  await page.screenshot({ path: path.join(ARTIFACTS, `notify-${name}.png`), fullPage: true });
};

describe('everyone told what concerns them', () => {
  it('a coordinator submits a plan: the approver’s bell shows it and leads to it, and their mailbox has it within the minute', async () => {
    await e.call('approver', 'PUT', '/profile', { email: 'shenhe@example.cn', locale: 'zh-CN' });
    // A school whose plan was returned resubmits it, in the console.
    const [mine] = (
      await e.get<TListParticipationsResponse>(`/campaigns/${e.campaign.id}/participations?state=planReturned&kind=school&pageSize=1`)
    ).items;
    expect(mine).toBeDefined();
    const coordinator = await (await e.browser()).newPage();
    await coordinator.setViewportSize({ width: 1366, height: 768 });
    await signIn(coordinator, e.base, `coord-${mine!.unit.code}`, `participations/${mine!.id}`);
    await coordinator.getByTestId('event-SUBMIT_PLAN').click();
    await coordinator.locator('.step-confirm .el-button--primary').click(); // submitting asks first
    await coordinator.getByTestId('state').filter({ hasText: '方案待审核' }).waitFor();

    // The approver's bell, on a phone and on a desk (where it is opened, and so read).
    const title = `${mine!.unit.name}（${mine!.unit.town}）已提交实施方案和活动安排表，请审核`;
    for (const [device, name] of [
      [PHONE, '390'],
      [undefined, '1366'],
    ] as const) {
      const page = await (await e.browser(device)).newPage();
      if (!device) await page.setViewportSize({ width: 1366, height: 768 });
      await signIn(page, e.base, 'approver');
      await page.getByTestId('notifications').locator('sup').filter({ hasText: /\d/ }).waitFor();
      await page.getByTestId('notifications').click();
      // The newest first: the demo season notified the approvers of this plan's first submission too.
      const item = page.getByTestId('notification-list').locator('li', { hasText: title }).first();
      await item.waitFor();
      await expect.poll(() => item.locator('.el-tag').textContent()).toBe('待审核方案');
      await shot(page, `bell-${name}`);
      if (!device) {
        await item.click();
        await page.getByTestId('unit-name').filter({ hasText: mine!.unit.name }).waitFor();
        expect(page.url()).toContain(`/admin/participations/${mine!.id}`);
        await page.getByTestId('state').filter({ hasText: '方案待审核' }).waitFor();
      }
    }

    // The email waits the minute for other submissions, then goes: HTML with a text part.
    e.clock.advance(60_000);
    await e.sendMail();
    const m = smtp.received.find((x) => x.to === 'shenhe@example.cn');
    expect(m).toBeDefined();
    expect(m!.subject).toBe(`【${e.campaign.title}】${title}`);
    expect(m!.from).toContain('常州市新北区教育局');
    expect(m!.text).toContain(`${PUBLIC_URL}/admin/participations/${mine!.id}`);
    expect(m!.html).toContain(`<a href="${PUBLIC_URL}/admin/participations/${mine!.id}"`);
  });

  it('the profile sets how each topic is emailed, and a return reaches the coordinator with every section’s comment', async () => {
    const [mine] = (
      await e.get<TListParticipationsResponse>(`/campaigns/${e.campaign.id}/participations?state=planSubmitted&kind=school&pageSize=1`)
    ).items;
    const username = `coord-${mine!.unit.code}`;
    const page = await (await e.browser()).newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, e.base, username);
    await page.getByTestId('profile').click();
    await page.getByTestId('profile-email').fill('school@example.cn');
    await page.getByTestId('notice-topic-review').waitFor();
    await page.getByTestId('notice-mode-deadline-digest').click();
    await page.locator('[data-test=notice-mode-deadline-digest].is-active').waitFor();
    expect(await page.getByTestId('notice-topic-escalation').count()).toBe(0); // a school is not a town's centre
    await shot(page, 'profile-1366');
    await page.getByTestId('profile-save').click();
    await page.locator('.el-message--success', { hasText: '个人设置已保存' }).waitFor();
    const prefs = await e.call<{ items: { topic: string; email: string }[] }>(username, 'GET', '/profile/notices');
    expect(prefs.items.find((i) => i.topic === 'deadline')).toEqual({ topic: 'deadline', email: 'digest' });
    expect(prefs.items.find((i) => i.topic === 'review')).toEqual({ topic: 'review', email: 'instant' });

    // On a phone, through the user menu: the same choices, one under the other where they do not fit.
    const phone = await (await e.browser(PHONE)).newPage();
    await signIn(phone, e.base, username);
    await phone.getByTestId('user-menu').click();
    await phone.getByTestId('user-profile').click();
    await phone.locator('[data-test=notice-mode-deadline-digest].is-active').waitFor();
    await shot(phone, 'profile-390');

    const detail = await e.call<{ version: number }>('approver', 'GET', `/participations/${mine!.id}`);
    await e.call('approver', 'POST', `/participations/${mine!.id}/events`, {
      type: 'RETURN_PLAN',
      version: detail.version,
      comment: '请按意见修改后重新提交',
      sectionComments: { schedule: '开放日请写明面向对象和预计人数' },
    });
    await e.sendMail();
    const m = smtp.received.find((x) => x.to === 'school@example.cn');
    expect(m).toBeDefined();
    expect(m!.text).toContain('退回意见：请按意见修改后重新提交\n活动安排表：开放日请写明面向对象和预计人数');
    expect(m!.html).toContain('开放日请写明面向对象和预计人数');
  });
});
