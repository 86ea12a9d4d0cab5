import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus, { ElMessageBox } from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../src/locales';
import { useCampaignStore } from '../src/stores/campaign';
import { useSessionStore } from '../src/stores/session';
import SettingsView from '../src/views/campaign/settings/index.vue';
import { campaign2026, fakeApi, organizer } from './fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the campaign settings', () => {
  it('show a publish at once: the status reads 已发布 and publish is no longer offered', async () => {
    const draft = { ...campaign2026, status: 'draft' as const };
    let status: 'draft' | 'published' = 'draft';
    const { calls } = fakeApi({
      'GET /api/campaigns': () => ({ body: { items: [{ ...draft, status }] } }),
      // The notice beside the settings (none written yet).
      [`GET /api/campaigns/${draft.id}/notice`]: () => ({
        body: { campaignId: draft.id, notice: null, documentNumber: null, rendered: null },
      }),
      [`POST /api/campaigns/${draft.id}/publish`]: () => {
        status = 'published';
        return { body: { ...draft, status } };
      },
    });
    // What confirm resolves to when the user clicks OK (MessageBoxData is typed as value and action at once).
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue({ value: '', action: 'confirm' } as unknown as Awaited<
      ReturnType<typeof ElMessageBox.confirm>
    >);
    const pinia = createPinia();
    setActivePinia(pinia);
    useSessionStore().user = organizer;
    await useCampaignStore().load();
    const wrapper = mount(SettingsView, { global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus] } });
    expect(wrapper.get('[data-test=campaign-status]').text()).toBe('草稿');

    await wrapper.get('[data-test=publish]').trigger('click');
    await flushPromises();
    expect(calls.map((c) => `${c.method} ${c.path}`)).toContain(`POST /api/campaigns/${draft.id}/publish`);
    expect(wrapper.get('[data-test=campaign-status]').text()).toBe('已发布');
    expect(wrapper.find('[data-test=publish]').exists()).toBe(false);
    expect(wrapper.find('[data-test=close-campaign]').exists()).toBe(true);
  });
});
