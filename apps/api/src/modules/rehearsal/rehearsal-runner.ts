import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  GENERATOR_LIMITS,
  REHEARSAL_TARGETS,
  type TRehearsalProgress,
  type TRehearsalResult,
  type TRehearsalWallFailure,
} from '@learnweek/contracts';
import { Histogram } from './latency-histogram.js';
import type { TFromWorker, TThreadUsage, TToWorker, TWorkerData } from './rehearsal-worker.js';

/** What a run needs: the deployment, an organizer's token and the rehearsal session made for it. */
export interface TRehearsalRun {
  /** The deployment's address as a phone reaches it (PUBLIC_URL, or the proxy in front of the instances). */
  baseUrl: string;
  token: string;
  sessionId: string;
  screens: number;
  people: number;
  minutes: number;
  /** Progress lines (the CLI prints them). */
  log?: (line: string) => void;
  /** Progress as figures (the console shows them while the server runs it). */
  progress?: (p: TRehearsalProgress) => void;
  /** Stops the run early (the instance running it shuts down): no more walls or check-ins, walls closed. */
  signal?: AbortSignal;
}

/** After the last check-in, how long the walls get to show it before a missing one counts as missed. */
const DELIVERY_GRACE_MS = 10_000;
/** Walls per generator thread, and threads for walls at most (each thread is a core's worth of work at most). */
const WALLS_PER_THREAD = 250;
const MAX_WALL_THREADS = Math.max(2, Math.min(8, availableParallelism()));

/**
 * The worker's module: the compiled .js next to this one; when this runs from its TypeScript source
 * (the integration tests), the .ts through jiti's loader.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './rehearsal-worker.ts' : './rehearsal-worker.js', import.meta.url);

const percentile = (sorted: number[], q: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
/** Rates to the thousandth: a slow rate (one person in six seconds) keeps its precision for the 95 % check. */
const round = (n: number) => Math.round(n * 1000) / 1000;
const now = () => performance.timeOrigin + performance.now();

/** A generator thread, its messages as a stream of typed handlers, its failure as a rejection of `failed`. */
class Thread {
  readonly worker: Worker;
  readonly failed: Promise<never>;

  constructor(data: TWorkerData, onMessage: (m: TFromWorker) => void) {
    this.worker = new Worker(WORKER_URL, { workerData: data, execArgv: FROM_SOURCE ? ['--import', 'jiti/register'] : [] });
    this.worker.on('message', onMessage);
    this.failed = new Promise<never>((_, reject) => {
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => reject(new Error(`a rehearsal thread exited (code ${code})`)));
    });
    // Only a rejection nobody awaits would be "unhandled": the run races every step against it.
    this.failed.catch(() => undefined);
  }

  post(m: TToWorker): void {
    this.worker.postMessage(m);
  }
}

type TWallsReport = Extract<TFromWorker, { type: 'walls' }>;
type TSent = Extract<TFromWorker, { type: 'sent' }>;
type TShown = Extract<TFromWorker, { type: 'shown' }>;
/** What every thread is given: where to send, as whom, which session. */
type TCommon = Pick<TWorkerData, 'base' | 'token' | 'sessionId'>;

/** A promise with its resolver, for an answer a thread's messages will bring. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Each step waits for its threads' answers, or the first thread that fails, or the stop. */
function stepper(signal: AbortSignal | undefined, threads: readonly Thread[]) {
  const stopped = new Promise<never>((_, reject) => {
    const abort = () => reject(new Error('stopped before its end'));
    if (signal?.aborted) abort();
    signal?.addEventListener('abort', abort, { once: true });
  });
  stopped.catch(() => undefined);
  return <T>(p: Promise<T>) => Promise.race([p, stopped, ...threads.map((t) => t.failed)]);
}

/**
 * Step 1a. The check-ins' thread: it starts with the walls' (and waits for `start`); each check-in
 * it has accepted is passed on to the walls' threads (all of `threads` but itself).
 */
function startCheckins(run: TRehearsalRun, common: TCommon, threads: Thread[], wallsConnected: () => number) {
  const log = run.log ?? (() => undefined);
  const ready = deferred();
  const sent = deferred<TSent>();
  let lastLogged = 0;
  const sender = new Thread({ ...common, role: 'checkins', people: run.people, minutes: run.minutes }, (m) => {
    if (m.type === 'ready') ready.resolve();
    if (m.type === 'accepted') for (const t of threads) if (t !== sender) t.post({ type: 'accepted', id: m.id, sentAt: m.sentAt });
    if (m.type === 'progress') {
      run.progress?.({ phase: 'checkins', wallsConnected: wallsConnected(), checkinsSent: m.sent, checkinsAccepted: m.accepted });
      if (m.sent - lastLogged >= Math.max(1, Math.round(run.people / 10))) {
        lastLogged = m.sent;
        log(`check-ins: ${m.sent} of ${run.people} sent, ${m.accepted} accepted`);
      }
    }
    if (m.type === 'sent') sent.resolve(m);
  });
  threads.push(sender);
  return { sender, ready: ready.promise, sent: sent.promise };
}

/** Step 1b. The walls, spread over threads; each connects its share and says how many it holds, then what they showed. */
function startWalls(run: TRehearsalRun, common: TCommon, threads: Thread[], reports: TWallsReport[]) {
  const wallThreads = Math.min(MAX_WALL_THREADS, Math.max(1, Math.ceil(run.screens / WALLS_PER_THREAD)));
  const shown: TShown[] = [];
  const ready = deferred();
  const allShown = deferred<TShown[]>();
  for (let i = 0; i < wallThreads; i++) {
    const screens = Math.floor(run.screens / wallThreads) + (i < run.screens % wallThreads ? 1 : 0);
    threads.push(
      new Thread({ ...common, role: 'walls', screens }, (m) => {
        if (m.type === 'walls') {
          reports.push(m);
          run.progress?.({ phase: 'walls', wallsConnected: connectedOf(reports), checkinsSent: 0, checkinsAccepted: 0 });
          if (reports.length === wallThreads) ready.resolve();
        } else if (m.type === 'shown') {
          shown.push(m);
          if (shown.length === wallThreads) allShown.resolve(shown);
        }
      }),
    );
  }
  return { wallThreads, ready: ready.promise, shown: allShown.promise };
}

const connectedOf = (reports: readonly TWallsReport[]) => reports.reduce((n, w) => n + w.connected, 0);

/** The walls as their threads reported them once connected: how many hold, why the others do not. */
function wallsSummary(reports: readonly TWallsReport[]) {
  const failures: Partial<Record<TRehearsalWallFailure, number>> = {};
  for (const w of reports)
    for (const [k, v] of Object.entries(w.failures) as [TRehearsalWallFailure, number][]) failures[k] = (failures[k] ?? 0) + v;
  return {
    connected: connectedOf(reports),
    failures,
    firstError: reports.find((w) => w.firstError)?.firstError,
    connectTimes: reports.flatMap((w) => w.connectTimes).sort((a, b) => a - b),
  };
}

/**
 * Step 4. The figures of the run: latency per (check-in, wall) over the walls' threads, second by
 * second, what no wall showed, the rates against the schedule, and each thread's own load.
 */
function figuresOf(
  run: TRehearsalRun,
  m: { target: string; startedAt: Date; t0: number; threads: number; walls: ReturnType<typeof wallsSummary>; sent: TSent; shown: TShown[] },
): Omit<TRehearsalResult, 'verdict'> {
  const { sent, shown, walls } = m;
  const latency = new Histogram();
  const perSecond: Histogram[] = [];
  for (const s of shown) {
    latency.merge(s.latency);
    s.perSecond.forEach((h, second) => {
      if (h) (perSecond[second] ??= new Histogram(h.stepMs)).merge(h);
    });
  }
  const failures = { ...walls.failures };
  const dropped = shown.reduce((n, s) => n + s.dropped, 0);
  if (dropped > 0) failures.dropped = (failures.dropped ?? 0) + dropped;
  const usages: TThreadUsage[] = [sent.usage, ...shown.map((s) => s.usage)];
  const intervalMs = (run.minutes * 60_000) / run.people;
  // Each person has a slot of intervalMs: a schedule kept exactly takes `minutes` plus the last answer's time.
  const seconds = ((sent.lastAccepted || now()) - m.t0 + intervalMs) / 1_000;
  return {
    startedAt: m.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    target: m.target.slice(0, 300),
    walls: {
      connected: walls.connected - dropped,
      failed: run.screens - walls.connected + dropped,
      connectP99Ms: Math.round(percentile(walls.connectTimes, 0.99)),
      failures,
      ...(walls.firstError ? { firstError: walls.firstError } : {}),
    },
    generator: {
      threads: m.threads,
      busiestUtilization: Math.max(...usages.map((u) => u.utilization)),
      loopDelayP99Ms: Math.max(...usages.map((u) => u.loopDelayP99Ms)),
    },
    checkins: { sent: run.people, accepted: sent.accepted, errors: sent.errors, statuses: sent.statuses },
    throughput: { targetPerSecond: round(run.people / (run.minutes * 60)), achievedPerSecond: round(sent.accepted / seconds) },
    latency: {
      samples: latency.n,
      p50Ms: latency.quantile(0.5),
      p90Ms: latency.quantile(0.9),
      p99Ms: latency.quantile(0.99),
      maxMs: Math.round(latency.max),
    },
    missed: shown.reduce((n, s) => n + s.missed, 0),
    histogram: latency.chart(),
    timeline: Array.from({ length: Math.min(Math.ceil(seconds), 30 * 60 + 120) }, (_, second) => ({
      second,
      accepted: sent.acceptedPerSecond[second] ?? 0,
      p99Ms: perSecond[second]?.quantile(0.99) ?? 0,
    })),
  };
}

/**
 * Makes the load of a rehearsal and measures it: `screens` walls on the live feed (each its own
 * WebSocket, following the rehearsal session), then `people` check-ins sent at an even rate over
 * `minutes` by desks that retry as the kiosk's desk does (the same key on every try). Latency is
 * measured per (check-in, wall): from the first try of the check-in to the wall's
 * `checkin.created`. The load is made by worker threads (rehearsal-worker.ts: the walls spread over
 * several, the check-ins in one), never on the caller's event loop; this thread only passes the
 * accepted check-ins on to the walls' threads and adds their figures up. Each thread reports its
 * own load, so the verdict can tell a saturated generator from a saturated server.
 *
 * The steps: 1. start the threads and wait for the walls to connect; 2. the check-ins, on one
 * schedule; 3. the walls' grace to show the last ones; 4. the figures and the verdict.
 */
export async function runRehearsal(run: TRehearsalRun): Promise<TRehearsalResult> {
  const log = run.log ?? (() => undefined);
  const base = run.baseUrl.replace(/\/$/, '');
  const startedAt = new Date();
  const threads: Thread[] = [];
  const common: TCommon = { base, token: run.token, sessionId: run.sessionId };
  const stop = () => {
    for (const t of threads) t.post({ type: 'stop' });
  };
  run.signal?.addEventListener('abort', stop, { once: true });
  try {
    const step = stepper(run.signal, threads);

    // 1. The threads: the check-ins' one and the walls'; the walls connect.
    const reports: TWallsReport[] = [];
    const checkins = startCheckins(run, common, threads, () => connectedOf(reports));
    const walls = startWalls(run, common, threads, reports);
    await step(Promise.all([walls.ready, checkins.ready]));
    const summary = wallsSummary(reports);
    const { connected, firstError } = summary;
    log(
      `walls: ${connected} of ${run.screens} following the rehearsal session on ${walls.wallThreads} thread(s)${connected < run.screens ? ` (${run.screens - connected} could not connect: ${firstError ?? 'unknown'})` : ''}`,
    );

    // 2. The check-ins, on a schedule every thread reads on the same clock.
    const t0 = now() + 20;
    for (const t of threads) t.post({ type: 'start', t0 });
    const sent = await step(checkins.sent);
    log(`check-ins: ${run.people} of ${run.people} sent, ${sent.accepted} accepted`);
    run.progress?.({ phase: 'delivery', wallsConnected: connected, checkinsSent: run.people, checkinsAccepted: sent.accepted });

    // 3. The walls get a moment to show the last ones; then what no wall showed counts as missed.
    for (const t of threads) if (t !== checkins.sender) t.post({ type: 'drain', graceMs: DELIVERY_GRACE_MS });
    const shown = await step(walls.shown);

    // 4. The figures, and the verdict on them.
    const figures = figuresOf(run, { target: base, startedAt, t0, threads: threads.length, walls: summary, sent, shown });
    return { ...figures, verdict: verdictOf(figures) };
  } finally {
    run.signal?.removeEventListener('abort', stop);
    stop();
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }
}

/** Whether the generator was at its own limit (its busiest thread, or its event loop's delay). */
export function generatorSaturated(r: Pick<TRehearsalResult, 'generator'>): boolean {
  const g = r.generator;
  return g !== undefined && (g.busiestUtilization >= GENERATOR_LIMITS.utilization || g.loopDelayP99Ms >= GENERATOR_LIMITS.loopDelayP99Ms);
}

/**
 * The verdict against REHEARSAL_TARGETS (the server computes it again from the figures it stores),
 * and, when something was not met, the side at its limit: the generator when it was saturated
 * itself (then the run says nothing of the server), else the server.
 */
export function verdictOf(r: Omit<TRehearsalResult, 'verdict'>): TRehearsalResult['verdict'] {
  const unmet: TRehearsalResult['verdict']['unmet'] = [];
  if (r.latency.p99Ms > REHEARSAL_TARGETS.p99Ms || r.latency.samples === 0) unmet.push('latency');
  if (r.checkins.errors > REHEARSAL_TARGETS.errors || r.checkins.accepted < r.checkins.sent) unmet.push('errors');
  if (r.missed > 0) unmet.push('missed');
  if (r.throughput.achievedPerSecond < r.throughput.targetPerSecond * REHEARSAL_TARGETS.throughputRatio) unmet.push('throughput');
  if (r.walls.failed > 0) unmet.push('walls');
  const saturated = unmet.length === 0 ? null : generatorSaturated(r) ? 'generator' : 'server';
  return { passed: unmet.length === 0, unmet, saturated };
}
