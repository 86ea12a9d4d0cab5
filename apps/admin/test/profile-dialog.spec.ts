import type { TNoticePreferences, TProfile } from '@learnweek/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { ElMessage } from 'element-plus';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ProfileDialog from '../src/layouts/ProfileDialog.vue';
import { useSessionStore } from '../src/stores/session';
import { consolePlugins, coordinator, fakeApi, formItem } from './fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
});

const profile: TProfile = {
  username: coordinator.username,
  displayName: coordinator.displayName,
  email: null,
  locale: 'zh-CN',
  emailEnabled: true,
};
const prefs: TNoticePreferences = {
  items: ['review', 'deadline', 'campaign'].map((topic) => ({ topic, email: 'instant' }) as TNoticePreferences['items'][number]),
  digestHour: 8,
};
const GET_PREFS = { 'GET /api/profile/notices': () => ({ body: prefs }) };
const invalid = (errors: { path: string; message: string }[]) => ({
  status: 400,
  body: { statusCode: 400, code: 'invalid', message: '请求中有无效字段', errors },
});

/** The header's name button and its dialog; the dialog's content is kept in place (not moved to <body>) so the test can read it. */
async function openDialog() {
  const wrapper = mount(ProfileDialog, { global: { plugins: consolePlugins(), stubs: { teleport: true } } });
  await wrapper.get('[data-test=profile]').trigger('click');
  await flushPromises();
  return wrapper;
}
const dialogOpen = (wrapper: Awaited<ReturnType<typeof openDialog>>) =>
  wrapper.findComponent({ name: 'ElDialog' }).props('modelValue') as boolean;

describe('the profile dialog', () => {
  it('refuses a malformed address beside its field and stays open', async () => {
    const { calls } = fakeApi({
      ...GET_PREFS,
      'GET /api/profile': () => ({ body: profile }),
      'PUT /api/profile': () => invalid([{ path: 'email', message: '请输入有效的电子邮箱地址' }]),
    });
    const wrapper = await openDialog();
    expect(wrapper.get('[data-test=profile]').text()).toBe(coordinator.displayName);
    await wrapper.get('input[data-test=profile-email]').setValue('not-an-address');
    await wrapper.get('[data-test=profile-save]').trigger('click');
    await flushPromises();
    expect(calls.at(-1)).toMatchObject({ method: 'PUT', body: { email: 'not-an-address', locale: 'zh-CN' } });
    await vi.waitFor(() => expect(formItem(wrapper, '电子邮箱').get('.el-form-item__error').text()).toBe('请输入有效的电子邮箱地址'));
    expect(wrapper.find('[data-test=profile-error]').exists()).toBe(false);
    expect(dialogOpen(wrapper)).toBe(true);
  });

  it('shows above the form a refusal that names no field of it', async () => {
    fakeApi({
      ...GET_PREFS,
      'GET /api/profile': () => ({ body: profile }),
      'PUT /api/profile': () => ({ status: 429, body: { statusCode: 429, code: 'tooManyRequests', message: '操作太频繁，请稍后再试' } }),
    });
    const wrapper = await openDialog();
    await wrapper.get('[data-test=profile-save]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-test=profile-error]').text()).toContain('操作太频繁，请稍后再试');
    expect(dialogOpen(wrapper)).toBe(true);
  });

  it('saves an empty address as none, switches the console to the language chosen, and closes', async () => {
    const success = vi.spyOn(ElMessage, 'success');
    const { calls } = fakeApi({
      ...GET_PREFS,
      'GET /api/profile': () => ({ body: { ...profile, email: 'old@example.cn' } }),
      'PUT /api/profile': (body) => ({ body: { ...profile, ...(body as object) } }),
    });
    const wrapper = await openDialog();
    await wrapper.get('input[data-test=profile-email]').setValue('  ');
    await wrapper
      .findAll('[data-test=profile-locale] input[type=radio]')
      .find((x) => (x.element as HTMLInputElement).value === 'en')!
      .setValue(true);
    await wrapper.get('[data-test=profile-save]').trigger('click');
    await flushPromises();
    expect(calls.at(-1)?.body).toEqual({ email: null, locale: 'en' });
    expect(useSessionStore().locale).toBe('en');
    expect(dialogOpen(wrapper)).toBe(false);
    expect(success).toHaveBeenCalledTimes(1);
  });

  it('lists the email mode of each topic of the user’s, and saves only the ones changed', async () => {
    const { calls } = fakeApi({
      ...GET_PREFS,
      'GET /api/profile': () => ({ body: { ...profile, email: 'a@example.cn' } }),
      'PUT /api/profile': (body) => ({ body: { ...profile, ...(body as object) } }),
      'PUT /api/profile/notices': () => ({
        body: { ...prefs, items: prefs.items.map((i) => (i.topic === 'campaign' ? { ...i, email: 'digest' } : i)) },
      }),
    });
    const wrapper = await openDialog();
    const rows = wrapper.findAll('[data-test^=notice-topic-]');
    expect(rows.map((r) => r.find('.topic').text())).toEqual(['审核结果（退回、通过）', '截止提醒和逾期', '活动发布和日期调整']);
    expect(wrapper.get('[data-test=notice-preferences]').text()).toContain('每天 8:00 发送');
    await wrapper.get('[data-test=notice-mode-campaign-digest] input').setValue(true);
    await wrapper.get('[data-test=profile-save]').trigger('click');
    await flushPromises();
    expect(calls.filter((c) => c.method === 'PUT').map((c) => [c.path, c.body])).toEqual([
      ['/api/profile', { email: 'a@example.cn', locale: 'zh-CN' }],
      ['/api/profile/notices', { items: [{ topic: 'campaign', email: 'digest' }] }],
    ]);
    expect(dialogOpen(wrapper)).toBe(false);
  });

  it('sends no preferences when none changed', async () => {
    const { calls } = fakeApi({
      ...GET_PREFS,
      'GET /api/profile': () => ({ body: profile }),
      'PUT /api/profile': (body) => ({ body: { ...profile, ...(body as object) } }),
    });
    const wrapper = await openDialog();
    await wrapper.get('[data-test=profile-save]').trigger('click');
    await flushPromises();
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.path)).toEqual(['/api/profile']);
  });
});
