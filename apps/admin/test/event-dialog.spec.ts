import type { TParticipationEventType } from '@learnweek/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../src/locales';
import EventDialog from '../src/views/participation/detail/EventDialog.vue';

async function open(event: TParticipationEventType, send = vi.fn(async () => undefined)) {
  const wrapper = mount(EventDialog, { props: { event: null, send }, global: { plugins: [createAppI18n('zh-CN'), ElementPlus] } });
  await wrapper.setProps({ event });
  await flushPromises();
  return { wrapper, send };
}
const sections = (wrapper: Awaited<ReturnType<typeof open>>['wrapper']) => wrapper.findAll('[data-test^=section-]').map((x) => x.attributes('data-test'));

describe('the review dialog', () => {
  it('asks for comments on a returned plan’s text and schedule only, and a returned summary’s text and photos only', async () => {
    expect(sections((await open('RETURN_PLAN')).wrapper)).toEqual(['section-plan', 'section-schedule']);
    expect(sections((await open('RETURN_SUMMARY')).wrapper)).toEqual(['section-summary', 'section-photos']);
    expect(sections((await open('APPROVE_PLAN')).wrapper)).toEqual([]);
  });

  it('sends the comment and the sections filled in', async () => {
    const { wrapper, send } = await open('RETURN_PLAN');
    await wrapper.get('textarea[data-test=event-comment]').setValue('请修改后重新提交');
    await wrapper.get('input[data-test=section-schedule]').setValue(' “主题班会”缺少联系电话 ');
    await wrapper.get('[data-test=event-confirm]').trigger('click');
    await flushPromises();
    expect(send).toHaveBeenCalledWith('请修改后重新提交', { schedule: '“主题班会”缺少联系电话' });
    expect(wrapper.emitted('close')).toHaveLength(1);
  });
});
