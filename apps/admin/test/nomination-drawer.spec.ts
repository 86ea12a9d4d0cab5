import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import NominationDrawer from '../src/components/NominationDrawer.vue';
import { consolePlugins, fakeApi, formItem, nomination } from './fixtures';

afterEach(() => vi.unstubAllGlobals());

const N = nomination();
const DETAIL = `GET /api/nominations/${N.id}`;
const UPDATE = `PUT /api/nominations/${N.id}`;
const EVENTS = `POST /api/nominations/${N.id}/events`;

/** The drawer on nomination N, as its unit's coordinator sees it. */
async function openDrawer() {
  const wrapper = mount(NominationDrawer, { props: { id: N.id }, global: { plugins: consolePlugins() } });
  await flushPromises();
  return wrapper;
}

describe('the nomination drawer', () => {
  it('saves what was typed before submitting, and shows why a submit was refused', async () => {
    const { calls } = fakeApi({
      [DETAIL]: () => ({ body: N }),
      [UPDATE]: (body) => ({ body: { ...N, ...(body as object), version: 2 } }),
      [EVENTS]: () => ({ status: 422, body: { statusCode: 422, code: 'guardFailed', message: '还不能提交', problems: [{ code: 'nominationIncomplete', missing: ['photos'], message: '请上传至少 1 张照片' }] } }),
    });
    const wrapper = await openDrawer();
    await wrapper.get('textarea[data-test=nomination-story]').setValue('退休后坚持在社区学校学习书法十年，带动邻里 30 人');
    await wrapper.get('[data-test=nomination-SUBMIT]').trigger('click');
    await flushPromises();
    expect(calls.map((c) => `${c.method} ${c.path.replace('/api', '')}`).slice(1)).toEqual([UPDATE, EVENTS].map((r) => r.replace('/api', '')));
    expect(calls[1]!.body).toMatchObject({ story: '退休后坚持在社区学校学习书法十年，带动邻里 30 人', ageGroup: '老年' });
    expect(calls[2]!.body).toEqual({ type: 'SUBMIT', version: 2 });
    expect(wrapper.get('[data-test=nomination-error]').text()).toContain('还不能提交：请上传至少 1 张照片');
    expect(wrapper.emitted('changed')).toBeUndefined();
  });

  it('does not submit when the save is refused, and shows the reason under the field', async () => {
    const { calls } = fakeApi({
      [DETAIL]: () => ({ body: N }),
      [UPDATE]: () => ({ status: 400, body: { statusCode: 400, code: 'invalid', message: '请求中有无效字段', errors: [{ path: 'name', message: '不能超过 60 个字' }] } }),
      [EVENTS]: () => ({ body: { state: 'submitted', version: 2 } }),
    });
    const wrapper = await openDrawer();
    await wrapper.get('input[data-test=nomination-name]').setValue('王'.repeat(61));
    await wrapper.get('[data-test=nomination-SUBMIT]').trigger('click');
    await flushPromises();
    expect(calls.some((c) => `${c.method} ${c.path}` === EVENTS)).toBe(false);
    await vi.waitFor(() => expect(formItem(wrapper, '姓名').get('.el-form-item__error').text()).toBe('不能超过 60 个字'));
    expect(wrapper.find('[data-test=nomination-error]').exists()).toBe(false);
  });
});
