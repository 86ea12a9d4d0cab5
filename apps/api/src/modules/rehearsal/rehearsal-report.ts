import { GENERATOR_LIMITS, REHEARSAL_TARGETS, type TLocale, type TRehearsalResult, type TRehearsalWallFailure } from '@learnweek/contracts';

/** What the rehearsal says first, in plain words: 达标 / 未达标 and why (`npm run rehearsal`; the console has its own keys). */
export interface TPlainReport {
  headline: string;
  reasons: string[];
  /** The generator's own load: its threads and headroom. */
  generator: string | undefined;
}

const n = (x: number, locale: TLocale) => x.toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN');
const pct = (x: number) => Math.round(x * 100);

const CAUSES: Record<TRehearsalWallFailure, Record<TLocale, (host: string) => string>> = {
  dns: {
    'zh-CN': (host) => `代理未转发主机名（演练机解析不了 ${host}；或 PUBLIC_URL 有误）`,
    en: (host) => `the proxy does not pass the host name on (${host} does not resolve; or PUBLIC_URL is wrong)`,
  },
  refused: {
    'zh-CN': () => '连接被拒绝（服务未运行，或地址、端口不对）',
    en: () => 'connection refused (the service is not running, or the address or port is wrong)',
  },
  timeout: { 'zh-CN': () => '连接超时（服务器或代理忙不过来）', en: () => 'timed out (the server or the proxy could not keep up)' },
  denied: {
    'zh-CN': () => '实时推送拒绝了连接（登录已失效或没有权限）',
    en: () => 'the live feed refused them (sign-in expired or not allowed)',
  },
  limited: {
    'zh-CN': () => '代理限制了同一地址的连接数（nginx 的 limit_conn）',
    en: () => 'the proxy limits connections per address (nginx limit_conn)',
  },
  dropped: { 'zh-CN': () => '连上后又断开', en: () => 'they connected, then dropped' },
  other: { 'zh-CN': () => '其他错误', en: () => 'other errors' },
};

/** The cause most walls failed for. */
function mainCause(r: TRehearsalResult): TRehearsalWallFailure {
  const entries = Object.entries(r.walls.failures ?? {}) as [TRehearsalWallFailure, number][];
  return entries.sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'other';
}

export function plainReport(r: TRehearsalResult, locale: TLocale): TPlainReport {
  const zh = locale !== 'en';
  const host = r.target ? new URL(r.target).host : '';
  const reasons: string[] = [];
  for (const u of r.verdict.unmet) {
    if (u === 'walls') {
      const cause = mainCause(r);
      const said = CAUSES[cause][locale](host) + (cause === 'other' && r.walls.firstError ? `: ${r.walls.firstError}` : '');
      reasons.push(
        zh ? `有 ${n(r.walls.failed, locale)} 块大屏未能连接：${said}` : `${n(r.walls.failed, locale)} walls could not connect: ${said}`,
      );
    } else if (u === 'latency') {
      reasons.push(
        r.latency.samples === 0
          ? zh
            ? '没有一次签到出现在大屏上'
            : 'no check-in reached a wall'
          : zh
            ? `有 1% 的签到上屏慢于 ${n(r.latency.p99Ms, locale)} 毫秒（目标不超过 ${n(REHEARSAL_TARGETS.p99Ms, locale)} 毫秒）`
            : `1 % of check-ins took over ${n(r.latency.p99Ms, locale)} ms to reach the walls (target: at most ${n(REHEARSAL_TARGETS.p99Ms, locale)} ms)`,
      );
    } else if (u === 'errors') {
      const failed = Object.entries(r.checkins.statuses)
        .filter(([s]) => s !== '200' && s !== '201')
        .map(([s, k]) => `${s === 'network' ? (zh ? '网络' : 'network') : s} × ${k}`)
        .join(zh ? '，' : ', ');
      reasons.push(
        zh
          ? `有 ${n(r.checkins.sent - r.checkins.accepted, locale)} 人未签到成功，共失败 ${n(r.checkins.errors, locale)} 次（${failed}）`
          : `${n(r.checkins.sent - r.checkins.accepted, locale)} people not checked in, ${n(r.checkins.errors, locale)} failed tries (${failed})`,
      );
    } else if (u === 'missed') {
      reasons.push(zh ? `有 ${n(r.missed, locale)} 次签到没有出现在大屏上` : `${n(r.missed, locale)} check-ins never reached a wall`);
    } else {
      reasons.push(
        zh
          ? `签到速率只有 ${r.throughput.achievedPerSecond} 人/秒，低于要求的 ${r.throughput.targetPerSecond} 人/秒`
          : `${r.throughput.achievedPerSecond} check-ins/s, below the ${r.throughput.targetPerSecond}/s asked`,
      );
    }
  }
  const g = r.generator;
  if (r.verdict.saturated === 'generator' && g) {
    reasons.push(
      zh
        ? `演练机自身已满负荷（最忙的线程占用 ${pct(g.busiestUtilization)}%），结果不能说明服务器的承载能力：请在另一台机器上运行 npm run rehearsal`
        : `the load generator itself was saturated (busiest thread ${pct(g.busiestUtilization)} % busy): this says nothing of the server; run npm run rehearsal from another machine`,
    );
  } else if (r.verdict.saturated === 'server' && g) {
    reasons.push(
      zh
        ? `瓶颈在服务器一侧：演练机仍有 ${100 - pct(g.busiestUtilization)}% 余量`
        : `the server side was the limit: the generator had ${100 - pct(g.busiestUtilization)} % headroom`,
    );
  }
  const headline = r.verdict.passed
    ? zh
      ? `达标：${n(r.walls.connected, locale)} 块大屏全部在线，${n(r.checkins.accepted, locale)} 人全部签到成功，99% 的签到在 ${n(r.latency.p99Ms, locale)} 毫秒内上屏（目标不超过 ${n(REHEARSAL_TARGETS.p99Ms, locale)} 毫秒）`
      : `Met: all ${n(r.walls.connected, locale)} walls online, all ${n(r.checkins.accepted, locale)} people checked in, 99 % shown within ${n(r.latency.p99Ms, locale)} ms (target: at most ${n(REHEARSAL_TARGETS.p99Ms, locale)} ms)`
    : zh
      ? `未达标：${reasons[0] ?? ''}`
      : `Not met: ${reasons[0] ?? ''}`;
  const generator =
    g &&
    (zh
      ? `演练机：${g.threads} 个线程，最忙的线程占用 ${pct(g.busiestUtilization)}%（余量 ${100 - pct(g.busiestUtilization)}%，超过 ${pct(GENERATOR_LIMITS.utilization)}% 即视为演练机饱和），事件循环延迟 p99 ${n(g.loopDelayP99Ms, locale)} 毫秒`
      : `generator: ${g.threads} threads, busiest ${pct(g.busiestUtilization)} % busy (headroom ${100 - pct(g.busiestUtilization)} %; above ${pct(GENERATOR_LIMITS.utilization)} % it is saturated), event-loop delay p99 ${n(g.loopDelayP99Ms, locale)} ms`);
  return { headline, reasons: r.verdict.passed ? reasons : reasons.slice(1), generator };
}
