import type { TCheckinRecord, TCheckinSession, THeldCheckin } from '@learnweek/contracts';
import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { ElMessageBox } from 'element-plus';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useCampaignStore } from '../src/stores/campaign';
import CheckinView from '../src/views/campaign/checkin/index.vue';
import { campaign2026, consolePlugins, fakeApi, organizer } from './fixtures';

// The live feed is a socket: not this test's subject.
vi.mock('../src/composables/live-feed', () => ({ useLiveFeed: () => ({ connected: { value: true } }) }));

enableAutoUnmount(afterEach);
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const session: TCheckinSession = {
  id: id(901),
  campaignId: campaign2026.id,
  name: '启动仪式主会场',
  venue: '区文化馆',
  kind: 'main',
  opensAt: '2026-12-23T00:00:00.000Z',
  closesAt: '2026-12-23T06:00:00.000Z',
  selfCheckinPath: `/kiosk/checkin/${id(901)}?s=secret`,
};
const held = (n: number, name: string, address: string): THeldCheckin => ({
  id: id(n),
  name,
  unitName: '常州市新北区实验中学',
  town: '河海街道',
  address,
  at: '2026-12-23T01:05:00.000Z',
});
const checkin = (n: number, name: string): TCheckinRecord => ({
  id: id(n),
  sessionId: session.id,
  name,
  unitId: id(100),
  isResident: false,
  source: 'self',
  at: '2026-12-23T01:00:00.000Z',
  unitName: '常州市新北区实验中学',
  town: '河海街道',
});

/** The page against a server that keeps its held and counted check-ins in memory. */
async function mountPage() {
  const state = {
    held: [held(11, '王秀英', 'a1b2'), held(12, '李四', 'a1b2'), held(13, '张三丰', 'c3d4')],
    checkins: [checkin(21, '刘立新'), checkin(22, '陈晓')],
  };
  const api = fakeApi({
    'GET /api/campaigns': () => ({ body: { items: [campaign2026] } }),
    'GET /api/link-origin': () => ({ body: { origin: 'https://learnweek.example.cn', reach: 'public', fromPublicUrl: true } }),
    [`GET /api/campaigns/${campaign2026.id}/checkin-sessions`]: () => ({ body: { items: [session] } }),
    [`GET /api/checkin-sessions/${session.id}/stats`]: () => ({
      body: { sessionId: session.id, total: state.checkins.length, residents: 0, byUnit: [], byTown: [], newest: [] },
    }),
    [`GET /api/campaigns/${campaign2026.id}/kiosk-devices`]: () => ({ body: { items: [] } }),
    [`GET /api/checkin-sessions/${session.id}/checkins`]: () => ({
      body: { items: state.checkins, total: state.checkins.length, page: 1, pageSize: 50 },
    }),
    [`GET /api/checkin-sessions/${session.id}/attendees`]: () => ({ body: { items: [] } }),
    [`GET /api/campaigns/${campaign2026.id}/rehearsals/latest`]: () => ({ body: { rehearsal: null } }),
    [`GET /api/checkin-sessions/${session.id}/held`]: () => ({ body: { items: state.held } }),
    [`POST /api/checkin-sessions/${session.id}/held`]: (body) => {
      const { approve, discard } = body as { approve: string[]; discard: string[] };
      const approved = state.held.filter((h) => approve.includes(h.id));
      state.checkins = [...state.checkins, ...approved.map((h, i) => checkin(30 + i, h.name))];
      state.held = state.held.filter((h) => !approve.includes(h.id) && !discard.includes(h.id));
      return { body: { approved: approved.length, discarded: discard.length, total: state.checkins.length } };
    },
    [`POST /api/checkin-sessions/${session.id}/checkins/void`]: (body) => {
      const { checkinIds } = body as { checkinIds: string[] };
      state.checkins = state.checkins.filter((c) => !checkinIds.includes(c.id));
      return { body: { voided: checkinIds.length, total: state.checkins.length } };
    },
  });
  const plugins = consolePlugins(organizer);
  await useCampaignStore().load();
  useCampaignStore().currentId = campaign2026.id;
  const wrapper = mount(CheckinView, { global: { plugins }, attachTo: document.body });
  await flushPromises();
  return { wrapper, calls: api.calls };
}

/** Ticks the rows of `table` whose text contains each of `names`. */
async function tick(wrapper: VueWrapper, table: string, names: string[]) {
  for (const name of names) {
    const row = wrapper
      .get(`[data-test=${table}]`)
      .findAll('.el-table__body tr')
      .find((r) => r.text().includes(name));
    if (!row) throw new Error(`no row ${name}`);
    await row.get('.el-checkbox input').setValue(true);
  }
  await flushPromises();
}

const confirmed = () =>
  // What confirm resolves to when the user clicks OK (MessageBoxData is typed as value and action at once).
  vi
    .spyOn(ElMessageBox, 'confirm')
    .mockResolvedValue({ value: '', action: 'confirm' } as unknown as Awaited<ReturnType<typeof ElMessageBox.confirm>>);

describe('the check-in page’s review of self check-ins', () => {
  it('lists the held ones masked, by address, and approves then discards the selected after a confirmation; the total follows', async () => {
    const { wrapper, calls } = await mountPage();
    const confirm = confirmed();
    expect(wrapper.get('[data-test=held-title]').text()).toBe('待确认签到 3 人');
    const list = wrapper.get('[data-test=held-list]').text();
    expect(list).toContain('王*英');
    expect(list).not.toContain('王秀英');
    expect(list).toContain('地址 A（2 人）');
    expect(list).toContain('地址 B（1 人）');
    expect(wrapper.get('[data-test=session-total-main]').text()).toBe('2');
    expect(wrapper.get('[data-test=held-approve]').attributes('disabled')).toBeDefined();

    await tick(wrapper, 'held-list', ['王*英', '李*']);
    await wrapper.get('[data-test=held-approve]').trigger('click');
    await flushPromises();
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('通过选中的 2 条签到'), '通过', expect.anything());
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([{ approve: [id(11), id(12)], discard: [] }]);
    expect(wrapper.get('[data-test=held-title]').text()).toBe('待确认签到 1 人');
    expect(wrapper.get('[data-test=session-total-main]').text()).toBe('4');
    expect(wrapper.get('[data-test=checkins]').text()).toContain('王秀英');

    await tick(wrapper, 'held-list', ['张*丰']);
    await wrapper.get('[data-test=held-discard]').trigger('click');
    await flushPromises();
    expect(confirm).toHaveBeenLastCalledWith(expect.stringContaining('丢弃选中的 1 条签到'), '丢弃', expect.anything());
    expect(calls.filter((c) => c.method === 'POST').at(-1)?.body).toEqual({ approve: [], discard: [id(13)] });
    // None held: the panel goes; the total is unchanged.
    expect(wrapper.find('[data-test=held]').exists()).toBe(false);
    expect(wrapper.get('[data-test=session-total-main]').text()).toBe('4');
  });

  it('sends nothing when the confirmation is cancelled', async () => {
    const { wrapper, calls } = await mountPage();
    vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel');
    await tick(wrapper, 'held-list', ['王*英']);
    await wrapper.get('[data-test=held-discard]').trigger('click');
    await flushPromises();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    expect(wrapper.get('[data-test=held-title]').text()).toBe('待确认签到 3 人');
  });

  it('voids the selected check-ins only with a reason, saying it is audited; the list and total follow', async () => {
    const { wrapper, calls } = await mountPage();
    expect(wrapper.get('[data-test=void-open]').attributes('disabled')).toBeDefined();
    await tick(wrapper, 'checkins', ['陈晓']);
    await wrapper.get('[data-test=void-open]').trigger('click');
    await flushPromises();
    const dialog = () => document.querySelector('.el-dialog')!;
    expect(dialog().textContent).toContain('作废 1 条签到');
    expect(dialog().textContent).toContain('记入审计日志');
    expect(dialog().querySelector('[data-test=void-names]')!.textContent).toBe('陈晓');
    const submit = dialog().querySelector<HTMLButtonElement>('[data-test=void-confirm]')!;
    expect(submit.disabled).toBe(true);

    const reason = dialog().querySelector<HTMLTextAreaElement>('[data-test=void-reason] textarea, textarea[data-test=void-reason]')!;
    reason.value = '非本人签到';
    reason.dispatchEvent(new Event('input'));
    await flushPromises();
    expect(submit.disabled).toBe(false);
    submit.click();
    await flushPromises();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([{ checkinIds: [id(22)], reason: '非本人签到' }]);
    expect(wrapper.get('[data-test=session-total-main]').text()).toBe('1');
    expect(wrapper.get('[data-test=checkins]').text()).not.toContain('陈晓');
    expect(wrapper.get('[data-test=checkins]').text()).toContain('刘立新');
  });
});
