import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { useSessionStore } from '../src/stores/session';
import SetPasswordView from '../src/views/auth/set-password/index.vue';
import { consolePlugins, coordinator } from './fixtures';

afterEach(() => vi.unstubAllGlobals());

async function mountSetPassword(fetchImpl: typeof fetch) {
  vi.stubGlobal('fetch', fetchImpl);
  const plugins = consolePlugins({ ...coordinator, mustChangePassword: true });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div>home</div>' } },
      { path: '/set-password', component: SetPasswordView },
    ],
  });
  await router.push('/set-password');
  const wrapper = mount(SetPasswordView, { global: { plugins: [...plugins, router] } });
  return { wrapper, router };
}

async function fill(wrapper: Awaited<ReturnType<typeof mountSetPassword>>['wrapper'], current: string, next: string, again = next) {
  await wrapper.get('input[data-test=current-password]').setValue(current);
  await wrapper.get('input[data-test=new-password]').setValue(next);
  await wrapper.get('input[data-test=confirm-password]').setValue(again);
  await wrapper.get('form').trigger('submit');
  await flushPromises();
}

describe('设置新密码', () => {
  it('tells a first sign-in why, and refuses a password against the policy or two entries that differ before sending', async () => {
    const fetchMock = vi.fn();
    const { wrapper } = await mountSetPassword(fetchMock as unknown as typeof fetch);
    expect(wrapper.get('h1').text()).toBe('设置新密码');
    expect(wrapper.get('[data-test=must-change]').text()).toContain('请先设置新密码');
    await fill(wrapper, 'initial-pw', 'short');
    expect(wrapper.text()).toContain('密码至少 10 位');
    await fill(wrapper, 'initial-pw', `${coordinator.username}-x1`);
    expect(wrapper.text()).toContain('密码不能包含账号名');
    await fill(wrapper, 'initial-pw', 'Chunjiang-2027', 'Chunjiang-2028');
    expect(wrapper.text()).toContain('两次输入的新密码不一致');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('sets it, keeps this tab signed in with the new token and goes home', async () => {
    const answer = {
      accessToken: 'new.token.x',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      user: { ...coordinator, mustChangePassword: false },
    };
    const fetchMock = vi.fn(
      async () => new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } }),
    );
    const { wrapper, router } = await mountSetPassword(fetchMock as unknown as typeof fetch);
    await fill(wrapper, 'initial-pw', 'Chunjiang-2027');
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/profile/password',
      expect.objectContaining({ method: 'POST', body: JSON.stringify({ currentPassword: 'initial-pw', newPassword: 'Chunjiang-2027' }) }),
    );
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/'));
    expect(useSessionStore().token).toBe('new.token.x');
    expect(useSessionStore().user?.mustChangePassword).toBe(false);
  });

  it('shows the server’s refusal of the current password under its field', async () => {
    const refusal = {
      statusCode: 400,
      code: 'validationFailed',
      message: '提交的内容有误，请按提示修改',
      errors: [{ path: 'currentPassword', message: '当前密码不正确' }],
    };
    const { wrapper } = await mountSetPassword(
      (async () => new Response(JSON.stringify(refusal), { status: 400 })) as unknown as typeof fetch,
    );
    await fill(wrapper, 'wrong-one', 'Chunjiang-2027');
    expect(wrapper.text()).toContain('当前密码不正确');
    expect((wrapper.get('input[data-test=new-password]').element as HTMLInputElement).value).toBe('Chunjiang-2027');
  });
});
