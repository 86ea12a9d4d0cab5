import { ApiError, NetworkError } from '@learnweek/client';
import type { TApiError } from '@learnweek/contracts';
import { mount } from '@vue/test-utils';
import { ElMessage } from 'element-plus';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent } from 'vue';
import { refusalOf, refusalText, useApiAction, type TApiActionOptions } from '../src/composables/api-action';
import { createAppI18n } from '../src/locales';

afterEach(() => vi.restoreAllMocks());

const refused = (body: Omit<TApiError, 'statusCode' | 'code'>, status = 400) =>
  new ApiError(status, { statusCode: status, code: 'invalid', ...body });
const INVALID = '请求中有无效字段';

/** useApiAction as a component has it (in Chinese). */
function action(options: TApiActionOptions) {
  let exposed!: ReturnType<typeof useApiAction>;
  mount(
    defineComponent({
      setup() {
        exposed = useApiAction(options);
        return () => null;
      },
    }),
    { global: { plugins: [createAppI18n('zh-CN')] } },
  );
  return exposed;
}

describe('refusalOf: an ApiError on a form', () => {
  it('puts each field error under the form item its path names (read through fieldOf), two for one item joined', () => {
    const e = refused({
      message: INVALID,
      errors: [
        { path: 'timeline.planDueAt', message: '须早于活动周' },
        { path: 'title', message: '不能为空' },
        { path: 'title', message: '不能包含控制字符' },
        { path: 'rules.photosRequired', message: '须在 1 到 10 之间' },
      ],
    });
    const r = refusalOf(e, ['title', 'planDueAt'], (path) => path.replace(/^timeline\./, ''));
    expect(r.fields).toEqual({ planDueAt: '须早于活动周', title: '不能为空；不能包含控制字符' });
    expect(r.others).toEqual([{ path: 'rules.photosRequired', message: '须在 1 到 10 之间' }]);
    expect(refusalText(r)).toBe(`${INVALID}：须在 1 到 10 之间`);
  });

  it('keeps the workflow’s problems as reasons no form item shows', () => {
    const r = refusalOf(refused({ message: '不能提交', problems: [{ code: 'planTextMissing', message: '请填写实施方案正文' }] }, 422), [
      'text',
    ]);
    expect(r).toEqual({ fields: {}, others: [{ path: '', message: '请填写实施方案正文' }], message: '不能提交' });
    expect(refusalText(refusalOf(refused({ message: '推进周已结束' }, 409)))).toBe('推进周已结束');
  });
});

describe('useApiAction', () => {
  it('inline: shows under the fields what it can, and above the form only what no field shows', async () => {
    const a = action({ fields: ['email'], show: 'inline' });
    expect(
      await a.run(() => Promise.reject(refused({ message: INVALID, errors: [{ path: 'email', message: '请输入有效的电子邮箱地址' }] }))),
    ).toBe(false);
    expect([a.errors.value, a.message.value, a.issues.value]).toEqual([{ email: '请输入有效的电子邮箱地址' }, '', []]);

    await a.run(() =>
      Promise.reject(
        refused({
          message: INVALID,
          errors: [
            { path: 'email', message: '太长' },
            { path: '第3行·手机', message: '格式不对' },
          ],
        }),
      ),
    );
    expect([a.errors.value, a.message.value, a.issues.value]).toEqual([
      { email: '太长' },
      `${INVALID}：格式不对`,
      [{ path: '第3行·手机', message: '格式不对' }],
    ]);

    await a.run(() => Promise.reject(refused({ message: '文件超过 10 MB' }, 413)));
    expect([a.errors.value, a.message.value, a.issues.value]).toEqual([{}, '文件超过 10 MB', [{ path: '', message: '文件超过 10 MB' }]]);

    const toast = vi.spyOn(ElMessage, 'error');
    expect(await a.run(() => Promise.resolve('ok'))).toBe(true);
    expect([a.errors.value, a.message.value, a.issues.value]).toEqual([{}, '', []]);
    expect(toast).not.toHaveBeenCalled();
  });

  it('toast: says the message and the rest in a toast, the fields’ reasons under them too; a success says its text', async () => {
    const error = vi.spyOn(ElMessage, 'error');
    const success = vi.spyOn(ElMessage, 'success');
    const a = action({ fields: ['title'] });
    await a.run(() => Promise.reject(refused({ message: INVALID, errors: [{ path: 'title', message: '不能为空' }] })));
    expect(a.errors.value).toEqual({ title: '不能为空' });
    expect(error).toHaveBeenLastCalledWith(expect.objectContaining({ message: INVALID }));
    expect(a.message.value).toBe('');

    let seen = false;
    const done = a.run(
      async () => {
        seen = a.busy.value;
        return { imported: 12 };
      },
      (r) => `已导入 ${r.imported} 人`,
    );
    expect(await done).toBe(true);
    expect([seen, a.busy.value, a.errors.value]).toEqual([true, false, {}]);
    expect(success).toHaveBeenCalledWith('已导入 12 人');
  });

  it('says the network failed when no answer came, and throws on anything else (a bug is not a refusal)', async () => {
    const a = action({ show: 'inline' });
    expect(await a.run(() => Promise.reject(new NetworkError(new TypeError('Failed to fetch'))))).toBe(false);
    expect(a.message.value).toBe('未收到服务器的答复：请检查网络后重试');
    await expect(a.run(() => Promise.reject(new TypeError('x is not a function')))).rejects.toThrow('x is not a function');
    expect(a.busy.value).toBe(false);
  });
});
