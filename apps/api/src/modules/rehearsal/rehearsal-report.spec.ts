import type { TRehearsalResult } from '@learnweek/contracts';
import { describe, expect, it } from 'vitest';
import { plainReport } from './rehearsal-report.js';
import { verdictOf } from './rehearsal-runner.js';

const figures = (over: Partial<Omit<TRehearsalResult, 'verdict'>> = {}): Omit<TRehearsalResult, 'verdict'> => ({
  startedAt: '2026-12-23T00:30:00.000Z',
  finishedAt: '2026-12-23T00:32:10.000Z',
  target: 'http://learnweek_api',
  walls: { connected: 1000, failed: 0, connectP99Ms: 420, failures: {} },
  generator: { threads: 5, busiestUtilization: 0.42, loopDelayP99Ms: 12 },
  checkins: { sent: 2000, accepted: 2000, errors: 0, statuses: { '201': 2000 } },
  throughput: { targetPerSecond: 16.667, achievedPerSecond: 16.5 },
  latency: { samples: 2_000_000, p50Ms: 120, p90Ms: 380, p99Ms: 910, maxMs: 1400 },
  missed: 0,
  histogram: [],
  timeline: [],
  ...over,
});
const judged = (f: Omit<TRehearsalResult, 'verdict'>): TRehearsalResult => ({ ...f, verdict: verdictOf(f) });

describe('the rehearsal in plain words', () => {
  it('says 达标 with the figures that make it, and the generator’s headroom', () => {
    const r = plainReport(judged(figures()), 'zh-CN');
    expect(r.headline).toBe('达标：1,000 块大屏全部在线，2,000 人全部签到成功，99% 的签到在 910 毫秒内上屏（目标不超过 2,000 毫秒）');
    expect(r.generator).toContain('最忙的线程占用 42%（余量 58%');
  });

  it('names the cause of walls that could not connect, and the side at its limit', () => {
    const f = figures({
      walls: {
        connected: 799,
        failed: 201,
        connectP99Ms: 0,
        failures: { dns: 201 },
        firstError: 'websocket error: getaddrinfo ENOTFOUND learnweek_api',
      },
    });
    const zh = plainReport(judged(f), 'zh-CN');
    expect(zh.headline).toBe('未达标：有 201 块大屏未能连接：代理未转发主机名（演练机解析不了 learnweek_api；或 PUBLIC_URL 有误）');
    expect(zh.reasons).toEqual(['瓶颈在服务器一侧：演练机仍有 58% 余量']);
    expect(plainReport(judged(f), 'en').headline).toBe(
      'Not met: 201 walls could not connect: the proxy does not pass the host name on (learnweek_api does not resolve; or PUBLIC_URL is wrong)',
    );
  });

  it('blames the generator, not the server, when the generator was saturated', () => {
    const f = figures({
      generator: { threads: 5, busiestUtilization: 0.97, loopDelayP99Ms: 450 },
      latency: { samples: 2_000_000, p50Ms: 900, p90Ms: 2500, p99Ms: 3100, maxMs: 4000 },
    });
    const r = judged(f);
    expect(r.verdict).toEqual({ passed: false, unmet: ['latency'], saturated: 'generator' });
    expect(plainReport(r, 'zh-CN').reasons).toEqual([
      '演练机自身已满负荷（最忙的线程占用 97%），结果不能说明服务器的承载能力：请在另一台机器上运行 npm run rehearsal',
    ]);
  });
});
