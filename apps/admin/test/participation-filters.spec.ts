import type { TListParticipationsQuery } from '@learnweek/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reactive } from 'vue';
import ParticipationFilters from '../src/components/ParticipationFilters.vue';
import { useTownStore } from '../src/stores/towns';
import { consolePlugins, fakeApi, organizer } from './fixtures';

afterEach(() => vi.unstubAllGlobals());

const towns = {
  'GET /api/towns': () => ({
    body: {
      items: [
        { id: '00000000-0000-4000-8000-000000000301', name: '春江镇' },
        { id: '00000000-0000-4000-8000-000000000302', name: '河海街道' },
      ],
    },
  }),
};

/** The filters bound to `filters` (as the list binds them), each search asking the list to load. */
function mountFilters(filters: TListParticipationsQuery & { page: number; pageSize: number }, plugins = consolePlugins(organizer)) {
  return mount(ParticipationFilters, { props: { modelValue: filters }, global: { plugins } });
}

describe('the participation filters', () => {
  it('start a search from the first page', async () => {
    fakeApi(towns);
    const filters = reactive({ page: 4, pageSize: 50, q: '' });
    const wrapper = mountFilters(filters);
    await wrapper.get('input[data-test=filter-q]').setValue('实验中学');
    await wrapper.get('form').trigger('submit');
    expect(filters).toEqual({ page: 1, pageSize: 50, q: '实验中学' });
    expect(wrapper.emitted('search')).toHaveLength(1);
  });

  it('ask for late or overdue units only while ticked (an unticked box leaves the query)', async () => {
    fakeApi(towns);
    const filters = reactive<TListParticipationsQuery & { page: number; pageSize: number }>({ page: 1, pageSize: 20 });
    const wrapper = mountFilters(filters);
    const late = wrapper.get('[data-test=filter-late] input');
    await late.setValue(true);
    expect(filters.late).toBe('true');
    await late.setValue(false);
    expect(filters.late).toBeUndefined();
    expect(filters.overdue).toBeUndefined();
  });

  it('offer the district’s towns, read once for the list and the deadline matrix alike', async () => {
    const { calls } = fakeApi(towns);
    const plugins = consolePlugins(organizer);
    mountFilters(reactive({ page: 1, pageSize: 20 }), plugins);
    mountFilters(reactive({ page: 1, pageSize: 50 }), plugins);
    await flushPromises();
    expect(useTownStore().names).toEqual(['春江镇', '河海街道']);
    expect(calls.filter((c) => c.path === '/api/towns')).toHaveLength(1);
  });
});
