// `npm run rehearsal -- --url <deployment> --user <organizer> --password <password> [--screens 1000]
// [--people 2000] [--minutes 2] [--campaign <id>] [--lang zh-CN|en]`: the organizers' load rehearsal
// (docs/SCALE.md) made from this machine against a deployment, in the user's language (zh-CN unless
// --lang or LANG says English). Exit status 0 when the verdict is met, 1 when it is not, 2 when the
// rehearsal could not be run.
import { parseArgs } from 'node:util';
import {
  REHEARSAL_TARGETS,
  ZStartRehearsalRequest,
  type TCampaign,
  type TListCampaignsResponse,
  type TLocale,
  type TLoginResponse,
  type TRehearsal,
  type TRehearsalProgress,
  type TRehearsalResult,
} from '@learnweek/contracts';
import { plainReport } from './modules/rehearsal/rehearsal-report.js';
import { runRehearsal } from './modules/rehearsal/rehearsal-runner.js';

const USAGE: Record<TLocale, string> = {
  'zh-CN':
    '用法：npm run rehearsal -- --url <部署地址> --user <组织办账号> --password <密码> [--screens 1000] [--people 2000] [--minutes 2] [--campaign <活动 id>] [--lang zh-CN|en]（密码也可用环境变量 LEARNWEEK_PASSWORD）',
  en: 'usage: npm run rehearsal -- --url <deployment> --user <organizer> --password <password> [--screens 1000] [--people 2000] [--minutes 2] [--campaign <id>] [--lang zh-CN|en] (or LEARNWEEK_PASSWORD)',
};

/** --lang, else the locale of the environment (LC_ALL, LC_MESSAGES, LANG): English when it says so, Chinese otherwise. */
function localeOf(flag: string | undefined, env: NodeJS.ProcessEnv): TLocale {
  const said = flag ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return /^en\b|^en[_-]/i.test(said) ? 'en' : 'zh-CN';
}

class UsageError extends Error {}

let locale: TLocale = 'zh-CN';
const say = (zh: string, en: string) => console.log(locale === 'en' ? en : zh);

async function call<T>(base: string, method: 'GET' | 'POST', path: string, token: string | undefined, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', 'Accept-Language': locale, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // not JSON: the text as it came
    }
    throw new Error(`${method} /api${path}: ${res.status} ${message}`);
  }
  return JSON.parse(text) as T;
}

/** The campaign asked for, or the latest published one (check-ins, and so rehearsals, need one). */
function pickCampaign(items: TCampaign[], id: string | undefined): TCampaign {
  if (id) {
    const c = items.find((x) => x.id === id);
    if (!c) throw new UsageError(locale === 'en' ? `no campaign ${id} on this deployment` : `该部署上没有活动 ${id}`);
    return c;
  }
  const published = items
    .filter((c) => c.status === 'published')
    .sort((a, b) => b.timeline.weekStartsAt.localeCompare(a.timeline.weekStartsAt));
  if (!published[0])
    throw new UsageError(
      locale === 'en'
        ? 'no published campaign on this deployment: publish the one to rehearse (or name it with --campaign)'
        : '该部署上没有已发布的活动：请先发布要演练的活动（或用 --campaign 指定）',
    );
  return published[0];
}

function print(r: TRehearsal, result: TRehearsalResult, url: string): void {
  const l = result.latency;
  const plain = plainReport(result, locale);
  const lines =
    locale === 'en'
      ? [
          plain.headline,
          ...plain.reasons.map((x) => `  - ${x}`),
          `rehearsal ${r.id} against ${url}: ${r.screens} walls, ${r.people} people over ${r.minutes} min`,
          `walls: ${result.walls.connected} connected, ${result.walls.failed} failed, connect p99 ${result.walls.connectP99Ms} ms${result.walls.firstError ? ` (first error: ${result.walls.firstError})` : ''}`,
          `check-ins: ${result.checkins.accepted} of ${result.checkins.sent} accepted, ${result.checkins.errors} errors, answers ${Object.entries(
            result.checkins.statuses,
          )
            .map(([s, n]) => `${s}:${n}`)
            .join(' ')}`,
          `throughput: ${result.throughput.achievedPerSecond}/s of ${result.throughput.targetPerSecond}/s asked`,
          `latency check-in → wall: p50 ${l.p50Ms} ms, p90 ${l.p90Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms (${l.samples} check-in × wall pairs), missed ${result.missed}`,
          ...(plain.generator ? [plain.generator] : []),
          `targets: p99 ≤ ${REHEARSAL_TARGETS.p99Ms} ms, ${REHEARSAL_TARGETS.errors} errors, nothing missed, every wall connected, ≥ ${REHEARSAL_TARGETS.throughputRatio * 100} % of the rate`,
          `verdict: ${result.verdict.passed ? 'PASSED' : `FAILED (${result.verdict.unmet.join(', ')}${result.verdict.saturated ? `; saturated: ${result.verdict.saturated}` : ''})`}`,
        ]
      : [
          plain.headline,
          ...plain.reasons.map((x) => `  - ${x}`),
          `演练 ${r.id}，对象 ${url}：${r.screens} 块大屏，${r.people} 人，${r.minutes} 分钟`,
          `大屏：${result.walls.connected} 块在线，${result.walls.failed} 块失败，连接 p99 ${result.walls.connectP99Ms} 毫秒${result.walls.firstError ? `（第一个错误：${result.walls.firstError}）` : ''}`,
          `签到：${result.checkins.sent} 人中 ${result.checkins.accepted} 人成功，失败 ${result.checkins.errors} 次，应答 ${Object.entries(
            result.checkins.statuses,
          )
            .map(([s, n]) => `${s}:${n}`)
            .join(' ')}`,
          `速率：${result.throughput.achievedPerSecond} 人/秒（要求 ${result.throughput.targetPerSecond} 人/秒）`,
          `签到→大屏延迟：p50 ${l.p50Ms} 毫秒，p90 ${l.p90Ms} 毫秒，p99 ${l.p99Ms} 毫秒，最长 ${l.maxMs} 毫秒（${l.samples} 个签到×大屏），未上屏 ${result.missed}`,
          ...(plain.generator ? [plain.generator] : []),
          `目标：p99 不超过 ${REHEARSAL_TARGETS.p99Ms} 毫秒，零错误，无遗漏，大屏全部在线，速率不低于 ${REHEARSAL_TARGETS.throughputRatio * 100}%`,
          `结论：${result.verdict.passed ? '达标' : '未达标'}`,
        ];
  console.log(lines.join('\n'));
}

/** Progress in the user's language: when the walls are up, then every tenth of the people. */
function progressPrinter(people: number): (p: TRehearsalProgress) => void {
  let walls = false;
  let lastTenth = 0;
  return (p) => {
    if (p.phase !== 'walls' && !walls) {
      walls = true;
      say(`大屏：${p.wallsConnected} 块已连接并关注演练签到点`, `walls: ${p.wallsConnected} following the rehearsal session`);
    }
    const tenth = Math.floor((p.checkinsSent * 10) / people);
    if (p.phase === 'checkins' && tenth > lastTenth) {
      lastTenth = tenth;
      say(
        `签到：已发出 ${p.checkinsSent}/${people}，成功 ${p.checkinsAccepted}`,
        `check-ins: ${p.checkinsSent} of ${people} sent, ${p.checkinsAccepted} accepted`,
      );
    }
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      screens: { type: 'string', default: '1000' },
      people: { type: 'string', default: '2000' },
      minutes: { type: 'string', default: '2' },
      campaign: { type: 'string' },
      lang: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  locale = localeOf(values.lang, process.env);
  if (values.help) {
    console.log(USAGE[locale]);
    return 0;
  }
  // The password may come from the environment instead, to keep it out of the shell's history.
  const password = values.password ?? process.env.LEARNWEEK_PASSWORD;
  if (!values.url || !values.user || !password) throw new UsageError(USAGE[locale]);
  const url = values.url.replace(/\/$/, '');
  const asked = ZStartRehearsalRequest.safeParse({
    screens: Number(values.screens),
    people: Number(values.people),
    minutes: Number(values.minutes),
    runner: 'client',
  });
  if (!asked.success)
    throw new UsageError(`${asked.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}\n${USAGE[locale]}`);
  const login = await call<TLoginResponse>(url, 'POST', '/auth/login', undefined, { username: values.user, password });
  const campaign = pickCampaign((await call<TListCampaignsResponse>(url, 'GET', '/campaigns', login.accessToken)).items, values.campaign);
  const rehearsal = await call<TRehearsal>(url, 'POST', `/campaigns/${campaign.id}/rehearsals`, login.accessToken, asked.data);
  say(
    `压力演练 ${rehearsal.id}（${campaign.title}）：演练签到不计入任何统计、导出和大屏，结束后自动清除`,
    `rehearsal ${rehearsal.id} of ${campaign.title}: its session is out of every figure, export and wall, and cleared at the end`,
  );
  let result: TRehearsalResult;
  try {
    result = await runRehearsal({
      baseUrl: url,
      token: login.accessToken,
      sessionId: rehearsal.sessionId,
      screens: rehearsal.screens,
      people: rehearsal.people,
      minutes: rehearsal.minutes,
      progress: progressPrinter(rehearsal.people),
    });
  } catch (err) {
    // The deployment clears an abandoned rehearsal once its session closes.
    throw new Error(`${locale === 'en' ? 'the rehearsal stopped' : '演练中断'}: ${(err as Error).message}`, { cause: err });
  }
  const stored = await call<TRehearsal>(url, 'POST', `/rehearsals/${rehearsal.id}/report`, login.accessToken, { result });
  print(stored, stored.result ?? result, url);
  return stored.status === 'passed' ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(
      err instanceof UsageError
        ? err.message
        : `${locale === 'en' ? 'rehearsal' : '压力演练'}: ${err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(2);
  },
);
