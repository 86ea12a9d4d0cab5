import type { TCheckinSession, TLinkOrigin } from '@learnweek/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../src/locales';
import { useCampaignStore } from '../src/stores/campaign';
import { useSessionStore } from '../src/stores/session';
import CheckinView from '../src/views/campaign/checkin/index.vue';
import { campaign2026, fakeApi, organizer } from './fixtures';

// The live feed is a socket: not this test's subject.
vi.mock('../src/composables/live-feed', () => ({ useLiveFeed: () => ({ connected: { value: true } }) }));

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const session: TCheckinSession = {
  id: '00000000-0000-4000-8000-000000000901',
  campaignId: campaign2026.id,
  name: '启动仪式主会场',
  venue: '区文化馆',
  kind: 'main',
  opensAt: '2026-12-23T00:00:00.000Z',
  closesAt: '2026-12-23T06:00:00.000Z',
  selfCheckinPath: '/kiosk/checkin/00000000-0000-4000-8000-000000000901?s=secret',
};

async function mountPage(origin: TLinkOrigin) {
  fakeApi({
    'GET /api/campaigns': () => ({ body: { items: [campaign2026] } }),
    'GET /api/link-origin': () => ({ body: origin }),
    [`GET /api/campaigns/${campaign2026.id}/checkin-sessions`]: () => ({ body: { items: [session] } }),
    [`GET /api/checkin-sessions/${session.id}/stats`]: () => ({
      body: { sessionId: session.id, total: 0, residents: 0, byUnit: [], byTown: [], newest: [] },
    }),
    [`GET /api/campaigns/${campaign2026.id}/kiosk-devices`]: () => ({ body: { items: [] } }),
    [`GET /api/checkin-sessions/${session.id}/checkins`]: () => ({ body: { items: [], total: 0, page: 1, pageSize: 50 } }),
    [`GET /api/checkin-sessions/${session.id}/attendees`]: () => ({ body: { items: [] } }),
    [`GET /api/checkin-sessions/${session.id}/held`]: () => ({ body: { items: [] } }),
    [`GET /api/campaigns/${campaign2026.id}/rehearsals/latest`]: () => ({ body: { rehearsal: null } }),
  });
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = organizer;
  await useCampaignStore().load();
  useCampaignStore().currentId = campaign2026.id;
  const wrapper = mount(CheckinView, { global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus] } });
  await flushPromises();
  return wrapper;
}

describe('the check-in page’s posters', () => {
  it('say beside the poster button that phones cannot open a loopback address, and what to set', async () => {
    const wrapper = await mountPage({ origin: 'http://127.0.0.1:3000', reach: 'loopback', fromPublicUrl: false });
    expect(wrapper.get('[data-test=poster-unreachable]').text()).toBe('手机无法访问 127.0.0.1:3000：请设置 PUBLIC_URL');
  });

  it('say nothing when the links are public', async () => {
    const wrapper = await mountPage({ origin: 'https://learnweek.example.cn', reach: 'public', fromPublicUrl: true });
    expect(wrapper.text()).toContain('启动仪式主会场');
    expect(wrapper.find('[data-test=poster-unreachable]').exists()).toBe(false);
  });
});
