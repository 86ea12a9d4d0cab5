import path from 'node:path';
import type { TImportUnitsResponse, TListParticipationsResponse, TLoginResponse } from '@learnweek/contracts';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp } from '../apps/api/test/smtp.js';
import { expectAccessible } from './axe.js';
import { ARTIFACTS, PHONE, signIn, startE2E, type E2E } from './harness.js';

/**
 * Accounts in the browser: a coordinator's first sign-in with an initial password sets a new one
 * first; the organiser resets a password and the old one stops working; 忘记密码 by e-mail, the
 * mail read from a real SMTP server and its link followed.
 */
let e: E2E;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const PUBLIC_URL = 'https://learnweek.example.cn';
const NEW_PASSWORD = 'Chunjiang-2027';

beforeAll(async () => {
  smtp = await startSmtp();
  e = await startE2E({ env: { SMTP_URL: `${smtp.url}?from=xxzx@example.cn`, PUBLIC_URL } });
});
afterAll(async () => {
  await e?.close();
  await smtp?.close();
});

/** Screenshots at 1366×768 and on a phone (390×844), `accounts-<name>-<width>.png`. */
async function shots(page: Page, name: string) {
  for (const [width, height] of [
    [1366, 768],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(ARTIFACTS, `accounts-${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

async function signInWith(page: Page, username: string, password: string) {
  await page.goto(`${e.base}/admin/`);
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('login').click();
}

/** Demo coordinators of units of one kind, in the list's order. */
async function coordinators(kind: string): Promise<string[]> {
  const list = await e.get<TListParticipationsResponse>(`/campaigns/${e.campaign.id}/participations?kind=${kind}&pageSize=5`);
  return list.items.map((p) => `coord-${p.unit.code}`);
}

describe('accounts', () => {
  it('a coordinator’s first sign-in with an initial password must set a new one before anything else', async () => {
    // The organiser imports a unit with a new coordinator account (its initial password in the answer, as in the CSV).
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('单位名单');
    ws.addRow(['单位编码', '单位名称', '单位类别', '镇（街道）', '联络员账号', '联络员姓名']);
    const town = (await e.get<{ items: { name: string }[] }>('/towns')).items[0]!.name;
    ws.addRow(['E2E-001', '春江实验小学', '中小学', town, 'coord-e2e-001', '王老师']);
    const login = (await (
      await fetch(`${e.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'organizer', password: 'demo1234' }),
      })
    ).json()) as TLoginResponse;
    const res = await fetch(`${e.base}/api/units.xlsx`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${login.accessToken}`,
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      body: Buffer.from(await book.xlsx.writeBuffer()),
    });
    expect(res.status).toBe(201);
    const initial = ((await res.json()) as TImportUnitsResponse).accounts[0]!.initialPassword;

    const page = await (await e.browser()).newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signInWith(page, 'coord-e2e-001', initial);
    await page.getByRole('heading', { name: '设置新密码' }).waitFor();
    expect(page.url()).toContain('/admin/set-password');
    await expectAccessible(page, 'set a new password');
    // Another page of the console leads back here.
    await page.goto(`${e.base}/admin/mine`);
    await page.getByTestId('must-change').waitFor();
    await page.getByTestId('current-password').fill(initial);
    await page.getByTestId('new-password').fill('1234567890');
    await page.getByTestId('confirm-password').fill('1234567890');
    await page.getByTestId('set-password').click();
    await page.getByText('密码须包含字母、数字、符号中的至少两类').waitFor();
    await shots(page, 'set-password');
    await page.getByTestId('new-password').fill(NEW_PASSWORD);
    await page.getByTestId('confirm-password').fill(NEW_PASSWORD);
    await page.getByTestId('set-password').click();
    await page.waitForURL(/\/admin\/mine/);
    // In the console now, signed in as themself.
    await page.getByTestId('profile').filter({ hasText: '王老师' }).waitFor();

    // The new password is the one from now on; no second detour.
    const again = await (await e.browser()).newPage();
    await signInWith(again, 'coord-e2e-001', initial);
    await again.getByTestId('login-error').waitFor();
    await signInWith(again, 'coord-e2e-001', NEW_PASSWORD);
    await again.waitForURL(/\/admin\/mine/);
  });

  it('the organiser resets a password: the old one stops working, the one-time one leads to 设置新密码', async () => {
    const [coord] = await coordinators('nonDegree');
    const page = await (await e.browser()).newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, e.base, 'organizer', 'users');
    await page.getByTestId('users-q').fill(coord!);
    await page.getByTestId('users-search').click();
    await page.getByTestId('users').getByText(coord!, { exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('user-reset').count()).toBe(1);
    await shots(page, 'users');
    await page.getByTestId('user-reset').click();
    await page.getByTestId('reset-by-password').click();
    await page.getByTestId('user-reset-confirm').click();
    const temporary = (await page.getByTestId('temporary-password').textContent())!.trim();
    expect(temporary).toMatch(/^[a-z2-9]{10}$/);
    await shots(page, 'reset-done');

    const other = await (await e.browser()).newPage();
    await signInWith(other, coord!, 'demo1234');
    await expect.poll(() => other.getByTestId('login-error').textContent()).toContain('用户名或密码错误');
    await signInWith(other, coord!, temporary);
    await other.getByRole('heading', { name: '设置新密码' }).waitFor();
  });

  it('忘记密码 by e-mail: the link in the mail sets a new password once', async () => {
    const [coord] = await coordinators('communityCentre');
    await e.call(coord!, 'PUT', '/profile', { email: 'centre@example.cn', locale: 'zh-CN' });
    const page = await (await e.browser()).newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${e.base}/admin/`);
    await page.getByTestId('forgot-password').click();
    await page.getByTestId('forgot-account').fill(coord!);
    await expectAccessible(page, 'forgot password');
    const sent = smtp.attempts;
    await page.getByTestId('forgot-submit').click();
    await page.getByTestId('forgot-sent').waitFor();
    await shots(page, 'forgot-sent');

    await smtp.waitForAttempts(sent + 1);
    const mail = smtp.received[sent]!;
    expect(mail.to).toBe('centre@example.cn');
    const link = /https:\/\/learnweek\.example\.cn(\/admin\/reset-password#[\w-]+)/.exec(mail.text);
    expect(link, mail.text).not.toBeNull();
    // The link as the mail gives it, on this test's server.
    await page.goto(`${e.base}${link![1]!}`);
    await page.getByTestId('new-password').fill(NEW_PASSWORD);
    await page.getByTestId('confirm-password').fill(NEW_PASSWORD);
    await expectAccessible(page, 'reset password');
    await page.getByTestId('reset-submit').click();
    await page.getByTestId('reset-done').waitFor();
    await shots(page, 'reset-password');

    // Once only (opened afresh, as from the mail again).
    const reused = await (await e.browser()).newPage();
    await reused.goto(`${e.base}${link![1]!}`);
    await reused.getByTestId('new-password').fill('Another-pass-2028');
    await reused.getByTestId('confirm-password').fill('Another-pass-2028');
    await reused.getByTestId('reset-submit').click();
    await expect.poll(() => reused.getByTestId('reset-error').textContent()).toContain('重置链接无效、已使用或已过期');

    await page.getByTestId('back-to-signin').click();
    await page.getByTestId('username').fill(coord!);
    await page.getByTestId('password').fill(NEW_PASSWORD);
    await page.getByTestId('login').click();
    await page.waitForURL(/\/admin\/mine/);
  });

  it('the sign-in, 忘记密码 and reset pages fit a phone', async () => {
    const page = await (await e.browser(PHONE)).newPage();
    await page.goto(`${e.base}/admin/forgot-password`);
    await page.getByTestId('forgot-account').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.goto(`${e.base}/admin/login`);
    await page.getByTestId('forgot-password').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
