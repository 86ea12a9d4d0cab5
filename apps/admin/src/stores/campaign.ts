import type { TCampaign } from '@learnweek/contracts';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/endpoints';

/** The campaigns and the one being worked on (the newest published by default). */
export const useCampaignStore = defineStore('campaign', () => {
  const campaigns = ref<TCampaign[]>([]);
  const currentId = ref<string | null>(null);
  const current = computed(() => campaigns.value.find((c) => c.id === currentId.value) ?? null);

  async function load() {
    campaigns.value = (await api.campaigns()).items;
    if (!campaigns.value.some((c) => c.id === currentId.value)) {
      currentId.value = (campaigns.value.find((c) => c.status === 'published') ?? campaigns.value[0])?.id ?? null;
    }
  }

  /** After a create, edit or clone: the list again, with `id` current. */
  async function show(id: string) {
    currentId.value = id;
    await load();
  }

  return { campaigns, currentId, current, load, show };
});
