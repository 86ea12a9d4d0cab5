import type { TActivity, TApiError } from '@learnweek/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTOSAVE_DELAY_MS } from '../src/composables/autosave';
import PlanTab from '../src/views/participation/detail/PlanTab.vue';
import ScheduleTab from '../src/views/participation/detail/ScheduleTab.vue';
import { activityRow, consolePlugins, fakeApi, participation } from './fixtures';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const P = participation();
const PLAN = `PUT /api/participations/${P.id}/plan`;
/** What another tab saved first: the plan as it is now on the server. */
const THEIRS = { ...P.plan, text: 'A 写的段落', version: 2, participationId: P.id, updatedAt: '2026-11-30T02:00:00.000Z' };
const stale = (): { status: number; body: TApiError } => ({
  status: 409,
  body: { statusCode: 409, code: 'staleVersion', message: '数据已被他人修改，请刷新后重试', current: THEIRS },
});
const saved = (body: unknown) => ({
  body: { ...THEIRS, ...(body as object), version: (body as { version: number }).version + 1, updatedAt: '2026-11-30T02:01:00.000Z' },
});

function mountTab() {
  const reload = vi.fn(async () => undefined);
  return mount(PlanTab, { props: { participation: P, editable: true, comment: '', reload }, global: { plugins: consolePlugins() } });
}
type TWrapper = ReturnType<typeof mountTab>;
const typed = (wrapper: TWrapper) => (wrapper.get('textarea[data-test=plan-text]').element as HTMLTextAreaElement).value;

/** Tab B types over the plan it loaded (version 1) and its draft saves itself: the server says A saved first. */
async function staleSave(wrapper: TWrapper) {
  await wrapper.get('textarea[data-test=plan-text]').setValue('B 写的段落');
  await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
  await flushPromises();
}

describe('a stale save (someone else saved first)', () => {
  it('shows the conflict, theirs beside mine, keeps what was typed, and overwrites with it from their version when asked', async () => {
    let answer: (body: unknown) => { status?: number; body: unknown } = stale;
    const { calls } = fakeApi({ [PLAN]: (body) => answer(body) });
    const wrapper = mountTab();
    await staleSave(wrapper);

    expect(calls.map((c) => c.body)).toEqual([{ leadingBody: '领导小组', budgetNote: '', publicity: '', text: 'B 写的段落', version: 1 }]);
    const row = wrapper.get('[data-test=conflict-text]');
    expect(row.findAll('td').map((td) => td.text())).toEqual(['A 写的段落', 'B 写的段落']);
    expect(wrapper.get('[data-test=conflict]').text()).toContain('此内容已被他人修改');
    // Only what differs is shown; the user's text is still in the form, unsaved.
    expect(wrapper.find('[data-test=conflict-leadingBody]').exists()).toBe(false);
    expect(typed(wrapper)).toBe('B 写的段落');
    expect(wrapper.get('[data-test=autosave]').text()).toBe('此内容已被他人修改');
    expect(wrapper.props('reload')).not.toHaveBeenCalled();

    answer = saved;
    await wrapper.get('[data-test=conflict-overwrite]').trigger('click');
    await flushPromises();
    expect(calls.map((c) => c.body)).toEqual([
      { leadingBody: '领导小组', budgetNote: '', publicity: '', text: 'B 写的段落', version: 1 },
      { leadingBody: '领导小组', budgetNote: '', publicity: '', text: 'B 写的段落', version: 2 },
    ]);
    expect(wrapper.find('[data-test=conflict-text]').exists()).toBe(false);
    expect(typed(wrapper)).toBe('B 写的段落');
    expect(wrapper.get('[data-test=autosave]').text()).toBe('草稿已自动保存 2026/11/30 10:01');
  });

  it('loads their version into the form when asked, and keeps the text typed readable beside it', async () => {
    const { calls } = fakeApi({ [PLAN]: stale });
    const wrapper = mountTab();
    await staleSave(wrapper);
    await wrapper.get('[data-test=conflict-load]').trigger('click');
    await flushPromises();

    expect(typed(wrapper)).toBe('A 写的段落');
    expect(wrapper.get('[data-test=conflict-kept]').text()).toContain('B 写的段落');
    expect(wrapper.props('reload')).toHaveBeenCalledTimes(1);
    // Their version is what the server has: nothing to save.
    await vi.advanceTimersByTimeAsync(5 * AUTOSAVE_DELAY_MS);
    expect(calls).toHaveLength(1);

    // The next edit goes from their version.
    const next = fakeApi({ [PLAN]: saved });
    await wrapper.get('textarea[data-test=plan-text]').setValue('A 写的段落，B 补充一句');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await flushPromises();
    expect(next.calls.map((c) => c.body)).toEqual([
      { leadingBody: '领导小组', budgetNote: '', publicity: '', text: 'A 写的段落，B 补充一句', version: 2 },
    ]);
  });

  it('keeps the text typed when the user closes the conflict to go on editing', async () => {
    fakeApi({ [PLAN]: stale });
    const wrapper = mountTab();
    await staleSave(wrapper);
    await wrapper.get('[data-test=conflict-close]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-test=conflict-text]').exists()).toBe(false);
    expect(typed(wrapper)).toBe('B 写的段落');
  });
});

describe('a stale schedule row (someone else saved the row first)', () => {
  const ROW: TActivity = activityRow({ id: '00000000-0000-4000-8000-000000000301', form: '讲座' });
  const ROW_PUT = `PUT /api/participations/${P.id}/activities/${ROW.id}`;
  const theirs = {
    ...ROW,
    version: 2,
    status: 'held' as const,
    actualParticipants: 90,
    report: '同事填写',
    heldAt: '2026-12-22T03:00:00.000Z',
  };

  it('keeps the held dialog open with what was typed, shows theirs beside it, and overwrites from their version', async () => {
    let answer: (body: unknown) => { status?: number; body: unknown } = () => ({
      status: 409,
      body: { statusCode: 409, code: 'staleVersion', message: '数据已被他人修改，请刷新后重试', current: theirs },
    });
    const { calls } = fakeApi({ [ROW_PUT]: (body) => answer(body) });
    const reload = vi.fn(async () => undefined);
    // A phone's cards (the desktop's table lays itself out with sizes happy-dom does not have).
    vi.stubGlobal('matchMedia', (media: string) => ({
      matches: true,
      media,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    }));
    const wrapper = mount(ScheduleTab, {
      props: {
        participation: participation({ activities: [ROW] }),
        timeline: undefined,
        planEditable: false,
        heldMarkable: true,
        cancellable: true,
        comment: '',
        reload,
      },
      global: { plugins: consolePlugins() },
    });
    await wrapper.get(`[data-test=held-${ROW.id}]`).trigger('click');
    await vi.advanceTimersByTimeAsync(500);
    await wrapper.get('textarea[data-test=held-report]').setValue('我填写的情况');
    await wrapper.get('[data-test=held-save]').trigger('click');
    await flushPromises();

    expect(calls.map((c) => c.body)).toEqual([{ status: 'held', actualParticipants: 100, report: '我填写的情况', version: 1 }]);
    expect(
      wrapper
        .get('[data-test=conflict-report]')
        .findAll('td')
        .map((td) => td.text()),
    ).toEqual(['同事填写', '我填写的情况']);
    expect((wrapper.get('textarea[data-test=held-report]').element as HTMLTextAreaElement).value).toBe('我填写的情况');
    expect(reload).not.toHaveBeenCalled();

    answer = (body) => ({ body: { ...theirs, ...(body as object), version: 3 } });
    await wrapper.get('[data-test=conflict-overwrite]').trigger('click');
    await flushPromises();
    expect(calls.map((c) => c.body)).toEqual([
      { status: 'held', actualParticipants: 100, report: '我填写的情况', version: 1 },
      { status: 'held', actualParticipants: 100, report: '我填写的情况', version: 2 },
    ]);
    expect(reload).toHaveBeenCalledTimes(1);
  });
});
