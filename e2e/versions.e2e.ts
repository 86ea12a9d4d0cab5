import type { TListParticipationsResponse, TParticipationDetail } from '@learnweek/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startE2E, type E2E } from './harness.js';

let e: E2E;

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

/** docs/ARCHITECTURE.md, "Versions": two tabs on one plan, no save lost. */
describe('two tabs editing one plan', () => {
  it('shows tab B’s stale save as the conflict with tab A’s paragraph, keeps B’s text, and overwrites only when B says so', async () => {
    const list = await e.get<TListParticipationsResponse>(
      `/campaigns/${e.campaign.id}/participations?kind=school&state=invited&pageSize=1`,
    );
    const mine = list.items[0]!;
    const coord = `coord-${mine.unit.code}`;
    await e.call(coord, 'POST', `/participations/${mine.id}/events`, { type: 'START_DRAFT', version: mine.version });
    const plan = async () => (await e.call<TParticipationDetail>(coord, 'GET', `/participations/${mine.id}`)).plan;

    // Both tabs open the plan as it is.
    const ctx = await e.browser();
    const [a, b] = [await ctx.newPage(), await ctx.newPage()];
    for (const page of [a, b]) {
      await page.setViewportSize({ width: 1440, height: 900 });
      await signIn(page, e.base, coord);
      await page.getByTestId('unit-name').filter({ hasText: mine.unit.name }).waitFor();
      await page.getByTestId('plan-text').waitFor();
    }

    await a.getByTestId('plan-text').fill('A 标签页写的段落');
    await a.getByTestId('autosave').filter({ hasText: '草稿已自动保存' }).waitFor();
    expect(await plan()).toMatchObject({ text: 'A 标签页写的段落', version: 2 });

    await b.getByTestId('plan-text').fill('B 标签页写的段落');
    const conflict = b.getByTestId('conflict-text');
    await conflict.waitFor();
    expect(await conflict.locator('td').allInnerTexts()).toEqual(['A 标签页写的段落', 'B 标签页写的段落']);
    expect(await b.getByTestId('plan-text').inputValue()).toBe('B 标签页写的段落');
    // A's paragraph stays until B chooses.
    expect(await plan()).toMatchObject({ text: 'A 标签页写的段落', version: 2 });

    await b.getByTestId('conflict-overwrite').click();
    await b.getByTestId('autosave').filter({ hasText: '草稿已自动保存' }).waitFor();
    expect(await plan()).toMatchObject({ text: 'B 标签页写的段落', version: 3 });

    // Tab A, still on version 2, is told in turn; it loads B's and keeps its own text readable.
    await a.getByTestId('plan-text').fill('A 标签页再改一次');
    await a.getByTestId('conflict-load').click();
    await a.getByTestId('conflict-kept').filter({ hasText: 'A 标签页再改一次' }).waitFor();
    expect(await a.getByTestId('plan-text').inputValue()).toBe('B 标签页写的段落');
    expect(await plan()).toMatchObject({ text: 'B 标签页写的段落', version: 3 });
    await ctx.close();
  });
});
