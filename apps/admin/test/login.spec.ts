import { mount, flushPromises } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '../src/locales';
import LoginView from '../src/views/auth/login/index.vue';

afterEach(() => vi.unstubAllGlobals());

async function mountLogin(fetchImpl: typeof fetch) {
  vi.stubGlobal('fetch', fetchImpl);
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div>home</div>' } }, { path: '/login', component: LoginView }] });
  await router.push('/login');
  const wrapper = mount(LoginView, { global: { plugins: [pinia, router, createAppI18n('zh-CN'), ElementPlus] } });
  return { wrapper, router };
}

describe('the sign-in page', () => {
  it('shows the server’s message for wrong credentials, in Chinese', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ statusCode: 401, code: 'badCredentials', message: '用户名或密码错误，或账号已停用' }), { status: 401 }));
    const { wrapper } = await mountLogin(fetchMock as unknown as typeof fetch);
    expect(wrapper.text()).toContain('登录');
    await wrapper.get('input[data-test=username]').setValue('approver');
    await wrapper.get('input[data-test=password]').setValue('wrong');
    await wrapper.get('form').trigger('submit');
    // The client loads with the first sign-in (not with the page): wait for the request, not for a time.
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledWith('/api/auth/login', expect.objectContaining({ method: 'POST', body: JSON.stringify({ username: 'approver', password: 'wrong' }) })));
    await flushPromises();
    expect(wrapper.get('[data-test=login-error]').text()).toContain('用户名或密码错误，或账号已停用');
  });

  it('signs in and goes home', async () => {
    const user = { id: '00000000-0000-4000-8000-000000000001', username: 'approver', displayName: '审核人', roles: ['approver'], unitId: null, locale: 'zh-CN' };
    const body = { accessToken: 'a.b.c', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), user };
    const { wrapper, router } = await mountLogin((async () => new Response(JSON.stringify(body), { status: 200 })) as unknown as typeof fetch);
    await wrapper.get('input[data-test=username]').setValue('approver');
    await wrapper.get('input[data-test=password]').setValue('demo1234');
    await wrapper.get('form').trigger('submit');
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/'));
    expect(JSON.parse(sessionStorage.getItem('learnweek.session') ?? '{}').token).toBe('a.b.c');
  });
});
