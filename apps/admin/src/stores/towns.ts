import { ROUTES } from '@learnweek/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api';

/** The district's towns and streets (镇/街道), loaded once and reloaded after one is added. */
export const useTownStore = defineStore('towns', () => {
  const names = ref<string[]>([]);
  let loading: Promise<void> | null = null;

  function load(force = false) {
    if (!loading || force) loading = api.call(ROUTES.units.towns).then((r) => void (names.value = r.items.map((x) => x.name)));
    return loading;
  }

  async function add(name: string) {
    await api.call(ROUTES.units.createTown, { body: { name } });
    await load(true);
  }

  return { names, load, add };
});
