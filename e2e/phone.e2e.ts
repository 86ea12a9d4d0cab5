import path from 'node:path';
import type { TCheckinFigures, TCheckinSession, TListParticipationsResponse, TParticipationDetail } from '@learnweek/contracts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { animationsFinished } from './animations.js';
import { expectAccessible } from './axe.js';
import { ARTIFACTS, PHONE, photoJpeg, signIn, startE2E, type E2E } from './harness.js';

let e: E2E;

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const DAY = 86_400_000;
/** China wall-clock time of an instant, as a datetime-local field takes it. */
const chinaLocal = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);

/** The page at the phone's width (the whole of it, or the screen when a dialog covers it), once transitions have finished. */
async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await animationsFinished(page);
  await page.screenshot({ path: path.join(ARTIFACTS, `phone-${name}.png`), fullPage });
}

/** Nothing on the page is wider than the screen: it never scrolls sideways. */
async function expectNoSideways(page: Page, what: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, what).toBeLessThanOrEqual(innerWidth);
}

describe('the console on a 390×844 touch phone', () => {
  it('a coordinator drafts, schedules and submits; an approver returns and approves; the week is recorded with three photos', async () => {
    const list = await e.get<TListParticipationsResponse>(
      `/campaigns/${e.campaign.id}/participations?kind=school&state=invited&pageSize=1`,
    );
    const mine = list.items[0]!;
    const coord = `coord-${mine.unit.code}`;
    const detail = () => e.call<TParticipationDetail>(coord, 'GET', `/participations/${mine.id}`);
    const weekDay = Date.parse(e.campaign.timeline.weekStartsAt) + DAY + 2 * 3600_000;

    // Sign-in, on the phone.
    const page = await (await e.browser(PHONE)).newPage();
    await page.goto(`${e.base}/admin/`);
    await page.getByTestId('username').waitFor();
    await expectAccessible(page, 'sign-in');
    await shot(page, '01-login');
    await page.getByTestId('username').fill(coord);
    await page.getByTestId('password').fill('demo1234');
    await page.getByTestId('login').tap();
    await page.getByTestId('unit-name').filter({ hasText: mine.unit.name }).waitFor();
    await expectNoSideways(page, 'coordinator home');
    // The side menu is a drawer; the header keeps the campaign, the bell and the user menu.
    expect(await page.locator('.el-aside').count()).toBe(0);
    await page.getByTestId('menu-toggle').tap();
    await page.getByTestId('menu-drawer').getByText('本单位推进周').waitFor();
    await shot(page, '02-menu-drawer', false);
    await page.keyboard.press('Escape');
    await page.getByTestId('menu-drawer').waitFor({ state: 'hidden' });

    // The plan: start, type, and the draft saves itself.
    await page.getByTestId('event-START_DRAFT').tap();
    await page.getByTestId('state').filter({ hasText: '方案编制中' }).waitFor();
    await page.getByTestId('plan-text').fill('一、指导思想……二、活动安排……');
    await page.getByTestId('autosave').filter({ hasText: '草稿已自动保存' }).waitFor();
    expect((await detail()).plan.text).toBe('一、指导思想……二、活动安排……');
    await expectAccessible(page, 'coordinator: plan');
    await shot(page, '03-plan-autosaved');

    // The schedule: three rows are already in; the lecture is added in the full-screen editor, then edited.
    for (const [i, type, title] of [
      [1, 'classMeeting', '“人人皆学”主题班会'],
      [2, 'poster', '学习型社会主题板报'],
      [3, 'volunteer', '社区志愿服务'],
    ] as const) {
      await e.call(coord, 'POST', `/participations/${mine.id}/activities`, {
        title,
        type,
        form: '现场',
        startsAt: new Date(weekDay + i * DAY).toISOString(),
        endsAt: new Date(weekDay + i * DAY + 2 * 3600_000).toISOString(),
        place: '学校报告厅',
        audiences: ['students'],
        expectedParticipants: 100,
        personInCharge: '王老师',
        phone: '',
        free: true,
        notes: '',
      });
    }
    await page.reload();
    await page.getByRole('tab', { name: '活动安排表 (3)' }).tap();
    await page.getByTestId('activity-add').tap();
    await page.locator('.el-dialog.is-fullscreen [data-test=activity-form]').waitFor();
    await page.getByTestId('activity-title').fill('终身学习主题讲座');
    await page.getByTestId('activity-starts').fill(chinaLocal(weekDay));
    await page.getByTestId('activity-ends').fill(chinaLocal(weekDay + 2 * 3600_000));
    await page.getByTestId('activity-place').fill('学校礼堂');
    await page.getByTestId('activity-person').fill('李老师');
    await expectAccessible(page, 'coordinator: activity editor');
    await shot(page, '04-activity-editor', false);
    await page.getByTestId('activity-save').tap();
    await page.getByRole('tab', { name: '活动安排表 (4)' }).waitFor();
    const lecture = (await detail()).activities.find((a) => a.title === '终身学习主题讲座')!;
    expect(lecture).toMatchObject({ type: 'lecture', place: '学校礼堂', startsAt: new Date(weekDay).toISOString() });
    await page.getByTestId(`edit-${lecture.id}`).tap();
    await page.getByTestId('activity-place').fill('学校体育馆');
    await page.getByTestId('activity-save').tap();
    await page.getByTestId(`activity-${lecture.id}`).filter({ hasText: '学校体育馆' }).waitFor();
    await expectNoSideways(page, 'schedule cards');
    await expectAccessible(page, 'coordinator: schedule');
    await shot(page, '05-schedule-cards');
    await page.getByTestId('event-SUBMIT_PLAN').tap();
    await page.locator('.step-confirm .el-button--primary').tap(); // submitting and withdrawing ask first
    await page.getByTestId('state').filter({ hasText: '方案待审核' }).waitFor();

    // The approver, on a phone too: the list as cards, the filters in a drawer.
    const approver = await (await e.browser(PHONE)).newPage();
    await signIn(approver, e.base, 'approver', 'participations');
    await approver.getByTestId('participation-card').first().waitFor();
    await expectNoSideways(approver, 'participation list');
    await expectAccessible(approver, 'approver: list');
    await shot(approver, '06-approver-list');
    await approver.getByTestId('filters-open').tap();
    await approver.getByTestId('filter-q').fill(mine.unit.code);
    await expectAccessible(approver, 'approver: filters');
    await shot(approver, '07-approver-filters', false);
    await approver.getByTestId('search').tap();
    await approver.getByTestId('filters-drawer').waitFor({ state: 'hidden' });
    await expect.poll(() => approver.getByTestId('participation-card').count()).toBe(1);
    await approver.getByTestId('participation-card').tap();
    await approver.getByTestId('unit-name').filter({ hasText: mine.unit.name }).waitFor();
    await expectNoSideways(approver, 'detail');
    await expectAccessible(approver, 'approver: detail');
    await shot(approver, '08-approver-detail');
    await approver.getByTestId('event-RETURN_PLAN').tap();
    await approver.getByTestId('event-comment').fill('请补充宣传措施');
    await approver.getByTestId('section-plan').fill('宣传措施未填写');
    await expectAccessible(approver, 'approver: return dialog');
    await shot(approver, '09-return-dialog', false);
    await approver.getByTestId('event-confirm').tap();
    await approver.getByTestId('state').filter({ hasText: '方案已退回' }).waitFor();

    // The coordinator sees why (the notice and the comments), fixes it and submits again.
    await page.reload();
    await page.getByTestId('state').filter({ hasText: '方案已退回' }).waitFor();
    await page.getByTestId('return-comments').getByText('请补充宣传措施').waitFor();
    await page.getByTestId('notifications').tap();
    await page.getByTestId('notification-list').waitFor();
    await expectNoSideways(page, 'notifications');
    await shot(page, '10-notifications', false);
    await page.keyboard.press('Escape');
    await page.locator('[data-test=plan-form] textarea').nth(2).fill('镇广播、微信公众号、校园横幅');
    await page.getByTestId('autosave').filter({ hasText: '草稿已自动保存' }).waitFor();
    await expectAccessible(page, 'coordinator: returned');
    await shot(page, '11-returned-fixed');
    await page.getByTestId('event-SUBMIT_PLAN').tap();
    await page.locator('.step-confirm .el-button--primary').tap(); // submitting and withdrawing ask first
    await page.getByTestId('state').filter({ hasText: '方案待审核' }).waitFor();

    // The approver reads what changed and approves.
    await approver.reload();
    await approver.getByTestId('state').filter({ hasText: '方案待审核' }).waitFor();
    await approver.getByRole('tab', { name: /历次提交/ }).tap();
    await approver.getByTestId('revision-diff').getByText('镇广播、微信公众号、校园横幅').waitFor();
    await expectNoSideways(approver, 'revision diff');
    await shot(approver, '12-approver-diff');
    await approver.getByTestId('event-APPROVE_PLAN').tap();
    await approver.getByTestId('event-comment').fill('同意');
    await approver.getByTestId('event-confirm').tap();
    await approver.getByTestId('state').filter({ hasText: '方案已通过' }).waitFor();
    // Approved content reads as text, not as greyed-out fields.
    await approver.getByRole('tab', { name: '实施方案' }).tap();
    await approver.getByTestId('plan-view').getByText('镇广播、微信公众号、校园横幅').waitFor();
    expect(await approver.locator('.el-tabs textarea').count()).toBe(0);
    await expectAccessible(approver, 'approver: approved plan');

    // The week: one activity is marked held, then three photos go in from the "camera".
    e.clock.set(new Date(Date.parse(e.campaign.timeline.weekStartsAt) + 3 * DAY));
    await e.tick();
    await page.reload();
    await page.getByTestId('state').filter({ hasText: '活动周进行中' }).waitFor();
    await page.getByRole('tab', { name: /活动安排表/ }).tap();
    await page.getByTestId(`held-${lecture.id}`).tap();
    await page.locator('[data-test=held-participants] input, input[data-test=held-participants]').fill('180');
    await page.getByTestId('held-report').fill('讲座顺利举办');
    await expectAccessible(page, 'coordinator: held dialog');
    await page.getByTestId('held-save').tap();
    await page.getByTestId('activities').getByText('已举办 180 人').waitFor();
    await shot(page, '13-week-held');
    await page.getByRole('tab', { name: '活动总结' }).tap();
    expect(await page.getByTestId('photo-file').getAttribute('accept')).toBe('image/*');
    for (const seed of [0, 1, 2]) {
      await page.getByTestId('photo-activity').tap();
      await page.locator('.el-select-dropdown__item:visible', { hasText: '终身学习主题讲座' }).tap();
      await page
        .getByTestId('photo-file')
        .setInputFiles({ name: `现场${seed}.jpg`, mimeType: 'image/jpeg', buffer: await photoJpeg(seed) });
      await page.getByTestId('photo').nth(seed).waitFor();
    }
    await page
      .getByTestId('photo')
      .first()
      .locator('img')
      .evaluate((img: HTMLImageElement) => img.decode());
    // The three photos side by side in one row of slots.
    const tops = await page.getByTestId('photo').evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
    expect((await detail()).photos).toHaveLength(3);
    await expectNoSideways(page, 'summary photos');
    await expectAccessible(page, 'coordinator: summary and photos');
    await shot(page, '14-summary-photos');

    // The approver's status board: figures stacked, charts at the phone's width.
    await approver.goto(`${e.base}/admin/board`);
    await approver.getByTestId('kpi-total').waitFor();
    await expectNoSideways(approver, 'board');
    await expectAccessible(approver, 'status board');
    await shot(approver, '15-board');
  }, 480_000);

  it('at 360×740 no console page is wider than the screen', async () => {
    const page = await (await e.browser({ ...PHONE, viewport: { width: 360, height: 740 } })).newPage();
    await signIn(page, e.base, 'organizer');
    await page.getByTestId('kpi-total').waitFor();
    const { items } = await e.get<TListParticipationsResponse>(`/campaigns/${e.campaign.id}/participations?pageSize=1`);
    const pages: [string, string][] = [
      ['board', '[data-test=board]'],
      ['participations', '[data-test=participations]'],
      [`participations/${items[0]!.id}`, '[data-test=unit-name]'],
      ['deadlines', '[data-test=matrix]'],
      ['settings', 'form'],
      ['units', '.el-table'],
      ['checkin', '.el-tabs, .el-card'],
      ['nominations', '.el-card'],
      ['operations', '.el-descriptions'],
    ];
    for (const [at, ready] of pages) {
      await page.goto(`${e.base}/admin/${at}`);
      await page.locator(ready).first().waitFor();
      await expectNoSideways(page, at);
      await shot(page, `360-${at.includes('/') ? 'detail' : at}`);
    }
  });

  it('the phone check-in page names its unit list and passes axe', async () => {
    const sessions = (await e.get<{ items: TCheckinSession[] }>(`/campaigns/${e.campaign.id}/checkin-sessions`)).items;
    const main = sessions.find((s) => s.kind === 'main')!;
    // The ceremony: the page takes check-ins inside the session's window.
    e.clock.set(new Date(e.campaign.timeline.launchAt));
    const ctx = await e.browser(PHONE);
    await ctx.clock.install({ time: new Date(e.campaign.timeline.launchAt) });
    const page = await ctx.newPage();
    await page.goto(`${e.base}${main.selfCheckinPath}`);
    await page.getByTestId('unit-search').fill('春江');
    await page.getByLabel(/选择单位/).waitFor();
    await expectNoSideways(page, 'check-in');
    await expectAccessible(page, 'phone check-in');
    await shot(page, '16-checkin');
  });

  it('the phone check-in page says when it opens, opens by itself, takes a family from one phone and tells a second phone nothing of anyone', async () => {
    const main = (await e.get<{ items: TCheckinSession[] }>(`/campaigns/${e.campaign.id}/checkin-sessions`)).items.find(
      (s) => s.kind === 'main',
    )!;
    const opens = Date.parse(main.opensAt);
    const people = async () => (await e.get<TCheckinFigures>(`/campaigns/${e.campaign.id}/checkin-figures`)).people;
    e.clock.set(new Date(opens - 10 * 60_000));
    const ctx = await e.browser(PHONE);
    await ctx.clock.install({ time: new Date(opens - 10 * 60_000) });
    const page = await ctx.newPage();

    // An old poster's QR (its secret replaced): a page that says so, no form, no empty unit list.
    const old = new URL(main.selfCheckinPath, e.base);
    old.searchParams.set('s', 'an-old-poster');
    await page.goto(old.toString());
    await page.getByTestId('link-invalid').filter({ hasText: '签到二维码无效或已更换' }).waitFor();
    expect(await page.getByTestId('self-form').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(/没有权限|0 个结果/);
    await expectAccessible(page, 'phone check-in: wrong QR');
    await shot(page, '17-checkin-wrong-qr');

    // Ten minutes early: when it opens, and no form to fill in for nothing; titled for what it is.
    await page.goto(`${e.base}${main.selfCheckinPath}`);
    await page.getByTestId('notice').filter({ hasText: '签到将于' }).waitFor();
    expect(await page.getByTestId('self-form').count()).toBe(0);
    expect(await page.title()).toBe(`${main.name}签到 · ${e.campaign.title}`);
    await expectAccessible(page, 'phone check-in: not open yet');
    await shot(page, '18-checkin-not-open');

    // The opening, by the server's clock: the form comes by itself, with every unit taking part.
    e.clock.set(new Date(opens + 60_000));
    await ctx.clock.runFor(11 * 60_000);
    await page.getByTestId('self-form').waitFor();
    const invited = (await e.get<TListParticipationsResponse>(`/campaigns/${e.campaign.id}/participations?pageSize=1`)).total;
    await page.getByText(`选择单位（共 ${invited} 个）`).waitFor();
    expect(await page.getByTestId('unit').locator('option').count()).toBe(invited);

    // A family on one phone: each checked in, each counted once.
    const before = await people();
    for (const name of ['王爸爸', '王小宝']) {
      if (name !== '王爸爸') await page.getByTestId('add-person').tap();
      await page.getByTestId('name').fill(name);
      await page.getByTestId('resident').check();
      await page.getByTestId('submit').tap();
      await page
        .getByTestId('message')
        .filter({ hasText: `${name}：签到成功` })
        .waitFor();
    }
    await page.getByTestId('checked-names').filter({ hasText: '本机已签到：王爸爸、王小宝' }).waitFor();
    expect(await people()).toBe(before + 2);
    await page.getByTestId('add-person').tap();
    await page.getByTestId('name').fill('张三丰');
    await page.getByTestId('resident').check();
    await page.getByTestId('phone').fill('13900001234');
    await page.getByTestId('submit').tap();
    await page.getByTestId('message').filter({ hasText: '张三丰：签到成功' }).waitFor();
    await expectAccessible(page, 'phone check-in: a family');
    await shot(page, '19-checkin-family');

    // Another phone with his number: told it is counted, never whose it is.
    const other = await (await e.browser(PHONE)).newPage();
    await other.goto(`${e.base}${main.selfCheckinPath}`);
    await other.getByTestId('name').fill('李四');
    await other.getByTestId('resident').check();
    await other.getByTestId('phone').fill('13900001234');
    await other.getByTestId('submit').tap();
    await other.getByTestId('message').filter({ hasText: '李四：已签到，不会重复计数' }).waitFor();
    expect(await other.locator('body').innerText()).not.toContain('张');
    expect(await people()).toBe(before + 3);
  });
});
