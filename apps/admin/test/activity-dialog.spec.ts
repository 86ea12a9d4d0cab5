import { ApiError } from '@learnweek/client';
import type { TActivity, TCreateActivityRequest } from '@learnweek/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../src/locales';
import ActivityDialog from '../src/views/participation/detail/ActivityDialog.vue';
import HeldDialog from '../src/views/participation/detail/HeldDialog.vue';
import { activityRow } from './fixtures';

const row: TActivity = activityRow({
  id: '00000000-0000-4000-8000-000000000001',
  title: '老年人智能手机应用惠民免费培训班',
  type: 'freeClass',
  form: '培训班',
  place: '社区教育中心',
  audiences: ['elderly'],
  expectedParticipants: 50,
  personInCharge: '周老师',
  phone: '0519-85660851',
});

/** The dialog opened on `activity` (it fills its form when it opens), saving through `save`. */
async function openDialog(save: (r: TCreateActivityRequest) => Promise<void>, activity: TActivity | null = row) {
  const wrapper = mount(ActivityDialog, {
    props: { open: false, activity, save },
    global: { plugins: [createAppI18n('zh-CN'), ElementPlus] },
  });
  await wrapper.setProps({ open: true });
  await flushPromises();
  return wrapper;
}
const formItem = (wrapper: Awaited<ReturnType<typeof openDialog>>, testId: string) =>
  wrapper.findAll('.el-form-item').find((item) => item.find(`[data-test=${testId}]`).exists())!;

describe('the schedule row dialog', () => {
  it('saves an edited row with the schedule columns only, not the row’s id, status or report', async () => {
    const save = vi.fn(async () => undefined);
    const wrapper = await openDialog(save);
    await wrapper.get('input[data-test=activity-place]').setValue('学校体育馆');
    await wrapper.get('[data-test=activity-save]').trigger('click');
    await flushPromises();
    const { id, version, sortNo, status, actualParticipants, report, cancelReason, heldAt, ...columns } = row;
    expect([id, version, sortNo, status, actualParticipants, report, cancelReason, heldAt]).toHaveLength(8);
    expect(save).toHaveBeenCalledWith({ ...columns, place: '学校体育馆' });
    expect(wrapper.emitted('close')).toHaveLength(1);
  });

  it('keeps the dialog open and shows a refusal under the field it names', async () => {
    const save = vi.fn(async () => {
      throw new ApiError(400, {
        statusCode: 400,
        code: 'validation',
        message: '请求参数有误',
        errors: [{ path: 'personInCharge', message: '不能为空' }],
      });
    });
    const wrapper = await openDialog(save);
    await wrapper.get('[data-test=activity-save]').trigger('click');
    await flushPromises();
    // Element Plus shows a field's error a moment after it is set (a debounce): wait for it, not for a time.
    await vi.waitFor(() => expect(formItem(wrapper, 'activity-person').get('.el-form-item__error').text()).toBe('不能为空'));
    expect(wrapper.find('[data-test=activity-error]').exists()).toBe(false);
    expect(wrapper.emitted('close')).toBeUndefined();
  });

  it('shows a refusal that names no field of the form above the form', async () => {
    const save = vi.fn(async () => {
      throw new ApiError(400, {
        statusCode: 400,
        code: 'validation',
        message: '请求参数有误',
        errors: [{ path: 'id', message: '不能包含此字段' }],
      });
    });
    const wrapper = await openDialog(save);
    await wrapper.get('[data-test=activity-save]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-test=activity-error]').text()).toContain('请求参数有误：不能包含此字段');
    expect(wrapper.emitted('close')).toBeUndefined();
  });

  it('shows a 惠民免费培训班 as free by its type with the switch off, and hints the switch for other types', async () => {
    const wrapper = await openDialog(vi.fn(async () => undefined));
    const free = wrapper.get('[data-test=activity-free]');
    expect(free.classes()).toEqual(expect.arrayContaining(['is-checked', 'is-disabled']));
    expect(wrapper.get('[data-test=free-hint]').text()).toContain('惠民免费培训班一律按免费计');

    await wrapper.setProps({ open: false, activity: { ...row, type: 'lecture' } });
    await wrapper.setProps({ open: true });
    expect(wrapper.get('[data-test=activity-free]').classes()).not.toContain('is-checked');
    expect(wrapper.get('[data-test=free-hint]').text()).toContain('请打开此开关');
  });
});

describe('the held dialog', () => {
  it('keeps the dialog open and shows a refusal under the field it names', async () => {
    const save = vi.fn(async () => {
      throw new ApiError(400, {
        statusCode: 400,
        code: 'validation',
        message: '请求参数有误',
        errors: [{ path: 'report', message: '不能包含控制字符' }],
      });
    });
    const wrapper = mount(HeldDialog, {
      props: { activity: null, participationId: row.id, heldMarkable: true, save },
      global: { plugins: [createAppI18n('zh-CN'), ElementPlus] },
    });
    await wrapper.setProps({ activity: { ...row, status: 'planned' } });
    await wrapper.get('textarea[data-test=held-report]').setValue('办得很好\n学员反映很实用');
    await wrapper.get('[data-test=held-save]').trigger('click');
    await flushPromises();
    expect(save).toHaveBeenCalledWith(expect.objectContaining({ id: row.id }), {
      status: 'held',
      actualParticipants: 50,
      report: '办得很好\n学员反映很实用',
    });
    const report = wrapper.findAll('.el-form-item').find((item) => item.find('[data-test=held-report]').exists())!;
    await vi.waitFor(() => expect(report.get('.el-form-item__error').text()).toBe('不能包含控制字符'));
    expect(wrapper.emitted('close')).toBeUndefined();
  });
});
