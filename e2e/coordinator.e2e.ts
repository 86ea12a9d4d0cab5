import path from 'node:path';
import type { TListParticipationsResponse, TParticipationDetail } from '@learnweek/contracts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleRow, sheetOf } from '../apps/api/test/schedule-sheet.js';
import { ARTIFACTS, photoJpeg, signIn, startE2E, type E2E } from './harness.js';

let e: E2E;

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const DAY = 86_400_000;
/** China wall-clock time of an instant, as the schedule sheet writes it. */
const china = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** A schedule sheet with the school's "four ones" inside the week; `badType` spoils the second row. */
async function scheduleSheet(badType?: string, revised = false): Promise<Buffer> {
  const day = Date.parse(e.campaign.timeline.weekStartsAt) + DAY + 2 * 3600_000;
  const rows: [string, string][] = [
    ['终身学习主题讲座', '主题讲座'],
    ['“人人皆学”主题班会', badType ?? '主题班会'],
    ['学习型社会主题板报', '主题板报'],
    ['社区志愿服务', '志愿服务'],
  ];
  // `revised`: the lecture moved to the hall, the volunteer service dropped.
  return sheetOf(
    (revised ? rows.slice(0, 3) : rows).map(([title, type], i) =>
      scheduleRow(title, type, {
        no: i + 1,
        start: china(day + i * DAY),
        end: china(day + i * DAY + 2 * 3600_000),
        place: revised && i === 0 ? '学校礼堂' : '学校报告厅',
        audiences: '学生',
        expected: 200,
      }),
    ),
  );
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `coordinator-${name}.png`), fullPage: true });

describe('a school coordinator through the week', () => {
  it('plans, imports the schedule, is returned, resubmits, records the week and submits the summary with 3 photos', async () => {
    const list = await e.get<TListParticipationsResponse>(
      `/campaigns/${e.campaign.id}/participations?kind=school&state=invited&pageSize=1`,
    );
    const mine = list.items[0]!;
    const coord = `coord-${mine.unit.code}`;
    const detail = () => e.call<TParticipationDetail>(coord, 'GET', `/participations/${mine.id}`);

    const ctx = await e.browser();
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${e.base}/admin/`);
    await page.getByTestId('username').fill(coord);
    await page.getByTestId('password').fill('demo1234');
    await shot(page, '01-login');
    await page.getByTestId('login').click();
    await page.getByTestId('unit-name').filter({ hasText: mine.unit.name }).waitFor();

    // The plan: start, type, and the draft saves itself.
    await page.getByTestId('event-START_DRAFT').click();
    await page.getByTestId('state').filter({ hasText: '方案编制中' }).waitFor();
    await page.getByTestId('plan-text').fill('一、指导思想……二、活动安排……');
    await page.getByTestId('autosave').filter({ hasText: '草稿已自动保存' }).waitFor();
    expect((await detail()).plan.text).toBe('一、指导思想……二、活动安排……');
    await shot(page, '02-plan-autosaved');

    // The schedule from Excel: one bad row is refused with its row and column, then the fixed table goes in.
    await page.getByRole('tab', { name: /活动安排表/ }).click();
    await page.getByTestId('schedule-file').setInputFiles({
      name: '活动安排表.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await scheduleSheet('班会'),
    });
    await page.getByTestId('import-errors').filter({ hasText: '第3行·活动类型' }).waitFor();
    expect((await detail()).activities).toHaveLength(0);
    await shot(page, '03-import-error');
    await page.getByTestId('schedule-file').setInputFiles({
      name: '活动安排表.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await scheduleSheet(),
    });
    await page.getByRole('tab', { name: '活动安排表 (4)' }).waitFor();
    await expect.poll(async () => page.getByTestId('import-errors').count()).toBe(0);
    await shot(page, '04-schedule-imported');
    // A table that would change and remove rows is shown first; cancelled, nothing changes.
    await page.getByTestId('schedule-file').setInputFiles({
      name: '活动安排表.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await scheduleSheet(undefined, true),
    });
    const preview = page.getByTestId('import-preview');
    await preview.getByTestId('rows-removed').getByText('社区志愿服务', { exact: false }).waitFor();
    await preview.getByTestId('field-change').filter({ hasText: '活动地点：学校报告厅 → 学校礼堂' }).waitFor();
    await shot(page, '04b-import-preview');
    await preview.getByRole('button', { name: '取消' }).click();
    expect((await detail()).activities.map((a) => a.place)).toEqual(['学校报告厅', '学校报告厅', '学校报告厅', '学校报告厅']);
    await page.getByTestId('event-SUBMIT_PLAN').click();
    await page.locator('.step-confirm .el-button--primary').click(); // submitting and withdrawing ask first
    await page.getByTestId('state').filter({ hasText: '方案待审核' }).waitFor();

    // The approver returns it with a comment (through the API); the coordinator sees why.
    const returned = await detail();
    await e.call('approver', 'POST', `/participations/${mine.id}/events`, {
      type: 'RETURN_PLAN',
      version: returned.version,
      comment: '请补充宣传措施',
      sectionComments: { plan: '宣传措施未填写' },
    });
    await page.reload();
    await page.getByTestId('state').filter({ hasText: '方案已退回' }).waitFor();
    await page.getByTestId('notifications').locator('sup').filter({ hasText: /\d/ }).waitFor();
    await page.getByRole('tab', { name: '办理记录' }).click();
    await page.getByTestId('history').getByText('请补充宣传措施').waitFor();
    await page.getByTestId('history').getByText('宣传措施未填写').waitFor();
    await shot(page, '05-returned-with-comment');
    await page.getByRole('tab', { name: '实施方案' }).click();
    await page.locator('[data-test=plan-form] textarea').nth(2).fill('镇广播、微信公众号、校园横幅');
    await page.getByTestId('autosave').filter({ hasText: '草稿已自动保存' }).waitFor();
    await page.getByTestId('event-SUBMIT_PLAN').click();
    await page.locator('.step-confirm .el-button--primary').click(); // submitting and withdrawing ask first
    await page.getByTestId('state').filter({ hasText: '方案待审核' }).waitFor();
    await page.getByRole('tab', { name: /历次提交/ }).click();
    await page.getByTestId('revision-diff').filter({ hasText: '第 2 次' }).getByText('镇广播、微信公众号、校园横幅').waitFor();
    await shot(page, '05b-revision-diff');
    const resubmitted = await detail();
    expect(resubmitted.plan.publicity).toBe('镇广播、微信公众号、校园横幅');
    await e.call('approver', 'POST', `/participations/${mine.id}/events`, { type: 'APPROVE_PLAN', version: resubmitted.version });

    // The week: the clock moves on, the scheduler starts it; two activities are marked held.
    e.clock.set(new Date(Date.parse(e.campaign.timeline.weekStartsAt) + 3 * DAY));
    await e.tick();
    await page.reload();
    await page.getByTestId('state').filter({ hasText: '活动周进行中' }).waitFor();
    await page.getByRole('tab', { name: /活动安排表/ }).click();
    const [first, second] = (await detail()).activities;
    for (const [a, n] of [
      [first!, 180],
      [second!, 45],
    ] as const) {
      await page.getByTestId(`held-${a.id}`).click();
      await page.locator('[data-test=held-participants] input, input[data-test=held-participants]').fill(String(n));
      await page.getByTestId('held-report').fill(`${a.title}顺利举办`);
      await page.getByTestId('held-save').click();
      await page.getByTestId('activities').getByText(`已举办 ${n} 人`).waitFor();
    }
    await shot(page, '06-week-held');

    // The third starts tomorrow: recorded held today, the server refuses it under 情况 and nothing is
    // kept; once the clock has passed its start (the scheduler's clock moved on), it goes in, with a
    // brief of two lines.
    const third = (await detail()).activities[2]!;
    expect(Date.parse(third.startsAt)).toBeGreaterThan(e.clock.now().getTime());
    await page.getByTestId(`held-${third.id}`).click();
    await page.locator('[data-test=held-participants] input, input[data-test=held-participants]').fill('60');
    await page.getByTestId('held-save').click();
    await page.getByTestId('held-dialog').locator('.el-form-item__error', { hasText: '活动尚未开始，开始后才能登记为已举办' }).waitFor();
    await shot(page, '06a-held-before-start');
    expect((await detail()).activities[2]).toMatchObject({ status: 'planned', heldAt: null });
    await page.keyboard.press('Escape');
    e.clock.set(new Date(Date.parse(third.startsAt) + 3600_000));
    await e.tick();
    await page.reload();
    await page.getByRole('tab', { name: /活动安排表/ }).click();
    await page.getByTestId(`held-${third.id}`).click();
    await page.locator('[data-test=held-participants] input, input[data-test=held-participants]').fill('60');
    await page.getByTestId('held-report').fill('各班板报评比；\n优秀作品在校门口展出');
    await page.getByTestId('held-save').click();
    await page.getByTestId('activities').getByText('已举办 60 人').waitFor();
    expect((await detail()).activities[2]).toMatchObject({
      status: 'held',
      actualParticipants: 60,
      report: '各班板报评比；\n优秀作品在校门口展出',
    });

    // After the week: the summary from the held activities, 3 photos, submitted.
    e.clock.set(new Date(Date.parse(e.campaign.timeline.weekEndsAt) + DAY));
    await e.tick();
    await page.reload();
    await page.getByTestId('state').filter({ hasText: '待交总结' }).waitFor();
    await page.getByRole('tab', { name: '活动总结' }).click();
    await page.getByTestId('summary-prefill').click();
    await expect.poll(() => page.getByTestId('summary-text').inputValue()).toContain('终身学习主题讲座');
    await page.getByTestId('summary-save').click();
    await expect.poll(async () => (await detail()).summary.participants).toBe(285);
    for (const seed of [0, 1, 2]) {
      await page.getByTestId('photo-activity').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: seed === 1 ? second!.title : first!.title }).click();
      await page
        .getByTestId('photo-file')
        .setInputFiles({ name: `现场${seed}.jpg`, mimeType: 'image/jpeg', buffer: await photoJpeg(seed) });
      // the photo appears once the server has kept it (re-encoding a full-size picture takes a moment)
      await page.getByTestId('photo').nth(seed).waitFor();
      expect(await page.getByTestId('photo').count()).toBe(seed + 1);
    }
    await page
      .getByTestId('photo')
      .first()
      .locator('img')
      .evaluate((img: HTMLImageElement) => img.decode());
    await shot(page, '07-summary-photos');
    await page.getByTestId('event-SUBMIT_SUMMARY').click();
    await page.locator('.step-confirm .el-button--primary').click(); // submitting and withdrawing ask first
    await page.getByTestId('state').filter({ hasText: '总结待审核' }).waitFor();
    await shot(page, '08-summary-submitted');

    const done = await detail();
    expect(done.state).toBe('summarySubmitted');
    expect(done.photos).toHaveLength(3);
    expect(done.activities.filter((a) => a.status === 'held').map((a) => a.actualParticipants)).toEqual([180, 45, 60]);
    expect(done.planRevisions.map((r) => r.revision)).toEqual([2, 1]);

    // The approvers see the three photos in the campaign's gallery.
    const reviewer = await (await e.browser()).newPage();
    await reviewer.setViewportSize({ width: 1440, height: 900 });
    await signIn(reviewer, e.base, 'approver', 'gallery');
    await expect.poll(() => reviewer.locator('[data-test=gallery] .el-card', { hasText: mine.unit.name }).count()).toBe(3);
    await shot(reviewer, '09-gallery');
  });
});
