import { flushPromises, mount } from '@vue/test-utils';
import { ElMessageBox } from 'element-plus';
import { afterEach, describe, expect, it, vi } from 'vitest';
import NominationDrawer from '../src/components/NominationDrawer.vue';
import { consolePlugins, fakeApi, formItem, nomination } from './fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

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
      [EVENTS]: () => ({
        status: 422,
        body: {
          statusCode: 422,
          code: 'guardFailed',
          message: '还不能提交',
          problems: [{ code: 'nominationIncomplete', missing: ['photos'], message: '请上传至少 1 张照片' }],
        },
      }),
    });
    const wrapper = await openDrawer();
    await wrapper.get('textarea[data-test=nomination-story]').setValue('退休后坚持在社区学校学习书法十年，带动邻里 30 人');
    await wrapper.get('[data-test=nomination-SUBMIT]').trigger('click');
    await flushPromises();
    expect(calls.map((c) => `${c.method} ${c.path.replace('/api', '')}`).slice(1)).toEqual(
      [UPDATE, EVENTS].map((r) => r.replace('/api', '')),
    );
    expect(calls[1]!.body).toMatchObject({ story: '退休后坚持在社区学校学习书法十年，带动邻里 30 人', ageGroup: '老年' });
    expect(calls[2]!.body).toEqual({ type: 'SUBMIT', version: 2 });
    expect(wrapper.get('[data-test=nomination-error]').text()).toContain('还不能提交：请上传至少 1 张照片');
    expect(wrapper.emitted('changed')).toBeUndefined();
  });

  it('does not submit when the save is refused, and shows the reason under the field', async () => {
    const { calls } = fakeApi({
      [DETAIL]: () => ({ body: N }),
      [UPDATE]: () => ({
        status: 400,
        body: { statusCode: 400, code: 'invalid', message: '请求中有无效字段', errors: [{ path: 'name', message: '不能超过 60 个字' }] },
      }),
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

  it('asks before 公布 while scores are missing, with the server’s counts, and sends it confirmed only if agreed', async () => {
    const selected = { ...N, state: 'selected' as const, allowedEvents: ['PUBLISH' as const, 'DECLINE' as const], version: 7 };
    const asked = {
      statusCode: 409,
      code: 'confirmationRequired',
      message: '此操作需要确认',
      problems: [
        { code: 'scoresIncomplete', scoredBy: 1, panel: 2, message: '评审尚未完成：已评 1 / 2，还有 1 位评审未评分。确认仍要继续吗？' },
      ],
    };
    const { calls } = fakeApi({
      [DETAIL]: () => ({ body: selected }),
      [EVENTS]: (body) =>
        (body as { confirmIncomplete?: boolean }).confirmIncomplete
          ? { body: { state: 'published', version: 8 } }
          : { status: 409, body: asked },
    });
    const confirm = vi.spyOn(ElMessageBox, 'confirm');
    // First the step's own question, then the server's: declined, nothing more is sent.
    confirm
      .mockResolvedValueOnce({ value: '', action: 'confirm' } as unknown as Awaited<ReturnType<typeof ElMessageBox.confirm>>)
      .mockRejectedValueOnce('cancel');
    const wrapper = await openDrawer();
    await wrapper.get('[data-test=nomination-PUBLISH]').trigger('click');
    await flushPromises();
    expect(confirm).toHaveBeenCalledTimes(2);
    expect(confirm.mock.calls[1]![0]).toBe('评审尚未完成：已评 1 / 2，还有 1 位评审未评分。确认仍要继续吗？');
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([{ type: 'PUBLISH', version: 7 }]);
    expect(wrapper.emitted('changed')).toBeUndefined();

    // Agreed: sent again with the confirmation.
    confirm.mockResolvedValue({ value: '', action: 'confirm' } as unknown as Awaited<ReturnType<typeof ElMessageBox.confirm>>);
    await wrapper.get('[data-test=nomination-PUBLISH]').trigger('click');
    await flushPromises();
    expect(
      calls
        .filter((c) => c.method === 'POST')
        .map((c) => c.body)
        .slice(1),
    ).toEqual([
      { type: 'PUBLISH', version: 7 },
      { type: 'PUBLISH', version: 7, confirmIncomplete: true },
    ]);
    expect(wrapper.emitted('changed')).toHaveLength(1);
  });
});
