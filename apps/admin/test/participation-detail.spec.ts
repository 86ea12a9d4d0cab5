import type { TCampaign, TParticipationDetail, TSessionUser } from '@learnweek/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '../src/locales';
import { useCampaignStore } from '../src/stores/campaign';
import { useSessionStore } from '../src/stores/session';
import DetailView from '../src/views/participation/detail/index.vue';
import { campaign2017, campaign2026, coordinator, fakeApi, participation } from './fixtures';

afterEach(() => vi.unstubAllGlobals());

const P = participation();
/** The page of participation P, `user` signed in, with `chosen` the header's campaign. */
async function mountDetail(user: TSessionUser = coordinator, chosen: TCampaign = campaign2026) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = user;
  const campaigns = useCampaignStore();
  await campaigns.load();
  campaigns.currentId = chosen.id;
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/', name: 'home', component: { template: '<div />' } }],
  });
  const wrapper = mount(DetailView, { props: { id: P.id }, global: { plugins: [pinia, router, createAppI18n('zh-CN'), ElementPlus] } });
  await flushPromises();
  return wrapper;
}
const campaignsRoute = { 'GET /api/campaigns': () => ({ body: { items: [campaign2026, campaign2017] } }) };

describe('a participation’s page', () => {
  it('says 无权查看 for another unit’s participation, instead of a blank page', async () => {
    fakeApi({
      ...campaignsRoute,
      [`GET /api/participations/${P.id}`]: () => ({ status: 403, body: { statusCode: 403, code: 'forbidden', message: '无权访问' } }),
    });
    const wrapper = await mountDetail({ ...coordinator, unitId: '00000000-0000-4000-8000-000000000777' });
    expect(wrapper.get('[data-test=forbidden]').text()).toContain('无权查看');
  });

  it('shows its own campaign’s dates, whichever campaign the header has', async () => {
    fakeApi({ ...campaignsRoute, [`GET /api/participations/${P.id}`]: () => ({ body: P }) });
    const wrapper = await mountDetail(coordinator, campaign2017);
    expect(wrapper.get('[data-test=participation-campaign]').text()).toContain(campaign2026.title);
    expect(wrapper.text()).toContain('2026/12/10 23:59');
    expect(wrapper.text()).not.toContain('2017/10/10');
  });

  it('shows the return’s comments at the top and each section’s beside its work', async () => {
    const returned: TParticipationDetail = participation({
      state: 'planReturned',
      history: [
        {
          id: '1',
          event: 'SUBMIT_PLAN',
          from: 'drafting',
          to: 'planSubmitted',
          actor: coordinator.displayName,
          comment: null,
          sectionComments: null,
          at: '2026-11-29T01:00:00.000Z',
        },
        {
          id: '2',
          event: 'RETURN_PLAN',
          from: 'planSubmitted',
          to: 'planReturned',
          actor: '审核人',
          comment: '请修改后重新提交',
          sectionComments: { schedule: '“主题班会”缺少联系电话' },
          at: '2026-11-30T01:00:00.000Z',
        },
      ],
    });
    fakeApi({ ...campaignsRoute, [`GET /api/participations/${P.id}`]: () => ({ body: returned }) });
    const wrapper = await mountDetail();
    const banner = wrapper.get('[data-test=return-comments]').text();
    expect(banner).toContain('请修改后重新提交');
    expect(banner).toContain('活动安排表：“主题班会”缺少联系电话');
    expect(wrapper.get('[data-test=section-comment-schedule]').text()).toContain('“主题班会”缺少联系电话');
    expect(wrapper.find('[data-test=section-comment-plan]').exists()).toBe(false);
  });

  it('says what is still needed after each autosave, and offers the submit once nothing is', async () => {
    let text = P.plan.text;
    const detail = () =>
      text.trim() === ''
        ? participation({
            plan: { ...P.plan, text },
            allowedEvents: [],
            problems: [{ code: 'planTextMissing', message: '请填写实施方案正文' }],
          })
        : participation({ plan: { ...P.plan, text } });
    const { calls } = fakeApi({
      ...campaignsRoute,
      [`GET /api/participations/${P.id}`]: () => ({ body: detail() }),
      [`PUT /api/participations/${P.id}/plan`]: (body) => {
        const sent = body as { text: string; version: number };
        text = sent.text;
        return { body: { ...P.plan, participationId: P.id, text, version: sent.version + 1, updatedAt: '2026-11-30T02:01:00.000Z' } };
      },
    });
    const wrapper = await mountDetail();
    expect(wrapper.find('[data-test=event-SUBMIT_PLAN]').exists()).toBe(true);

    await wrapper.get('textarea[data-test=plan-text]').setValue('');
    await vi.waitFor(() => expect(wrapper.find('[data-test=problems]').exists()).toBe(true), { timeout: 5_000 });
    expect(wrapper.get('[data-test=problems]').text()).toContain('请填写实施方案正文');
    expect(wrapper.find('[data-test=event-SUBMIT_PLAN]').exists()).toBe(false);
    expect((wrapper.get('textarea[data-test=plan-text]').element as HTMLTextAreaElement).value).toBe('');

    await wrapper.get('textarea[data-test=plan-text]').setValue('一、指导思想');
    await vi.waitFor(() => expect(wrapper.find('[data-test=event-SUBMIT_PLAN]').exists()).toBe(true), { timeout: 5_000 });
    expect(wrapper.find('[data-test=problems]').exists()).toBe(false);
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([
      { leadingBody: '领导小组', budgetNote: '', publicity: '', text: '', version: 1 },
      // The second save names the version the first one's answer gave.
      { leadingBody: '领导小组', budgetNote: '', publicity: '', text: '一、指导思想', version: 2 },
    ]);
  });
});
