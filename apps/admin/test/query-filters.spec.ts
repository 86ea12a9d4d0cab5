import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { useQueryFilters } from '../src/composables/query-filters';

/** A list page's filters (the audit log's shape): strings, a box, the pager. */
const DEFAULTS = { kind: '', unitId: '', campaign: false, page: 1, pageSize: 50 };
const KEYS = ['kind', 'unitId', 'campaign', 'page', 'pageSize'] as const;

async function open(url: string) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/audit', component: { render: () => null } }] });
  await router.push(url);
  let api!: ReturnType<typeof useQueryFilters<typeof DEFAULTS>>;
  const Page = defineComponent({
    setup() {
      api = useQueryFilters(DEFAULTS, KEYS);
      return () => h('div');
    },
  });
  mount(Page, { global: { plugins: [router] } });
  return { router, ...api };
}

describe('a list’s filters in the address', () => {
  it('are read back as the types of their defaults: numbers, booleans and strings; nonsense falls back to the default', async () => {
    const { filters } = await open('/audit?kind=auth.login&campaign=true&page=3&pageSize=abc');
    expect(filters.value).toEqual({ kind: 'auth.login', unitId: '', campaign: true, page: 3, pageSize: 50 });
  });

  it('are written back without their defaults', async () => {
    const { router, filters, remember } = await open('/audit');
    filters.value.campaign = true;
    filters.value.page = 2;
    await remember();
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ campaign: 'true', page: '2' });
    filters.value.campaign = false;
    filters.value.page = 1;
    await remember();
    expect(router.currentRoute.value.query).toEqual({});
  });
});
