import type { TParticipationDetail } from '@learnweek/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTOSAVE_DELAY_MS } from '../src/composables/autosave';
import PlanTab from '../src/views/participation/detail/PlanTab.vue';
import { consolePlugins, fakeApi, formItem, participation } from './fixtures';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const P = participation();
const PLAN = `PUT /api/participations/${P.id}/plan`;
const saved = (body: unknown) => ({
  body: {
    ...P.plan,
    ...(body as object),
    version: (body as { version: number }).version + 1,
    participationId: P.id,
    revision: 2,
    updatedAt: '2026-11-30T02:01:00.000Z',
  },
});

/** The tab on `p`; `reload` stands for the page reading the participation again. */
function mountTab(p: TParticipationDetail = P, editable = true, reload = vi.fn(async () => undefined)) {
  return mount(PlanTab, { props: { participation: p, editable, comment: '', reload }, global: { plugins: consolePlugins() } });
}
type TWrapper = ReturnType<typeof mountTab>;
/** The field's error once Element Plus shows it (it sets the text a moment after the prop); '' for none. */
const fieldError = async (wrapper: TWrapper, label: string) => {
  await vi.advanceTimersByTimeAsync(500);
  const error = formItem(wrapper, label).find('.el-form-item__error');
  return error.exists() ? error.text() : '';
};

describe('the plan tab', () => {
  it('saves the plan a moment after the last keystroke, says when, and has the page read the participation again', async () => {
    const { calls } = fakeApi({ [PLAN]: saved });
    const wrapper = mountTab();
    await wrapper.get('textarea[data-test=plan-text]').setValue('一、指导思想');
    expect(wrapper.get('[data-test=autosave]').text()).toBe('正在保存…');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 1);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await flushPromises();
    expect(calls.map((c) => [`${c.method} ${c.path}`, c.body])).toEqual([
      [PLAN, { leadingBody: '领导小组', budgetNote: '', publicity: '', text: '一、指导思想', version: 1 }],
    ]);
    expect(wrapper.get('[data-test=autosave]').text()).toBe('草稿已自动保存 2026/11/30 10:01');
    expect(wrapper.props('reload')).toHaveBeenCalledTimes(1);
  });

  it('shows a refusal under the field it names, and in the status line what no field shows', async () => {
    let refusal = {
      statusCode: 400,
      code: 'invalid',
      message: '请求中有无效字段',
      errors: [{ path: 'text', message: '不能包含控制字符' }],
    };
    fakeApi({ [PLAN]: () => ({ status: refusal.statusCode, body: refusal }) });
    const wrapper = mountTab();
    await wrapper.get('textarea[data-test=plan-text]').setValue('响铃\u0007');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await flushPromises();
    expect(await fieldError(wrapper, '方案正文')).toBe('不能包含控制字符');
    expect(wrapper.get('[data-test=autosave]').text()).toBe('自动保存失败，请点“保存”重试');
    expect(wrapper.props('reload')).not.toHaveBeenCalled();

    refusal = { statusCode: 409, code: 'campaignClosed', message: '该推进周已结束，不能再修改', errors: [] };
    await wrapper.get('[data-test=plan-save]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-test=autosave]').text()).toBe('该推进周已结束，不能再修改');
    expect(await fieldError(wrapper, '方案正文')).toBe('');
  });

  it('saves a draft still being typed when the page asks (before a step is sent)', async () => {
    const { calls } = fakeApi({ [PLAN]: saved });
    const wrapper = mountTab();
    await wrapper.get('textarea[data-test=plan-text]').setValue('最后一句');
    await (wrapper.vm as unknown as { flush: () => Promise<void> }).flush();
    expect(calls.map((c) => (c.body as { text: string }).text)).toEqual(['最后一句']);
  });

  it('reads as text, from the server’s plan, where it cannot be edited', async () => {
    const { calls } = fakeApi({});
    const wrapper = mountTab(participation({ state: 'planSubmitted', plan: { ...P.plan, publicity: '镇广播' } }), false);
    expect(wrapper.find('[data-test=plan-form]').exists()).toBe(false);
    expect(wrapper.get('[data-test=plan-view]').text()).toContain('镇广播');
    await vi.advanceTimersByTimeAsync(5 * AUTOSAVE_DELAY_MS);
    expect(calls).toHaveLength(0);
  });
});
