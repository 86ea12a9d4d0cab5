import path from 'node:path';
import type { TListParticipationsResponse, TParticipationDetail, TTownUnitsResponse } from '@learnweek/contracts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { animationsFinished } from './animations.js';
import { expectAccessible } from './axe.js';
import { ARTIFACTS, signIn, startE2E, type E2E } from './harness.js';

/**
 * A town centre follows up its town's late units from the day's escalation digest (the bell, the
 * 本镇（街道）单位 list, a unit's page read only); an approver's refused return keeps what was typed.
 */
let e: E2E;

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const list = (query: string) => e.get<TListParticipationsResponse>(`/campaigns/${e.campaign.id}/participations?${query}&pageSize=100`);
const shot = async (page: Page, name: string, size: { width: number; height: number }) => {
  await page.setViewportSize(size);
  await animationsFinished(page);
  await page.screenshot({ path: path.join(ARTIFACTS, `town-${name}-${size.width}.png`), fullPage: true });
};
const OWING = new Set(['invited', 'drafting', 'planReturned']);

describe('a town centre', () => {
  it('opens the day’s escalation from its bell, sees each late unit’s contact, and reads the unit’s page without any step', async () => {
    // A town with a centre and a unit that will still owe its plan when the deadline passes.
    const centres = (await list('kind=communityCentre')).items;
    const all = (await list('')).items;
    const pair = centres
      .map((c) => ({
        centre: c,
        late: all.find((p) => p.unit.town === c.unit.town && p.unit.kind !== 'communityCentre' && OWING.has(p.state)),
      }))
      .find((x) => x.late !== undefined);
    expect(pair).toBeDefined();
    const { centre, late } = pair! as { centre: (typeof centres)[number]; late: (typeof all)[number] };
    const centreUser = `coord-${centre.unit.code}`;

    e.clock.set(new Date(Date.parse(e.campaign.timeline.planDueAt) + 15 * 60_000));
    await e.tick();
    const town = await e.call<TTownUnitsResponse>(centreUser, 'GET', `/campaigns/${e.campaign.id}/town-units`);
    const lateUnit = town.items.find((u) => u.participationId === late.id)!;
    expect(lateUnit.planOverdue).toBe(true);
    expect(lateUnit.contactPerson).not.toBe('');

    const ctx = await e.browser();
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, e.base, centreUser);
    await page.getByTestId('notifications').locator('sup').filter({ hasText: /\d/ }).waitFor();
    await page.getByTestId('notifications').click();
    const digest = page.getByTestId('notification-list').locator('li', { hasText: `督办：${centre.unit.town}有` });
    await digest.filter({ hasText: late.unit.name }).filter({ hasText: lateUnit.contactPerson }).waitFor();
    expect(await digest.textContent()).toContain('已逾期 15 分钟');
    await digest.click();

    // The town's list: the late unit first among the late, with its contact person and phone.
    await page.getByTestId('town-units').waitFor();
    await page.getByTestId('notification-list').waitFor({ state: 'hidden' });
    expect(page.url()).toContain('/admin/town');
    await page.getByTestId(`town-unit-${late.unit.code}`).waitFor();
    expect(await page.getByTestId(`town-plan-${late.unit.code}`).textContent()).toBe('已逾期 15 分钟');
    const row = page.locator('.el-table__row', { hasText: late.unit.name });
    expect(await row.textContent()).toContain(lateUnit.contactPerson);
    if (lateUnit.phone) expect(await page.getByTestId(`town-phone-${late.unit.code}`).textContent()).toBe(lateUnit.phone);
    expect(await page.getByTestId('menu-town').count()).toBeGreaterThan(0);
    await shot(page, 'list', { width: 1366, height: 768 });
    await expectAccessible(page, 'town units');
    await shot(page, 'list', { width: 390, height: 844 });
    // On a phone each unit is a card: nothing wider than the screen.
    await page.getByTestId(`town-unit-${late.unit.code}`).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(page, 'town units on a phone');
    await page.setViewportSize({ width: 1366, height: 768 });

    // The unit's page opens (not 无权查看), read only.
    await page.getByTestId(`town-unit-${late.unit.code}`).click();
    await page.getByTestId('unit-name').filter({ hasText: late.unit.name }).waitFor();
    expect(await page.getByTestId('forbidden').count()).toBe(0);
    expect(await page.getByTestId('actions').locator('button').count()).toBe(0);
    await shot(page, 'participation', { width: 1366, height: 768 });

    // A unit of another town stays closed to it.
    const elsewhere = all.find((p) => p.unit.town !== centre.unit.town)!;
    await page.goto(`${e.base}/admin/participations/${elsewhere.id}`);
    await page.getByTestId('forbidden').waitFor();
  });
});

describe('the return dialog', () => {
  it('keeps the section comments typed when the server refuses a return without its overall comment, and names the rule on the comment', async () => {
    const submitted = (await list('state=planSubmitted')).items[0]!;
    const ctx = await e.browser();
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, e.base, 'approver', `participations/${submitted.id}`);
    await page.getByTestId('event-RETURN_PLAN').click();
    await page.getByTestId('section-plan').fill('开放日请写明面向对象和预计人数');
    await page.getByTestId('section-schedule').fill('请补充负责人联系电话');
    await page.getByTestId('event-confirm').click();

    await page.getByTestId('event-comment-item').locator('.el-form-item__error', { hasText: '退回时须填写总体意见' }).waitFor();
    expect(await page.getByTestId('section-plan').inputValue()).toBe('开放日请写明面向对象和预计人数');
    expect(await page.getByTestId('section-schedule').inputValue()).toBe('请补充负责人联系电话');
    expect(await page.getByText('提交条件').count()).toBe(0);
    await shot(page, 'return-refused', { width: 1366, height: 768 });
    await page.setViewportSize({ width: 1366, height: 768 });

    await page.getByTestId('event-comment').fill('请按分项意见修改后重新提交。');
    await page.getByTestId('event-confirm').click();
    await page.getByTestId('state').filter({ hasText: '方案已退回' }).waitFor();
    const after = await e.call<TParticipationDetail>('approver', 'GET', `/participations/${submitted.id}`);
    expect(after.history.at(-1)).toMatchObject({
      event: 'RETURN_PLAN',
      comment: '请按分项意见修改后重新提交。',
      sectionComments: { plan: '开放日请写明面向对象和预计人数', schedule: '请补充负责人联系电话' },
    });
  });
});
