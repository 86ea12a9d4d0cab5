import path from 'node:path';
import type { TListParticipationsResponse, TListNominationsResponse, TNominationDetail, TPanel } from '@learnweek/contracts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './axe.js';
import { ARTIFACTS, PHONE, photoJpeg, signIn, startE2E, type E2E } from './harness.js';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `exemplars-${name}.png`), fullPage: true });
const confirm = (page: Page) => page.locator('.el-message-box__btns .el-button--primary').click();
const openRow = async (page: Page, table: string, name: string) => {
  await page.locator(`[data-test=${table}] .el-table__row`, { hasText: name }).click();
  await page.getByTestId('nomination-drawer').locator('.el-drawer__title', { hasText: name }).waitFor();
};

describe('exemplar selection', () => {
  it('a coordinator nominates a learning star with photos; the organizer shortlists, two approvers score, the organizer selects and publishes; the public page shows it', async () => {
    const [unit] = (await e.get<TListParticipationsResponse>(`/campaigns/${e.campaign.id}/participations?kind=school&pageSize=1`)).items;
    const ctx = await e.browser();

    // The coordinator nominates.
    const coord = await ctx.newPage();
    await coord.setViewportSize({ width: 1440, height: 900 });
    await signIn(coord, e.base, `coord-${unit!.unit.code}`, 'my-nominations');
    await coord.getByTestId('nominate-star').click();
    await coord.locator('.el-message-box__input input').fill('王秀英');
    await confirm(coord);
    await coord.getByTestId('nomination-story').fill('退休教师，十年如一日参加社区老年大学学习，并义务为邻里开设书法课。');
    for (const seed of [1, 2]) {
      await coord
        .getByTestId('nomination-file')
        .setInputFiles({ name: `照片${seed}.jpg`, mimeType: 'image/jpeg', buffer: await photoJpeg(seed) });
      await expect.poll(() => coord.locator('[data-test=nomination-photos] .el-image').count()).toBe(seed);
    }
    await shot(coord, '01-nominated');
    await coord.getByTestId('nomination-SUBMIT').click();
    await coord.getByTestId('nomination-state').filter({ hasText: '已推荐' }).waitFor();

    // The organizer names the panel and shortlists.
    const org = await ctx.newPage();
    await org.setViewportSize({ width: 1440, height: 900 });
    await signIn(org, e.base, 'organizer', 'nominations');
    await org.getByRole('tab', { name: '评审设置' }).click();
    await org.getByTestId('panel-select').click();
    for (const name of ['approver）', 'approver2）']) await org.locator('.el-select-dropdown__item:visible', { hasText: name }).click();
    await org.getByTestId('panel-save').click();
    await org.locator('.el-message', { hasText: '已保存' }).waitFor();
    await org.getByRole('tab', { name: '推荐名单' }).click();
    await openRow(org, 'nominations', '王秀英');
    await org.getByTestId('nomination-SHORTLIST').click();
    await confirm(org);
    await org.getByTestId('nomination-state').filter({ hasText: '入围评审' }).waitFor();

    // Two approvers score it.
    for (const [user, score] of [
      ['approver', 90],
      ['approver2', 80],
    ] as const) {
      const p = await ctx.newPage();
      await signIn(p, e.base, user, 'nominations');
      await openRow(p, 'nominations', '王秀英');
      for (const c of ['事迹典型性', '示范带动', '材料完整']) await p.getByTestId(`score-${c}`).locator('input').fill(String(score));
      await p.getByTestId('score-save').click();
      await p.locator('.el-message', { hasText: '评分已保存' }).waitFor();
      if (user === 'approver2') await shot(p, '02-scoring');
      await p.close();
    }

    // The organizer sees the ranking, selects and publishes.
    await org.reload();
    await org.getByRole('tab', { name: '评审排名' }).click();
    await org.getByTestId('mean-王秀英').filter({ hasText: '85.00' }).waitFor();
    await shot(org, '03-ranking');
    await openRow(org, 'ranking', '王秀英');
    await org.getByTestId('nomination-SELECT').click();
    await confirm(org);
    await org.getByTestId('nomination-state').filter({ hasText: '拟表彰' }).waitFor();
    const before = await fetch(`${e.base}/api/public/campaigns/${e.campaign.id}/exemplars`).then(
      (r) => r.json() as Promise<{ items: unknown[] }>,
    );
    expect(before.items).toEqual([]);
    await org.getByTestId('nomination-PUBLISH').click();
    await confirm(org);
    await org.getByTestId('nomination-state').filter({ hasText: '已公布' }).waitFor();

    // Anyone sees it on the public page, without signing in.
    const visitor = await (await e.browser()).newPage();
    await visitor.setViewportSize({ width: 1200, height: 900 });
    await visitor.goto(`${e.base}/admin/exemplars/${e.campaign.id}`);
    const card = visitor.getByTestId('exemplar-王秀英');
    await card.waitFor();
    await expect.poll(() => card.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await shot(visitor, '04-public');
    const all = await e.get<TListNominationsResponse>(`/campaigns/${e.campaign.id}/nominations`);
    expect(all.items.find((n) => n.name === '王秀英')).toMatchObject({ state: 'published', unit: { code: unit!.unit.code } });

    // The organizer turns the wall's exemplar panel on; the ceremony screen shows it.
    await org.getByTestId('nomination-drawer').locator('.el-drawer__close-btn').click();
    await org.getByRole('tab', { name: '评审设置' }).click();
    await org.getByTestId('wall-switch').click();
    await org.locator('.el-message', { hasText: '已保存' }).last().waitFor();
    const screen = await (await e.browser()).newPage();
    await screen.setViewportSize({ width: 1920, height: 1080 });
    await screen.goto(`${e.base}/kiosk/?token=demo-kiosk-${e.campaign.year}`);
    await screen.getByTestId('exemplar').filter({ hasText: '王秀英' }).waitFor();
    await expect
      .poll(() =>
        screen
          .getByTestId('exemplar')
          .locator('img')
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBeGreaterThan(0);
    await shot(screen, '05-wall');
  });

  it('asks before publishing with scores missing, saying how many scored; lists the proposed exemplars on a phone during the 公示 period', async () => {
    const [unit] = (await e.get<TListParticipationsResponse>(`/campaigns/${e.campaign.id}/participations?kind=communityCentre&pageSize=1`))
      .items;
    const coord = `coord-${unit!.unit.code}`;
    const campaignPath = `/campaigns/${e.campaign.id}`;
    // A brand project, submitted with its figures and a photo, shortlisted; one of two panelists scores it.
    const n = await e.call<TNominationDetail>(coord, 'POST', `${campaignPath}/nominations`, {
      kind: 'brandProject',
      name: '银龄智能手机课堂',
      story: '社区教育中心连续六年为老年人开设智能手机课程，手把手教会线上挂号、视频通话和防范诈骗，学员又带动邻里一起学。',
      yearsRunning: 6,
      participantsReached: 2400,
    });
    const login = await fetch(`${e.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: coord, password: 'demo1234' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await photoJpeg(7))], { type: 'image/jpeg' }), 'photo.jpg');
    expect(
      (
        await fetch(`${e.base}/api/nominations/${n.id}/photos`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${accessToken}` },
          body: form,
        })
      ).status,
    ).toBe(201);
    const step = async (user: string, type: string, extra: object = {}) => {
      const { version } = await e.get<TNominationDetail>(`/nominations/${n.id}`);
      await e.call(user, 'POST', `/nominations/${n.id}/events`, { type, version, ...extra });
    };
    await step(coord, 'SUBMIT');
    await step('organizer', 'SHORTLIST');
    const panel = await e.get<TPanel>(`${campaignPath}/panel`);
    const ids = panel.candidates.filter((c) => c.username === 'approver' || c.username === 'approver2').map((c) => c.userId);
    await e.call('organizer', 'PUT', `${campaignPath}/panel`, { userIds: ids });
    await e.call('approver', 'PUT', `/nominations/${n.id}/scores`, { scores: Object.fromEntries(panel.criteria.map((c) => [c, 88])) });

    // The organizer sees it ranked among brand projects only, scored by 1 of 2, and is asked before 拟表彰.
    const ctx = await e.browser();
    const org = await ctx.newPage();
    await org.setViewportSize({ width: 1366, height: 768 });
    await signIn(org, e.base, 'organizer', 'nominations');
    await org.getByRole('tab', { name: '评审排名' }).click();
    const projects = org.locator('[data-test=ranking][data-kind=brandProject]');
    await projects.locator('.el-table__row', { hasText: '银龄智能手机课堂' }).waitFor();
    expect(await org.locator('[data-test=ranking][data-kind=learningStar] .el-table__row', { hasText: '银龄智能手机课堂' }).count()).toBe(
      0,
    );
    await expect.poll(() => org.getByTestId('scored-银龄智能手机课堂').textContent()).toBe('1 / 2');
    await openRow(org, 'ranking', '银龄智能手机课堂');
    await org.getByTestId('nomination-SELECT').click();
    await confirm(org);
    const warning = org.locator('.confirmation-box');
    await warning.filter({ hasText: '已评 1 / 2' }).waitFor();
    await shot(org, '06-select-incomplete');
    await warning.locator('.el-button--primary').click();
    await org.getByTestId('nomination-state').filter({ hasText: '拟表彰' }).waitFor();

    // A 公示 period from now for a week: the public page lists it, on a phone, accessible, without anyone's contacts.
    const now = e.clock.now().getTime();
    await e.call('organizer', 'PUT', `${campaignPath}/exemplar-notice`, {
      startsAt: new Date(now - 3_600_000).toISOString(),
      endsAt: new Date(now + 7 * 86_400_000).toISOString(),
      contact: '区教育局职成教科，电话 0519-85123456',
    });
    const phone = await (await e.browser(PHONE)).newPage();
    await phone.goto(`${e.base}/admin/exemplars/${e.campaign.id}`);
    const notice = phone.getByTestId('exemplar-notice');
    await notice.getByTestId('proposed-银龄智能手机课堂').waitFor();
    expect(await notice.textContent()).toContain('公示期内如有异议，请向区教育局职成教科，电话 0519-85123456反映。');
    await expectAccessible(phone, 'the 公示 page on a phone');
    await phone.screenshot({ path: path.join(ARTIFACTS, 'exemplars-07-notice-390.png'), fullPage: true });

    // After the period, publishing asks again while scores are missing, then goes through.
    e.clock.set(new Date(now + 8 * 86_400_000));
    await org.reload();
    await org.getByRole('tab', { name: '评审排名' }).click();
    await openRow(org, 'ranking', '银龄智能手机课堂');
    await org.getByTestId('nomination-PUBLISH').click();
    await confirm(org);
    await warning.filter({ hasText: '已评 1 / 2' }).waitFor();
    await shot(org, '08-publish-incomplete');
    await warning.locator('.el-button--primary').click();
    await org.getByTestId('nomination-state').filter({ hasText: '已公布' }).waitFor();
  });
});
