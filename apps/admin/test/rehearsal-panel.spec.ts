import { REHEARSAL_TARGETS, type TRehearsal, type TRehearsalResult } from '@learnweek/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../src/locales';
import { useSessionStore } from '../src/stores/session';
import RehearsalPanel from '../src/views/campaign/checkin/RehearsalPanel.vue';
import { campaign2026, fakeApi, organizer } from './fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const result = (over: Partial<TRehearsalResult> = {}): TRehearsalResult => ({
  startedAt: '2026-12-23T00:30:00.000Z',
  finishedAt: '2026-12-23T00:32:10.000Z',
  walls: { connected: 1000, failed: 0, connectP99Ms: 420 },
  checkins: { sent: 2000, accepted: 2000, errors: 0, statuses: { '201': 2000 } },
  generator: { threads: 5, busiestUtilization: 0.42, loopDelayP99Ms: 12 },
  throughput: { targetPerSecond: 16.67, achievedPerSecond: 16.5 },
  latency: { samples: 2_000_000, p50Ms: 120, p90Ms: 380, p99Ms: 910, maxMs: 1400 },
  missed: 0,
  histogram: [
    { upToMs: 100, count: 900_000 },
    { upToMs: 1000, count: 1_090_000 },
    { upToMs: 2000, count: 10_000 },
  ],
  timeline: [{ second: 0, accepted: 16, p99Ms: 700 }],
  verdict: { passed: true, unmet: [] },
  ...over,
});
const rehearsal = (status: TRehearsal['status'], r: TRehearsalResult | null): TRehearsal => ({
  id: '00000000-0000-4000-8000-000000000777',
  campaignId: campaign2026.id,
  sessionId: '00000000-0000-4000-8000-000000000777',
  status,
  screens: 1000,
  people: 2000,
  minutes: 2,
  runner: 'server',
  startedAt: '2026-12-23T00:30:00.000Z',
  endsBy: '2026-12-23T00:42:00.000Z',
  targets: REHEARSAL_TARGETS,
  result: r,
});

function mountPanel() {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().user = organizer;
  // The charts draw on a canvas the test DOM does not have: their options are what the page decides.
  return mount(RehearsalPanel, {
    props: { campaignId: campaign2026.id },
    global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus], stubs: { VChart: true, echarts: true } },
  });
}

describe('the load rehearsal on the check-in page', () => {
  it('starts one run by the server with the sizes asked, and shows its report with the p99 and the verdict', async () => {
    let last: TRehearsal | null = null;
    const { calls } = fakeApi({
      [`GET /api/campaigns/${campaign2026.id}/rehearsals/latest`]: () => ({ body: { rehearsal: last } }),
      [`POST /api/campaigns/${campaign2026.id}/rehearsals`]: () => {
        last = rehearsal('passed', result());
        return { status: 201, body: rehearsal('running', null) };
      },
    });
    const wrapper = mountPanel();
    await flushPromises();
    expect(wrapper.text()).toContain('尚未进行过压力演练');
    expect(wrapper.get('[data-test=rehearsal-start]').text()).toBe('开始压力演练');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    const starts = calls.filter((c) => c.method === 'POST');
    expect(starts).toHaveLength(1);
    expect(starts[0]!.body).toEqual({ screens: 1000, people: 2000, minutes: 2, runner: 'server' });
    expect(wrapper.get('[data-test=rehearsal-status]').text()).toBe('达标');
    expect(wrapper.get('[data-test=rehearsal-p99]').text()).toBe('p99 910 毫秒');
    expect(wrapper.get('[data-test=rehearsal-plain]').text()).toContain(
      '达标：1,000 块大屏全部在线，2,000 人全部签到成功，99% 的签到在 910 毫秒内上屏（目标不超过 2,000 毫秒）',
    );
    expect(wrapper.get('[data-test=rehearsal-generator]').text()).toBe(
      '演练机：5 个线程，最忙的线程占用 42%（余量 58%），事件循环延迟 p99 12 毫秒',
    );
    // No "ms" anywhere: one unit system.
    expect(wrapper.text()).not.toMatch(/\bms\b/);
    expect(wrapper.get('[data-test=rehearsal-report]').text()).toContain('2000/2000 人签到成功，0 次失败，0 次未在大屏显示');
    expect(wrapper.find('[data-test=rehearsal-latency-chart]').exists()).toBe(true);
  });

  it('says in plain words why a failed rehearsal was not met, and which side was at its limit', async () => {
    const failed = result({
      target: 'http://learnweek_api',
      walls: {
        connected: 799,
        failed: 201,
        connectP99Ms: 0,
        failures: { dns: 201 },
        firstError: 'websocket error: getaddrinfo ENOTFOUND learnweek_api',
      },
      latency: { samples: 10, p50Ms: 900, p90Ms: 2500, p99Ms: 3100, maxMs: 4000 },
      verdict: { passed: false, unmet: ['latency', 'walls'], saturated: 'server' },
    });
    fakeApi({ [`GET /api/campaigns/${campaign2026.id}/rehearsals/latest`]: () => ({ body: { rehearsal: rehearsal('failed', failed) } }) });
    const wrapper = mountPanel();
    await flushPromises();
    expect(wrapper.get('[data-test=rehearsal-status]').text()).toBe('未达标');
    const plain = wrapper.get('[data-test=rehearsal-plain]').text();
    expect(plain).toContain('未达标：有 1% 的签到上屏慢于 3,100 毫秒（目标不超过 2,000 毫秒）');
    expect(plain).toContain('有 201 块大屏未能连接：代理未转发主机名（演练机解析不了 learnweek_api；或 PUBLIC_URL 有误）');
    expect(plain).toContain('瓶颈在服务器一侧：演练机仍有 58% 余量');
  });

  it('takes any whole numbers (no native step check), and shows a running rehearsal’s progress', async () => {
    const running = {
      ...rehearsal('running', null),
      progress: { phase: 'checkins' as const, wallsConnected: 1000, checkinsSent: 500, checkinsAccepted: 498 },
    };
    fakeApi({ [`GET /api/campaigns/${campaign2026.id}/rehearsals/latest`]: () => ({ body: { rehearsal: running } }) });
    const wrapper = mountPanel();
    await flushPromises();
    for (const f of ['screens', 'people', 'minutes'])
      expect(wrapper.get(`[data-test=rehearsal-${f}] input`).attributes('step'), f).toBe('1');
    expect(wrapper.get('form').attributes()).toHaveProperty('novalidate');
    expect(wrapper.get('[data-test=rehearsal-progress]').text()).toBe('正在签到：已发出 500/2,000 人，成功 498 人（1,000 块大屏在线）');
    wrapper.unmount();
  });
});
