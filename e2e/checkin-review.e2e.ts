import path from 'node:path';
import type { TCheckinSession, TCheckinStats, TListAuditResponse } from '@learnweek/contracts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, PHONE, signIn, startE2E, type E2E } from './harness.js';

// The organiser's review of self check-ins in the console (docs/PRODUCT.md, 签到): a burst from
// one address held, approved or discarded; a check-in voided with a reason, audited.
let e: E2E;
let main: TCheckinSession;
const total = async () => (await e.get<TCheckinStats>(`/checkin-sessions/${main.id}/stats`)).total;
/** New people one address checks in a minute before the rest are held (the API's default). */
const HOLD_AFTER = 30;

beforeAll(async () => {
  e = await startE2E();
  main = (await e.get<{ items: TCheckinSession[] }>(`/campaigns/${e.campaign.id}/checkin-sessions`)).items.find((s) => s.kind === 'main')!;
  // The ceremony: check-ins are taken only inside a session's window; the clock stays in one minute.
  e.clock.set(e.campaign.timeline.launchAt);
});
afterAll(async () => {
  await e?.close();
});

const confirm = (page: Page) => page.locator('.el-message-box__btns .el-button--primary').click();
const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('the console’s review of self check-ins', () => {
  it('shows a burst from one address held, approves and discards it, and voids a check-in with a reason; on a phone too', async () => {
    const before = await total();
    const secret = new URL(main.selfCheckinPath, e.base).searchParams.get('s')!;
    const held: boolean[] = [];
    for (let i = 0; i < HOLD_AFTER + 3; i++) {
      const res = await fetch(`${e.base}/api/checkin-sessions/${main.id}/checkins`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: `来宾${i}号`, secret, deviceKey: `e2e-device-${i}`, idempotencyKey: `e2e-key-${i}` }),
      });
      expect(res.status).toBe(201);
      held.push(((await res.json()) as { held?: boolean }).held === true);
    }
    expect(held.filter(Boolean)).toHaveLength(3);
    expect(await total()).toBe(before + HOLD_AFTER);

    // On a phone: the panel and its buttons fit, no sideways scroll of the page.
    const phone = await (await e.browser(PHONE)).newPage();
    await signIn(phone, e.base, 'organizer', 'checkin');
    await phone.locator('.session', { has: phone.getByTestId('session-total-main') }).click();
    await phone.getByTestId('held-title').filter({ hasText: '待确认签到 3 人' }).waitFor();
    await phone.screenshot({ path: path.join(ARTIFACTS, 'checkin-review-390.png'), fullPage: true });
    expect(await noSideScroll(phone)).toBe(true);
    for (const id of ['held-approve', 'held-discard', 'void-open']) {
      const box = (await phone.getByTestId(id).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }

    const ctx = await e.browser();
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, e.base, 'organizer', 'checkin');
    await page.locator('.session', { has: page.getByTestId('session-total-main') }).click();
    await page.getByTestId('held-title').filter({ hasText: '待确认签到 3 人' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'checkin-review-1366.png'), fullPage: true });
    expect(await noSideScroll(page)).toBe(true);
    const heldRows = page.getByTestId('held-list').locator('.el-table__body tr');
    // One approved: counted.
    await heldRows.first().locator('.el-checkbox').click();
    await page.getByTestId('held-approve').click();
    await confirm(page);
    await page.getByTestId('held-title').filter({ hasText: '待确认签到 2 人' }).waitFor();
    await page
      .getByTestId('session-total-main')
      .filter({ hasText: String(before + HOLD_AFTER + 1) })
      .waitFor();
    // The rest, all from the one address, discarded: not counted.
    await heldRows.first().getByRole('button', { name: '地址 A（2 人）' }).click();
    await page.getByTestId('held-discard').filter({ hasText: '丢弃（2）' }).click();
    await confirm(page);
    await page.getByTestId('held').waitFor({ state: 'detached' });
    expect(await total()).toBe(before + HOLD_AFTER + 1);

    // A check-in voided with a reason: out of the figures, in the audit log.
    await page.getByTestId('checkins').locator('.el-table__body tr').first().locator('.el-checkbox').click();
    await page.getByTestId('void-open').click();
    const dialog = page.locator('.el-dialog', { hasText: '作废 1 条签到' });
    await dialog.getByText('此操作记入审计日志').waitFor();
    await dialog.locator('textarea').fill('非本人签到');
    await dialog.getByTestId('void-confirm').click();
    await page
      .getByTestId('session-total-main')
      .filter({ hasText: String(before + HOLD_AFTER) })
      .waitFor();
    expect(await total()).toBe(before + HOLD_AFTER);
    const audit = await e.get<TListAuditResponse>('/audit?pageSize=50');
    expect(audit.items.find((a) => a.kind === 'checkin.voided')?.target).toContain('非本人签到');
  });
});
