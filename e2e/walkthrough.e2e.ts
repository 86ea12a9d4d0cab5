import type {
  TActivity,
  TCampaign,
  TListCampaignsResponse,
  TListParticipationsResponse,
  TParticipationDetail,
  TParticipationListItem,
} from '@learnweek/contracts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaTime, pickOption, screens, signIn, startE2E, type E2E } from './harness.js';

// What a new user hit in a walk-through of every role (issue 15's defects), each step as they took it.
let e: E2E;
let previous: TCampaign;

beforeAll(async () => {
  e = await startE2E();
  const { items } = await e.get<TListCampaignsResponse>('/campaigns');
  previous = items.find((c) => c.year === 2017)!;
});
afterAll(async () => {
  await e?.close();
});

const HOUR = 3_600_000;
const shots = (page: Page, name: string) => screens(page, `walkthrough-${name}`);
const list = (query: string, campaignId = e.campaign.id) =>
  e.get<TListParticipationsResponse>(`/campaigns/${campaignId}/participations?${query}&pageSize=100`);
const detailOf = (p: TParticipationListItem) => e.call<TParticipationDetail>(`coord-${p.unit.code}`, 'GET', `/participations/${p.id}`);
/** A page at the smallest screen the console is used on, with a coordinator or reviewer signed in. */
async function open(username: string, at = ''): Promise<Page> {
  const page = await (await e.browser()).newPage();
  page.setDefaultTimeout(15_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, e.base, username, at);
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  return page;
}
const rowOf = (page: Page, title: string) => page.locator('[data-test=activities] .el-table__body .el-table__row', { hasText: title });

let school: TParticipationListItem;
let centre: TParticipationListItem;
let returned: TParticipationListItem;

describe('the walk-through', () => {
  beforeAll(async () => {
    school = (await list('kind=school&state=drafting')).items[0]!;
    centre = (await list('kind=communityCentre&state=drafting')).items[0]!;
    returned = (await list('kind=school&state=planSubmitted')).items[0]!;
    expect([school, centre, returned].every(Boolean)).toBe(true);
  });

  it('saves an edited schedule row, and says why next to the field when a save is refused', async () => {
    const page = await open(`coord-${school.unit.code}`);
    await page.getByTestId('unit-name').filter({ hasText: school.unit.name }).waitFor();
    await page.getByRole('tab', { name: /活动安排表/ }).click();
    const [first] = (await detailOf(school)).activities as [TActivity];
    await rowOf(page, first.title).getByRole('button', { name: '编辑' }).click();
    await page.getByTestId('activity-place').fill('学校体育馆');
    await page.getByTestId('activity-save').click();
    await page.getByTestId('activity-form').waitFor({ state: 'hidden' });
    await rowOf(page, first.title).filter({ hasText: '学校体育馆' }).waitFor();
    expect((await detailOf(school)).activities.find((a) => a.id === first.id)).toMatchObject({ place: '学校体育馆', status: 'planned' });

    // A refused save: the dialog stays, and the reason stands under the field it concerns.
    await rowOf(page, first.title).getByRole('button', { name: '编辑' }).click();
    await page.getByTestId('activity-person').fill('');
    await page.getByTestId('activity-save').click();
    const person = page.locator('[data-test=activity-form] .el-form-item', { has: page.getByTestId('activity-person') });
    await person.locator('.el-form-item__error').filter({ hasText: /\S/ }).waitFor();
    await shots(page, '01-activity-refused');
    await page.getByRole('button', { name: '取消' }).click();

    // At 1366×768 the row's last column (删除) is inside the table, not behind a scroll.
    const table = await page.getByTestId('activities').boundingBox();
    const remove = await rowOf(page, first.title).getByRole('button', { name: '删除' }).boundingBox();
    expect(remove!.x + remove!.width).toBeLessThanOrEqual(table!.x + table!.width);
    await shots(page, '02-schedule');
  });

  it('refreshes what is still needed after an autosave, and says what happened after a submit', async () => {
    const page = await open(`coord-${school.unit.code}`);
    await page.getByTestId('unit-name').filter({ hasText: school.unit.name }).waitFor();
    await page.getByTestId('event-SUBMIT_PLAN').waitFor();
    const text = await page.getByTestId('plan-text').inputValue();

    await page.getByTestId('plan-text').fill('');
    await page.getByTestId('problems').filter({ hasText: '请填写实施方案正文' }).waitFor();
    await expect.poll(() => page.getByTestId('event-SUBMIT_PLAN').count()).toBe(0);
    await shots(page, '03-still-needed');

    await page.getByTestId('plan-text').fill(text);
    await page.getByTestId('event-SUBMIT_PLAN').waitFor();
    expect(await page.getByTestId('problems').count()).toBe(0);
    await page.getByTestId('event-SUBMIT_PLAN').click();
    await page.locator('.step-confirm .el-button--primary').click(); // submitting and withdrawing ask first
    await page.locator('.el-message', { hasText: '实施方案已提交' }).waitFor();
    await page.getByTestId('state').filter({ hasText: '方案待审核' }).waitFor();
  });

  it('asks for comments only on what a return concerns, and shows them to the coordinator where the work is', async () => {
    const approver = await open('approver', `participations/${returned.id}`);
    await approver.getByTestId('event-RETURN_PLAN').click();
    await approver.getByTestId('section-schedule').waitFor();
    expect(await approver.getByTestId('section-plan').count()).toBe(1);
    expect(await approver.getByTestId('section-summary').count()).toBe(0);
    expect(await approver.getByTestId('section-photos').count()).toBe(0);
    await shots(approver, '04-return-dialog');
    await approver.getByTestId('event-comment').fill('请按意见修改后重新提交。');
    await approver.getByTestId('section-schedule').fill('“主题班会”缺少负责人联系电话。');
    await approver.getByTestId('event-confirm').click();
    await approver.locator('.el-message', { hasText: '已退回' }).waitFor();
    await approver.getByTestId('state').filter({ hasText: '方案已退回' }).waitFor();

    const page = await open(`coord-${returned.unit.code}`);
    await page.getByTestId('unit-name').filter({ hasText: returned.unit.name }).waitFor();
    const banner = page.getByTestId('return-comments');
    await banner.filter({ hasText: '请按意见修改后重新提交。' }).waitFor();
    await banner.filter({ hasText: '“主题班会”缺少负责人联系电话。' }).waitFor();
    await page.getByRole('tab', { name: /活动安排表/ }).click();
    await page.getByTestId('section-comment-schedule').filter({ hasText: '“主题班会”缺少负责人联系电话。' }).waitFor();
    await shots(page, '05-returned');
  });

  it('shows a participation with its own campaign, follows the header to the unit’s participation of another, keeps the choice, follows a notice, and refuses another unit', async () => {
    const page = await open(`coord-${returned.unit.code}`);
    await page.getByTestId('unit-name').filter({ hasText: returned.unit.name }).waitFor();
    const planDue = chinaTime(e.campaign.timeline.planDueAt);
    await page.getByText(planDue).waitFor();

    // The 2017 campaign in the header: the body follows it, to the unit's own 2017 participation.
    await pickOption(page, 'campaign-select', previous.title);
    await page.getByText(chinaTime(previous.timeline.planDueAt)).waitFor();
    await page.getByTestId('unit-name').filter({ hasText: returned.unit.name }).waitFor();
    expect(await page.getByText(planDue).count()).toBe(0);

    // The choice survives a reload.
    await page.reload();
    await page.getByTestId('unit-name').filter({ hasText: returned.unit.name }).waitFor();
    await expect.poll(() => page.getByTestId('campaign-select').textContent()).toContain(previous.title);

    // On the 2017 record, the notice of this year's return opens this year's participation.
    const [old] = (await list(`q=${returned.unit.code}`, previous.id)).items;
    await page.goto(`${e.base}/admin/participations/${old!.id}`);
    await page.getByText(chinaTime(previous.timeline.planDueAt)).waitFor();
    await page.getByTestId('notifications').click();
    await page.locator('[data-test=notification-list] li', { hasText: '方案被退回' }).first().click();
    await page.waitForURL(`**/participations/${returned.id}`);
    await page.getByTestId('state').filter({ hasText: '方案已退回' }).waitFor();
    await page.getByText(planDue).waitFor();
    await shots(page, '06-notice-opened');

    // Another unit's link: a page that says so, not a blank one.
    await page.goto(`${e.base}/admin/participations/${school.id}`);
    await page.getByTestId('forbidden').filter({ hasText: '无权查看' }).waitFor();
    await shots(page, '07-forbidden');
  });

  it('counts a free class for a vulnerable group as free by its type, and hints the switch', async () => {
    const coordinator = `coord-${centre.unit.code}`;
    const classes = (await detailOf(centre)).activities.filter((a) => a.type === 'freeClass');
    expect(classes.length).toBeGreaterThan(0);
    for (const a of classes)
      await e.call(coordinator, 'PUT', `/participations/${centre.id}/activities/${a.id}`, { free: false, version: a.version });

    const page = await open(coordinator);
    await page.getByTestId('unit-name').filter({ hasText: centre.unit.name }).waitFor();
    await page.getByTestId('event-SUBMIT_PLAN').waitFor();
    expect(await page.getByTestId('problems').count()).toBe(0);
    await page.getByRole('tab', { name: /活动安排表/ }).click();
    await rowOf(page, classes[0]!.title).filter({ hasText: '免费' }).waitFor();
    await rowOf(page, classes[0]!.title).getByRole('button', { name: '编辑' }).click();
    await page.getByTestId('free-hint').filter({ hasText: '惠民免费培训班' }).waitFor();
    await shots(page, '08-free-class');
    await page.getByRole('button', { name: '取消' }).click();

    // As another type with the switch off it is no free class: the centre is told, with the way out.
    for (const a of classes)
      await e.call(coordinator, 'PUT', `/participations/${centre.id}/activities/${a.id}`, { type: 'lecture', version: a.version + 1 });
    await page.reload();
    await page.getByTestId('problems').filter({ hasText: '打开该活动的“免费”开关' }).waitFor();
    await shots(page, '08b-free-class-missing');
    expect(await page.getByTestId('event-SUBMIT_PLAN').count()).toBe(0);
  });

  it('reports bulk approval as what was approved, not as a rejection', async () => {
    const page = await open('approver', 'participations?state=planSubmitted');
    const rows = page.locator('[data-test=participations] .el-table__body .el-table__row');
    await rows.first().waitFor();
    for (let i = 0; i < 2; i++) await rows.nth(i).locator('.el-checkbox').click();
    await page.getByTestId('bulk-approve').filter({ hasText: '(2)' }).click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    const toast = page.locator('.el-message', { hasText: '已通过 2 份' });
    await toast.waitFor();
    expect(await toast.textContent()).not.toContain('未通过');
  });

  it('counts down to a deadline by the China calendar (due today at its time), then up in hours, never “1 天” within a day', async () => {
    const due = Date.parse(e.campaign.timeline.planDueAt);
    const page = await open(`coord-${centre.unit.code}`);
    const cell = page.locator('.el-descriptions__cell', { hasText: chinaTime(e.campaign.timeline.planDueAt) });

    e.clock.set(new Date(due - 12 * HOUR));
    await page.reload();
    await cell.filter({ hasText: /今天 \d\d:\d\d 截止/ }).waitFor();

    e.clock.set(new Date(due + 5 * HOUR));
    await page.reload();
    await cell.filter({ hasText: '已逾期 5 小时' }).waitFor();
    expect(await page.getByText('还剩 0 天').count()).toBe(0);
    await shots(page, '09-overdue');
    await page.getByTestId('locale').click();
    await page.getByTestId('countdown-planDueAt').filter({ hasText: '5 hours overdue' }).waitFor();
    expect(await page.getByText('0 days left').count()).toBe(0);
    await page.getByTestId('locale').click();

    // A plan already in has nothing owed: no countdown on its deadline.
    const inReview = (await list('state=planSubmitted')).items.at(-1)!;
    const submitted = await open(`coord-${inReview.unit.code}`);
    await submitted.getByTestId('state').filter({ hasText: '方案待审核' }).waitFor();
    expect(await submitted.getByText('已逾期').count()).toBe(0);
    e.clock.set(new Date());
  });

  it('fits the board and the settings at 1366×768', async () => {
    const page = await open('organizer');
    await page.getByTestId('board').waitFor();
    const held = await page.getByTestId('kpi-held').boundingBox();
    const total = await page.getByTestId('kpi-total').boundingBox();
    expect(held!.height).toBe(total!.height);
    await shots(page, '10-board');
    // In English too (the unit kinds' names are long there): pictures to look at.
    await page.getByTestId('locale').click();
    await page.getByText('By unit kind').waitFor();
    await shots(page, '10b-board-en');
    await page.getByTestId('locale').click();

    await page.getByRole('menuitem', { name: '推进周设置' }).click();
    for (const name of ['须完成“四个一”的单位', '须开设免费课程的单位']) {
      // One line: nothing spills out of the label's box into the row below.
      const label = page.locator('.el-form-item__label', { hasText: name });
      expect(await label.evaluate((el) => el.scrollHeight <= el.clientHeight)).toBe(true);
    }
  });

  it('publishes a new campaign in place, and keeps drafts from coordinators', async () => {
    const page = await open('organizer', 'settings');
    await page.getByTestId('create-campaign').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await page.locator('.el-message', { hasText: '已新建草稿' }).waitFor();
    const status = page.locator('.el-card__header .el-tag');
    await status.filter({ hasText: '草稿' }).waitFor();
    const draft = (await e.get<TListCampaignsResponse>('/campaigns')).items.find((c) => c.status === 'draft')!;
    expect(draft).toBeDefined();
    await shots(page, '11-draft');

    // Coordinators never see a draft: not in the API's list, not in the picker.
    const coordinator = `coord-${school.unit.code}`;
    expect((await e.call<TListCampaignsResponse>(coordinator, 'GET', '/campaigns')).items.map((c) => c.status)).not.toContain('draft');
    const other = await open(coordinator);
    await other.getByTestId('unit-name').waitFor();
    await other.getByTestId('campaign-select').click();
    await other.locator('.el-select-dropdown__item:visible', { hasText: previous.title }).waitFor();
    expect(await other.locator('.el-select-dropdown__item:visible', { hasText: draft.title }).count()).toBe(0);

    // The check-in page of a campaign without check-in points says what the wall will lack.
    await page.getByRole('menuitem', { name: '签到管理' }).click();
    await page.getByTestId('no-main-session').filter({ hasText: '二维码' }).waitFor();
    await shots(page, '12-no-checkin-points');

    // Published: the page says so at once, and offers no second publish.
    await page.getByRole('menuitem', { name: '推进周设置' }).click();
    await page.getByTestId('publish').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await status.filter({ hasText: '已发布' }).waitFor();
    expect(await page.getByTestId('publish').count()).toBe(0);
    await shots(page, '13-published');
  });
});
