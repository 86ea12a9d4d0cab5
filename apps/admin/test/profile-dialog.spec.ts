import type { TProfile } from '@learnweek/contracts';
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

const profile: TProfile = { username: coordinator.username, displayName: coordinator.displayName, email: null, locale: 'zh-CN', emailEnabled: true };
const invalid = (errors: { path: string; message: string }[]) => ({ status: 400, body: { statusCode: 400, code: 'invalid', message: '请求中有无效字段', errors } });

/** The header's name button and its dialog; the dialog's content is kept in place (not moved to <body>) so the test can read it. */
async function openDialog() {
  const wrapper = mount(ProfileDialog, { global: { plugins: consolePlugins(), stubs: { teleport: true } } });
  await wrapper.get('[data-test=profile]').trigger('click');
  await flushPromises();
  return wrapper;
}
const dialogOpen = (wrapper: Awaited<ReturnType<typeof openDialog>>) => wrapper.findComponent({ name: 'ElDialog' }).props('modelValue') as boolean;

describe('the profile dialog', () => {
  it('refuses a malformed address beside its field and stays open', async () => {
    const { calls } = fakeApi({ 'GET /api/profile': () => ({ body: profile }), 'PUT /api/profile': () => invalid([{ path: 'email', message: '请输入有效的电子邮箱地址' }]) });
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
    fakeApi({ 'GET /api/profile': () => ({ body: profile }), 'PUT /api/profile': () => ({ status: 429, body: { statusCode: 429, code: 'tooManyRequests', message: '操作太频繁，请稍后再试' } }) });
    const wrapper = await openDialog();
    await wrapper.get('[data-test=profile-save]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-test=profile-error]').text()).toContain('操作太频繁，请稍后再试');
    expect(dialogOpen(wrapper)).toBe(true);
  });

  it('saves an empty address as none, switches the console to the language chosen, and closes', async () => {
    const success = vi.spyOn(ElMessage, 'success');
    const { calls } = fakeApi({ 'GET /api/profile': () => ({ body: { ...profile, email: 'old@example.cn' } }), 'PUT /api/profile': (body) => ({ body: { ...profile, ...(body as object) } }) });
    const wrapper = await openDialog();
    await wrapper.get('input[data-test=profile-email]').setValue('  ');
    await wrapper.findAll('[data-test=profile-locale] input[type=radio]').find((x) => (x.element as HTMLInputElement).value === 'en')!.setValue(true);
    await wrapper.get('[data-test=profile-save]').trigger('click');
    await flushPromises();
    expect(calls.at(-1)?.body).toEqual({ email: null, locale: 'en' });
    expect(useSessionStore().locale).toBe('en');
    expect(dialogOpen(wrapper)).toBe(false);
    expect(success).toHaveBeenCalledTimes(1);
  });
});
