import { ApiError } from '@learnweek/client';
import type { TParticipationEventType } from '@learnweek/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../src/locales';
import EventDialog from '../src/views/participation/detail/EventDialog.vue';

async function open(
  event: TParticipationEventType,
  send = vi.fn(async (_comment: string, _sections: object): Promise<unknown> => undefined),
) {
  const wrapper = mount(EventDialog, { props: { event: null, send }, global: { plugins: [createAppI18n('zh-CN'), ElementPlus] } });
  await wrapper.setProps({ event });
  await flushPromises();
  return { wrapper, send };
}
const sections = (wrapper: Awaited<ReturnType<typeof open>>['wrapper']) =>
  wrapper.findAll('[data-test^=section-]').map((x) => x.attributes('data-test'));

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
    expect(wrapper.emitted('done')).toHaveLength(1);
  });

  it('stays open on a refusal, keeping every comment typed, with the rule under the overall comment (defect 7)', async () => {
    const send = vi.fn(async (): Promise<unknown> => {
      throw new ApiError(422, {
        statusCode: 422,
        code: 'validationFailed',
        message: '提交的内容有误，请按提示修改',
        errors: [{ path: 'comment', message: '退回时须填写总体意见' }],
      });
    });
    const { wrapper } = await open('RETURN_PLAN', send);
    await wrapper.get('input[data-test=section-plan]').setValue('开放日请写明面向对象和预计人数');
    await wrapper.get('input[data-test=section-schedule]').setValue('补充联系电话');
    await wrapper.get('[data-test=event-confirm]').trigger('click');
    await flushPromises();
    expect(send).toHaveBeenCalledTimes(1);
    expect(wrapper.emitted('done')).toBeUndefined();
    expect(wrapper.emitted('close')).toBeUndefined();
    expect(wrapper.emitted('refused')).toHaveLength(1);
    // Element Plus shows a field's error a moment after it is set (a debounce): wait for it, not for a time.
    await vi.waitFor(() => expect(wrapper.get('[data-test=event-comment-item] .el-form-item__error').text()).toBe('退回时须填写总体意见'));
    expect(wrapper.find('[data-test=event-refusal]').exists()).toBe(false);
    expect((wrapper.get('input[data-test=section-plan]').element as HTMLInputElement).value).toBe('开放日请写明面向对象和预计人数');
    expect((wrapper.get('input[data-test=section-schedule]').element as HTMLInputElement).value).toBe('补充联系电话');
    expect(document.body.textContent).not.toContain('提交条件');
  });
});
