import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { storedCampaignKey, useCampaignStore } from '../src/stores/campaign';
import { useSessionStore } from '../src/stores/session';
import { campaign2017, campaign2026, coordinator, fakeApi, organizer } from './fixtures';

/** A fresh page (new Pinia) of `user`, its campaigns loaded. */
async function page(user = coordinator) {
  setActivePinia(createPinia());
  useSessionStore().user = user;
  const store = useCampaignStore();
  await store.load();
  return store;
}

beforeEach(() => {
  localStorage.clear();
  fakeApi({ 'GET /api/campaigns': () => ({ body: { items: [campaign2026, campaign2017] } }) });
});
afterEach(() => vi.unstubAllGlobals());

describe('the chosen campaign', () => {
  it('is the newest published one at first, and the one chosen after a reload', async () => {
    const first = await page();
    expect(first.currentId).toBe(campaign2026.id);
    first.currentId = campaign2017.id;
    await nextTick();
    expect(localStorage.getItem(storedCampaignKey(coordinator.id))).toBe(campaign2017.id);
    expect((await page()).current?.title).toBe(campaign2017.title);
  });

  it('is each user’s own, and falls back when the one kept is no longer listed', async () => {
    (await page()).currentId = campaign2017.id;
    await nextTick();
    expect((await page(organizer)).currentId).toBe(campaign2026.id);
    localStorage.setItem(storedCampaignKey(coordinator.id), '00000000-0000-4000-8000-00000000dead');
    expect((await page()).currentId).toBe(campaign2026.id);
  });
});
