import type { TActivity } from '@learnweek/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { ElMessage } from 'element-plus';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SummaryTab from '../src/views/participation/detail/SummaryTab.vue';
import { activityRow, consolePlugins, fakeApi, formItem, participation } from './fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const activity = (n: number, extra: Partial<TActivity>): TActivity =>
  activityRow({ id: `00000000-0000-4000-8000-00000000010${n}`, sortNo: n, title: `活动${n}`, ...extra });
const P = participation({
  state: 'summaryDue',
  activities: [
    activity(1, { title: '终身学习主题讲座', status: 'held', actualParticipants: 180, report: '座无虚席' }),
    activity(2, { title: '主题班会', status: 'held', actualParticipants: 45 }),
    activity(3, { title: '志愿服务', status: 'cancelled' }),
  ],
});

/** The tab on `p`; `reload` stands for the page reading the participation again. */
const mountTab = (p = P) =>
  mount(SummaryTab, {
    props: { participation: p, editable: true, photosRequired: 3, comments: {}, reload: vi.fn(async () => undefined) },
    global: { plugins: consolePlugins() },
  });
const numbers = (wrapper: ReturnType<typeof mountTab>) =>
  wrapper.findAll('.el-input-number input').map((x) => (x.element as HTMLInputElement).value);

describe('the summary tab', () => {
  it('fills in the figures and an outline from the activities marked held, and sends them on save', async () => {
    const { calls } = fakeApi({ [`PUT /api/participations/${P.id}/summary`]: (body) => ({ body: { ...P.summary, ...(body as object) } }) });
    const wrapper = mountTab();
    expect(wrapper.get('[data-test=summary-prefill]').text()).toBe('按已举办的 2 项活动填入');
    await wrapper.get('[data-test=summary-prefill]').trigger('click');
    expect(numbers(wrapper)).toEqual(['2', '225']);
    const text = (wrapper.get('textarea[data-test=summary-text]').element as HTMLTextAreaElement).value;
    expect(text.split('\n')).toEqual([
      '1. 终身学习主题讲座（2026/12/22 09:00，学校报告厅，180 人）：座无虚席',
      '2. 主题班会（2026/12/22 09:00，学校报告厅，45 人）',
    ]);

    await wrapper.get('[data-test=summary-save]').trigger('click');
    await flushPromises();
    expect(calls.map((c) => c.body)).toEqual([{ text, activitiesHeld: 2, participants: 225, version: 1 }]);
    expect(wrapper.props('reload')).toHaveBeenCalledTimes(1);
  });

  it('keeps a text already written when prefilling, and shows a refused save under its field', async () => {
    const toast = vi.spyOn(ElMessage, 'error');
    fakeApi({
      [`PUT /api/participations/${P.id}/summary`]: () => ({
        status: 400,
        body: {
          statusCode: 400,
          code: 'invalid',
          message: '请求中有无效字段',
          errors: [{ path: 'participants', message: '不能超过 10000000' }],
        },
      }),
    });
    const wrapper = mountTab(participation({ ...P, summary: { ...P.summary, text: '我校组织了丰富多彩的活动' } }));
    await wrapper.get('[data-test=summary-prefill]').trigger('click');
    expect((wrapper.get('textarea[data-test=summary-text]').element as HTMLTextAreaElement).value).toBe('我校组织了丰富多彩的活动');

    await wrapper.get('[data-test=summary-save]').trigger('click');
    await flushPromises();
    const participants = formItem(wrapper, '参与人数');
    await vi.waitFor(() => expect(participants.get('.el-form-item__error').text()).toBe('不能超过 10000000'));
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ message: '请求中有无效字段' }));
    expect(wrapper.props('reload')).not.toHaveBeenCalled();
  });
});
