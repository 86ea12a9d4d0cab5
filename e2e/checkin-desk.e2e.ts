import path from 'node:path';
import type { TAttendee, TCheckinFigures, TCheckinSession, TCheckinStats, TListCheckinsResponse } from '@learnweek/contracts';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, signIn, startE2E, type E2E } from './harness.js';

let e: E2E;
let main: TCheckinSession;
let sub: TCheckinSession;
const total = async () => (await e.get<TCheckinStats>(`/checkin-sessions/${main.id}/stats`)).total;
const figures = () => e.get<TCheckinFigures>(`/campaigns/${e.campaign.id}/checkin-figures`);
const checkinsNamed = async (name: string) =>
  (await e.get<TListCheckinsResponse>(`/checkin-sessions/${main.id}/checkins?q=${encodeURIComponent(name)}`)).items;

beforeAll(async () => {
  e = await startE2E();
  const sessions = (await e.get<{ items: TCheckinSession[] }>(`/campaigns/${e.campaign.id}/checkin-sessions`)).items;
  main = sessions.find((s) => s.kind === 'main')!;
  sub = sessions.find((s) => s.kind === 'sub')!;
  // The ceremony: check-ins are taken only inside a session's window.
  e.clock.set(e.campaign.timeline.launchAt);
});
afterAll(async () => {
  await e?.close();
});

/** A phone at the main venue's desk, its clock at the ceremony, the staff signed in. */
async function openDesk(): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await e.browser();
  await ctx.clock.install({ time: new Date(e.campaign.timeline.launchAt) });
  const page = await ctx.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${e.base}/kiosk/checkin/${main.id}`);
  await page.getByTestId('staff-username').fill('staff');
  await page.getByTestId('staff-password').fill('demo1234');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('scan').waitFor();
  // the pre-registered list is there (loaded after sign-in) before anything else happens
  await page.getByTestId('search').fill('A0001');
  await page.getByTestId('checkin-A0001').waitFor();
  await page.getByTestId('search').fill('');
  return { ctx, page };
}

describe('the service desk', () => {
  it('registers walk-ins who are not on the list: a unit’s member, and a resident with a phone counted once at every venue', async () => {
    const { page } = await openDesk();
    const before = await total();
    await page.getByTestId('walk-in-open').click();

    // Nothing typed: each field says what it needs, and nothing is sent.
    await page.getByTestId('walk-in-submit').click();
    await page.getByTestId('walk-in-error-name').filter({ hasText: '请填写姓名' }).waitFor();
    await page.getByTestId('walk-in-error-unitId').filter({ hasText: '请选择单位' }).waitFor();
    await page.getByTestId('walk-in-name').fill('王建国');
    await page.getByTestId('walk-in-unit-search').fill('春江');
    await page.getByTestId('walk-in-unit').selectOption({ index: 0 });
    const unitName = (await page.getByTestId('walk-in-unit').locator('option').first().innerText()).replace(/（.*$/, '');
    await page.getByTestId('walk-in-phone').fill('123');
    await page.getByTestId('walk-in-submit').click();
    await page.getByTestId('walk-in-error-phone').filter({ hasText: '请输入有效的手机号' }).waitFor();
    expect(await total()).toBe(before);

    await page.getByTestId('walk-in-phone').fill('');
    await page.getByTestId('walk-in-submit').click();
    await page.getByTestId('message').filter({ hasText: '王建国：签到成功' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-walk-in.png') });
    const [walkIn] = await checkinsNamed('王建国');
    expect(walkIn).toMatchObject({ name: '王建国', source: 'staff', isResident: false, unitName });

    // A resident with a phone; the form is empty again for the next person.
    expect(await page.getByTestId('walk-in-name').inputValue()).toBe('');
    const people = (await figures()).people;
    await page.getByTestId('walk-in-name').fill('赵大爷');
    await page.getByTestId('walk-in-resident').check();
    await page.getByTestId('walk-in-phone').fill('139 1234 0000');
    await page.getByTestId('walk-in-submit').click();
    await page.getByTestId('message').filter({ hasText: '赵大爷：签到成功' }).waitFor();
    expect(await checkinsNamed('赵大爷')).toMatchObject([{ source: 'staff', isResident: true, unitName: null }]);
    expect(await total()).toBe(before + 2);
    expect((await figures()).people).toBe(people + 1);

    // He walks on to the sub-venue and scans its QR with his phone: the venue counts him, the headline does not again.
    const secret = new URL(sub.selfCheckinPath, e.base).searchParams.get('s')!;
    const res = await fetch(`${e.base}/api/checkin-sessions/${sub.id}/checkins`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: '赵大爷', phone: '13912340000', idempotencyKey: 'walk-in-sub-0001', secret }),
    });
    expect(res.status).toBe(201);
    const after = await figures();
    expect(after.people).toBe(people + 1);
    expect(after.sessions.find((s) => s.sessionId === sub.id)!.total).toBeGreaterThan(0);
  });

  it('is installable, opens on a reload without the network, queues there, and syncs exactly once when the network is back', async () => {
    const { ctx, page } = await openDesk();
    // The service worker has taken the page (it keeps the app's files for the next offline start).
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { polling: 100 });
    const cdp = await ctx.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    expect(installabilityErrors).toEqual([]);
    const manifest = (await cdp.send('Page.getAppManifest')) as { url: string; errors: unknown[] };
    expect(manifest.url).toBe(`${e.base}/kiosk/manifest.webmanifest`);
    expect(manifest.errors).toEqual([]);

    const before = await total();
    const attendee = (await e.get<{ items: TAttendee[] }>(`/checkin-sessions/${main.id}/attendees`)).items.find((a) => a.code === 'A0010')!;
    await ctx.setOffline(true);
    await page.reload();
    // Opened from the service worker's copy, signed in still, the list from IndexedDB.
    await page.getByTestId('scan').waitFor();
    await page.getByTestId('net').filter({ hasText: '离线' }).waitFor();
    await page.getByTestId('scan').fill('A0010');
    await page.getByTestId('scan').press('Enter');
    await page.getByTestId('walk-in-open').click();
    await page.getByTestId('walk-in-name').fill('钱多多');
    await page.getByTestId('walk-in-resident').check();
    await page.getByTestId('walk-in-submit').click();
    await page
      .getByTestId('pending')
      .filter({ hasText: `待同步 2 人：${attendee.name}、钱多多` })
      .waitFor();

    // Reloaded again, still offline: the queue is still there.
    await page.reload();
    await page.getByTestId('pending').filter({ hasText: '待同步 2 人' }).waitFor();
    await page.getByTestId('search').fill(attendee.name);
    await page.getByTestId('matches').getByText('待同步').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-offline-reloaded.png') });
    expect(await total()).toBe(before);

    await ctx.setOffline(false);
    await page.getByTestId('pending').waitFor({ state: 'detached' });
    await page.getByTestId('net').filter({ hasText: '在线' }).waitFor();
    expect(await total()).toBe(before + 2);
    expect(await checkinsNamed('钱多多')).toHaveLength(1);
    // Opened again with the network: nothing is sent twice.
    await page.reload();
    await page.getByTestId('scan').waitFor();
    expect(await total()).toBe(before + 2);
    const arrived = (await e.get<{ items: TAttendee[] }>(`/checkin-sessions/${main.id}/attendees`)).items.find((a) => a.code === 'A0010')!;
    // with the moment of the scan on the desk's clock, not the moment it reached the server
    const launch = Date.parse(e.campaign.timeline.launchAt);
    expect(Date.parse(arrived.checkedInAt!)).toBeGreaterThanOrEqual(launch);
    expect(Date.parse(arrived.checkedInAt!)).toBeLessThan(launch + 10 * 60_000);
  });
});

describe('a desk whose sign-in the server ends', () => {
  it('asks to sign in again instead of refusing people, keeps what it queued, and sends it once signed in', async () => {
    const launch = Date.parse(e.campaign.timeline.launchAt);
    // Signed in a month before the ceremony (sign-ins last 30 days here): by the ceremony it has expired.
    e.clock.set(new Date(launch - 31 * 86_400_000));
    const { page } = await openDesk();
    e.clock.set(new Date(launch));
    const before = await total();
    const attendee = (await e.get<{ items: TAttendee[] }>(`/checkin-sessions/${main.id}/attendees`)).items.find((a) => a.code === 'A0020')!;
    await page.getByTestId('scan').fill('A0020');
    await page.getByTestId('scan').press('Enter');
    await page.getByTestId('sign-in-again').filter({ hasText: '登录已过期，请重新登录' }).waitFor();
    await page.getByTestId('pending-signed-out').filter({ hasText: '待同步 1 人' }).waitFor();
    expect(await page.getByTestId('refused').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'desk-sign-in-again.png') });
    expect(await total()).toBe(before);

    await page.getByTestId('staff-username').fill('staff');
    await page.getByTestId('staff-password').fill('demo1234');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('scan').waitFor();
    await expect.poll(() => total()).toBe(before + 1);
    // The server counts the check-in as it commits, a moment before the desk reads its answer and clears its queue.
    await expect.poll(() => page.getByTestId('pending').count()).toBe(0);
    expect(await page.getByTestId('refused').count()).toBe(0);
    const arrived = (await e.get<{ items: TAttendee[] }>(`/checkin-sessions/${main.id}/attendees`)).items.find(
      (a) => a.id === attendee.id,
    )!;
    expect(arrived.checkedInAt).not.toBeNull();
  });
});

describe('the pre-registered list in the console', () => {
  it('downloads the template, refuses a list with a bad row by row and column, and imports the corrected one', async () => {
    const ctx = await e.browser();
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, e.base, 'organizer', 'checkin');
    const before = (await e.get<{ items: TAttendee[] }>(`/checkin-sessions/${main.id}/attendees`)).items.length;
    await page
      .getByTestId('attendees-count')
      .filter({ hasText: `共 ${before} 人` })
      .waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('attendees-template').click()]);
    expect(download.suggestedFilename()).toBe(`${main.name}-签到名单模板.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.getWorksheet('签到名单')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '编码', '姓名', '单位', '手机']);
    const unit = book.getWorksheet('单位')!.getCell('A2').text;
    // typed into the first rows under the header, as in a spreadsheet program
    sheet.getRow(2).values = ['VIP-01', '蒋老师', unit, '13805190001'];
    sheet.getRow(3).values = ['', '沈阿婆', '', '12'];
    const file = path.join(ARTIFACTS, 'attendees-filled.xlsx');
    await book.xlsx.writeFile(file);
    await page.getByTestId('attendees-file').setInputFiles(file);
    await page.getByTestId('attendees-errors').filter({ hasText: '第3行·手机' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-attendees-refused.png') });
    expect((await e.get<{ items: TAttendee[] }>(`/checkin-sessions/${main.id}/attendees`)).items).toHaveLength(before);

    sheet.getRow(3).getCell(4).value = '';
    await book.xlsx.writeFile(file);
    await page.getByTestId('attendees-file').setInputFiles(file);
    await page
      .getByTestId('attendees-count')
      .filter({ hasText: `共 ${before + 2} 人` })
      .waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-attendees-imported.png') });
    const list = (await e.get<{ items: TAttendee[] }>(`/checkin-sessions/${main.id}/attendees`)).items;
    expect(list.find((a) => a.code === 'VIP-01')).toMatchObject({ name: '蒋老师', unitName: unit, phoneTail: '0001' });
    expect(list.filter((a) => a.name === '沈阿婆')).toHaveLength(1);
  });
});
