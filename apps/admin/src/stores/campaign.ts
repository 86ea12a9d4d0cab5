import { ROUTES, type TCampaign } from '@learnweek/contracts';
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { api } from '../api';
import { useSessionStore } from './session';

/** Where the chosen campaign is kept between visits, per user (one browser may serve two people). */
export const storedCampaignKey = (userId: string) => `learnweek.campaign.${userId}`;

/**
 * The campaigns the user may choose (the server leaves drafts out for those who may not see them)
 * and the one being worked on: the one chosen last in this browser, else the newest published.
 */
export const useCampaignStore = defineStore('campaign', () => {
  const session = useSessionStore();
  const key = () => (session.user ? storedCampaignKey(session.user.id) : null);
  const campaigns = ref<TCampaign[]>([]);
  const currentId = ref<string | null>(null);
  const current = computed(() => campaigns.value.find((c) => c.id === currentId.value) ?? null);

  watch(currentId, (id) => {
    const k = key();
    if (k && id) localStorage.setItem(k, id);
  });

  /** Whose choice `currentId` is: after another user signs in on this tab, theirs is read from storage. */
  let owner: string | null = null;

  async function load() {
    campaigns.value = (await api.call(ROUTES.campaigns.list)).items;
    const k = key();
    const me = session.user?.id ?? null;
    const stored = owner === me && currentId.value ? currentId.value : k ? localStorage.getItem(k) : null;
    owner = me;
    currentId.value = campaigns.value.some((c) => c.id === stored)
      ? stored
      : ((campaigns.value.find((c) => c.status === 'published') ?? campaigns.value[0])?.id ?? null);
  }

  /** After a create, edit or clone: the list again, with `id` current. */
  async function show(id: string) {
    currentId.value = id;
    await load();
  }

  return { campaigns, currentId, current, load, show };
});
