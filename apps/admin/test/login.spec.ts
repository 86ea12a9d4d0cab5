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
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div>home</div>' } },
      { path: '/login', component: LoginView },
      { path: '/forgot-password', name: 'forgot-password', component: { template: '<div>forgot</div>' } },
    ],
  });
  await router.push('/login');
  const wrapper = mount(LoginView, { global: { plugins: [pinia, router, createAppI18n('zh-CN'), ElementPlus] } });
  return { wrapper, router };
}

describe('the sign-in page', () => {
  it('shows the server’s message for wrong credentials, in Chinese', async () => {
    const fetchMock = vi.fn(
      async () =>
        new Response(JSON.stringify({ statusCode: 401, code: 'badCredentials', message: '用户名或密码错误，或账号已停用' }), {
          status: 401,
        }),
    );
    const { wrapper } = await mountLogin(fetchMock as unknown as typeof fetch);
    expect(wrapper.text()).toContain('登录');
    await wrapper.get('input[data-test=username]').setValue('approver');
    await wrapper.get('input[data-test=password]').setValue('wrong');
    await wrapper.get('form').trigger('submit');
    // The client loads with the first sign-in (not with the page): wait for the request, not for a time.
    await vi.waitFor(() =>
      expect(fetchMock).toHaveBeenCalledWith(
        '/api/auth/login',
        expect.objectContaining({ method: 'POST', body: JSON.stringify({ username: 'approver', password: 'wrong' }) }),
      ),
    );
    await flushPromises();
    expect(wrapper.get('[data-test=login-error]').text()).toContain('用户名或密码错误，或账号已停用');
  });

  it('signs in and goes home', async () => {
    const user = {
      id: '00000000-0000-4000-8000-000000000001',
      username: 'approver',
      displayName: '审核人',
      roles: ['approver'],
      unitId: null,
      locale: 'zh-CN',
      mustChangePassword: false,
    };
    const body = { accessToken: 'a.b.c', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), user };
    const { wrapper, router } = await mountLogin(
      (async () => new Response(JSON.stringify(body), { status: 200 })) as unknown as typeof fetch,
    );
    await wrapper.get('input[data-test=username]').setValue('approver');
    await wrapper.get('input[data-test=password]').setValue('demo1234');
    await wrapper.get('form').trigger('submit');
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/'));
    expect(JSON.parse(sessionStorage.getItem('learnweek.session') ?? '{}').token).toBe('a.b.c');
  });
});

describe('a sign-in that expires', () => {
  it('opens the sign-in page on the first 401 to the token, and comes back to the page once signed in again', async () => {
    const { default: App } = await import('../src/App.vue');
    const { api } = await import('../src/api');
    const { useSessionStore } = await import('../src/stores/session');
    const { ROUTES } = await import('@learnweek/contracts');
    const pinia = createPinia();
    setActivePinia(pinia);
    const user = {
      id: '00000000-0000-4000-8000-000000000001',
      username: 'organizer',
      displayName: '组织办',
      roles: ['organizer' as const],
      unitId: null,
      locale: 'zh-CN' as const,
      mustChangePassword: false,
    };
    useSessionStore().signIn({ accessToken: 'a.b.c', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), user });
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/units', name: 'units', component: { template: '<div>units</div>' } },
        { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
        { path: '/forgot-password', name: 'forgot-password', component: { template: '<div>forgot</div>' }, meta: { public: true } },
      ],
    });
    await router.push('/units?page=2');
    mount(App, { global: { plugins: [pinia, router, createAppI18n('zh-CN'), ElementPlus] } });
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(JSON.stringify({ statusCode: 401, code: 'tokenExpired', message: '登录已过期，请重新登录' }), { status: 401 }),
    );
    await expect(api.call(ROUTES.auth.me)).rejects.toMatchObject({ status: 401 });
    await flushPromises();
    expect(useSessionStore().token).toBeNull();
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.next).toBe('/units?page=2');
  });
});
