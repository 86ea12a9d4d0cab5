// `npm run rehearsal -- --url <deployment> --user <organizer> --password <password> [--screens 1000]
// [--people 2000] [--minutes 2] [--campaign <id>]`: the organizers' load rehearsal (docs/SCALE.md) made
// from this machine against a deployment. Exit status 0 when the verdict is met, 1 when it is not,
// 2 when the rehearsal could not be run.
import { parseArgs } from 'node:util';
import { REHEARSAL_TARGETS, ZStartRehearsalRequest, type TCampaign, type TListCampaignsResponse, type TLoginResponse, type TRehearsal, type TRehearsalResult } from '@learnweek/contracts';
import { runRehearsal } from './modules/rehearsal/rehearsal-runner.js';

const USAGE = 'usage: npm run rehearsal -- --url <deployment> --user <organizer> --password <password> [--screens 1000] [--people 2000] [--minutes 2] [--campaign <id>]';

class UsageError extends Error {}

async function call<T>(base: string, method: 'GET' | 'POST', path: string, token: string | undefined, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', 'Accept-Language': 'en', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
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
    if (!c) throw new UsageError(`no campaign ${id} on this deployment`);
    return c;
  }
  const published = items.filter((c) => c.status === 'published').sort((a, b) => b.timeline.weekStartsAt.localeCompare(a.timeline.weekStartsAt));
  if (!published[0]) throw new UsageError('no published campaign on this deployment: publish the one to rehearse (or name it with --campaign)');
  return published[0];
}

function print(r: TRehearsal, result: TRehearsalResult, url: string): void {
  const l = result.latency;
  const lines = [
    `rehearsal ${r.id} against ${url}: ${r.screens} walls, ${r.people} people over ${r.minutes} min`,
    `walls: ${result.walls.connected} connected, ${result.walls.failed} failed, connect p99 ${result.walls.connectP99Ms} ms`,
    `check-ins: ${result.checkins.accepted} of ${result.checkins.sent} accepted, ${result.checkins.errors} errors, answers ${Object.entries(result.checkins.statuses).map(([s, n]) => `${s}:${n}`).join(' ')}`,
    `throughput: ${result.throughput.achievedPerSecond}/s of ${result.throughput.targetPerSecond}/s asked`,
    `latency check-in → wall: p50 ${l.p50Ms} ms, p90 ${l.p90Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms (${l.samples} check-in × wall pairs), missed ${result.missed}`,
    `targets: p99 ≤ ${REHEARSAL_TARGETS.p99Ms} ms, ${REHEARSAL_TARGETS.errors} errors, nothing missed, every wall connected, ≥ ${REHEARSAL_TARGETS.throughputRatio * 100} % of the rate`,
    `verdict: ${result.verdict.passed ? 'PASSED' : `FAILED (${result.verdict.unmet.join(', ')})`}`,
  ];
  console.log(lines.join('\n'));
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
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  // The password may come from the environment instead, to keep it out of the shell's history.
  const password = values.password ?? process.env.LEARNWEEK_PASSWORD;
  if (!values.url || !values.user || !password) throw new UsageError(USAGE);
  const url = values.url.replace(/\/$/, '');
  const asked = ZStartRehearsalRequest.safeParse({ screens: Number(values.screens), people: Number(values.people), minutes: Number(values.minutes), runner: 'client' });
  if (!asked.success) throw new UsageError(`${asked.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}\n${USAGE}`);
  const login = await call<TLoginResponse>(url, 'POST', '/auth/login', undefined, { username: values.user, password });
  const campaign = pickCampaign((await call<TListCampaignsResponse>(url, 'GET', '/campaigns', login.accessToken)).items, values.campaign);
  const rehearsal = await call<TRehearsal>(url, 'POST', `/campaigns/${campaign.id}/rehearsals`, login.accessToken, asked.data);
  console.log(`rehearsal ${rehearsal.id} of ${campaign.title}: its session is out of every figure, export and wall, and cleared at the end`);
  let result: TRehearsalResult;
  try {
    result = await runRehearsal({ baseUrl: url, token: login.accessToken, sessionId: rehearsal.sessionId, screens: rehearsal.screens, people: rehearsal.people, minutes: rehearsal.minutes, log: (line) => console.log(line) });
  } catch (err) {
    // The deployment clears an abandoned rehearsal once its session closes.
    throw new Error(`the rehearsal stopped: ${(err as Error).message}`, { cause: err });
  }
  const stored = await call<TRehearsal>(url, 'POST', `/rehearsals/${rehearsal.id}/report`, login.accessToken, { result });
  print(stored, stored.result ?? result, url);
  return stored.status === 'passed' ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof UsageError ? err.message : `rehearsal: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
