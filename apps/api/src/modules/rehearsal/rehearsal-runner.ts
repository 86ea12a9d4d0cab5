import { randomUUID } from 'node:crypto';
import {
  LIVE_NAMESPACE,
  REHEARSAL_TARGETS,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TCreateCheckinResponse,
  type TRehearsalResult,
  type TSubscribeReply,
} from '@learnweek/contracts';
import { io, type Socket } from 'socket.io-client';

/** What a run needs: the deployment, an organizer's token and the rehearsal session made for it. */
export interface TRehearsalRun {
  /** The deployment's address as a browser reaches it (the proxy in front of the instances). */
  baseUrl: string;
  token: string;
  sessionId: string;
  screens: number;
  people: number;
  minutes: number;
  /** Progress lines (the CLI prints them). */
  log?: (line: string) => void;
  /** Stops the run early (the instance running it shuts down): no more walls or check-ins, walls closed. */
  signal?: AbortSignal;
}

/** Walls connecting at once; a ceremony's screens come up over minutes, not in one instant. */
const CONNECT_WAVE = 50;
const CONNECT_TIMEOUT_MS = 15_000;
/** Check-ins in flight at most (desks and phones that have sent and wait for the answer). */
const IN_FLIGHT = 64;
const REQUEST_TIMEOUT_MS = 10_000;
/** After the last check-in, how long the walls get to show it before a missing one counts as missed. */
const DELIVERY_GRACE_MS = 10_000;
/** Histogram bounds for the report's chart (ms); the last bucket takes everything above, up to a minute. */
const CHART_BOUNDS = [10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, Number.POSITIVE_INFINITY];
const MAX_MS = 60_000;

type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Latencies in 1 ms buckets up to a minute: exact percentiles without keeping millions of samples. */
class Histogram {
  private readonly counts = new Uint32Array(MAX_MS + 1);
  n = 0;
  max = 0;

  add(ms: number): void {
    const v = Math.max(0, Math.min(MAX_MS, Math.round(ms)));
    this.counts[v] = (this.counts[v] ?? 0) + 1;
    this.n += 1;
    if (ms > this.max) this.max = ms;
  }

  quantile(q: number): number {
    if (this.n === 0) return 0;
    const rank = Math.ceil(q * this.n);
    let seen = 0;
    for (let ms = 0; ms <= MAX_MS; ms++) {
      seen += this.counts[ms]!;
      if (seen >= rank) return ms;
    }
    return MAX_MS;
  }

  chart(): { upToMs: number; count: number }[] {
    let from = 0;
    return CHART_BOUNDS.map((bound) => {
      let count = 0;
      const to = Math.min(MAX_MS, Number.isFinite(bound) ? bound : MAX_MS);
      for (let ms = from; ms <= to; ms++) count += this.counts[ms]!;
      from = to + 1;
      return { upToMs: to, count };
    });
  }
}

const percentile = (sorted: number[], q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);

/**
 * Makes the load of a rehearsal and measures it: `screens` walls on the live feed (each its own
 * WebSocket, following the rehearsal session), then `people` check-ins sent at an even rate over
 * `minutes` by desks that retry as the kiosk's desk does (the same key on every try). Latency is
 * measured per (check-in, wall): from the first try of the check-in to the wall's
 * `checkin.created`. Each wall counts as one screen of the ceremony; none reconnects, so a drop
 * is an error, not a silent gap.
 */
export async function runRehearsal(run: TRehearsalRun): Promise<TRehearsalResult> {
  const log = run.log ?? (() => undefined);
  const base = run.baseUrl.replace(/\/$/, '');
  const startedAt = new Date();
  const latency = new Histogram();
  const perSecond: Histogram[] = [];
  const acceptedPerSecond: number[] = [];
  /** checkinId → when its first try was sent (ms, performance clock). */
  const sentAt = new Map<string, number>();
  /** Arrivals that beat the check-in's own answer: the latency is known once the answer comes. */
  const early = new Map<string, number[]>();
  /** checkinId → walls that showed it. */
  const shown = new Map<string, number>();
  let t0 = 0;

  const record = (id: string, arrived: number, sent: number) => {
    latency.add(arrived - sent);
    const second = Math.max(0, Math.floor((sent - t0) / 1_000));
    (perSecond[second] ??= new Histogram()).add(arrived - sent);
  };
  const arrival = (id: string) => {
    const now = performance.now();
    shown.set(id, (shown.get(id) ?? 0) + 1);
    const sent = sentAt.get(id);
    if (sent === undefined) {
      const list = early.get(id);
      if (list) list.push(now);
      else early.set(id, [now]);
    } else record(id, now, sent);
  };

  // 1. The walls.
  const sockets: WallSocket[] = [];
  const connectTimes: number[] = [];
  let failed = 0;
  let dropped = 0;
  const openWall = (): Promise<void> =>
    new Promise((resolve) => {
      const began = performance.now();
      const socket: WallSocket = io(`${base}${LIVE_NAMESPACE}`, { auth: { token: run.token }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: CONNECT_TIMEOUT_MS });
      let settled = false;
      const fail = () => {
        if (settled) return;
        settled = true;
        failed += 1;
        socket.close();
        resolve();
      };
      const timer = setTimeout(fail, CONNECT_TIMEOUT_MS);
      socket.on('checkin.created', (e) => arrival(e.data.checkinId));
      socket.on('connect_error', fail);
      socket.once('connect', () => {
        socket
          .timeout(CONNECT_TIMEOUT_MS)
          .emitWithAck('subscribe', { checkinSessionId: run.sessionId })
          .then(
            (reply: TSubscribeReply) => {
              clearTimeout(timer);
              if (!reply.ok || settled) return fail();
              settled = true;
              connectTimes.push(performance.now() - began);
              sockets.push(socket);
              socket.on('disconnect', (reason) => {
                if (reason !== 'io client disconnect') dropped += 1;
              });
              resolve();
            },
            () => fail(),
          );
      });
    });
  const stopped = () => run.signal?.aborted === true;
  /** A pause that ends at once when the run is stopped. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped()) return resolve();
      const done = () => {
        clearTimeout(timer);
        run.signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      run.signal?.addEventListener('abort', done, { once: true });
    });
  for (let i = 0; i < run.screens && !stopped(); i += CONNECT_WAVE) {
    await Promise.all(Array.from({ length: Math.min(CONNECT_WAVE, run.screens - i) }, openWall));
  }
  log(`walls: ${sockets.length} of ${run.screens} following the rehearsal session${failed ? ` (${failed} could not connect)` : ''}`);

  // 2. The check-ins, at an even rate, each retried with its key until accepted or refused for good.
  const statuses: Record<string, number> = {};
  let errors = 0;
  let accepted = 0;
  let lastAccepted = 0;
  const intervalMs = (run.minutes * 60_000) / run.people;
  const deadline = run.minutes * 60_000 + 60_000;
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    while (inFlight >= IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight += 1;
  };
  const release = () => {
    inFlight -= 1;
    waiting.shift()?.();
  };
  const checkIn = async (i: number) => {
    const body = JSON.stringify({ name: `演练来宾${String(i + 1).padStart(5, '0')}`, idempotencyKey: `rehearsal-${randomUUID()}` });
    let first: number | undefined;
    for (let attempt = 1; performance.now() - t0 < deadline && !stopped(); attempt++) {
      await slot();
      let status: string;
      let answer: TCreateCheckinResponse | undefined;
      first ??= performance.now();
      try {
        const res = await fetch(`${base}/api/checkin-sessions/${run.sessionId}/checkins`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${run.token}` },
          body,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        status = String(res.status);
        if (res.status === 200 || res.status === 201) answer = (await res.json()) as TCreateCheckinResponse;
        else await res.arrayBuffer();
      } catch {
        status = 'network';
      } finally {
        release();
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (answer) {
        const id = answer.checkin.id;
        accepted += 1;
        lastAccepted = performance.now();
        const second = Math.floor((first - t0) / 1_000);
        acceptedPerSecond[second] = (acceptedPerSecond[second] ?? 0) + 1;
        sentAt.set(id, first);
        for (const t of early.get(id) ?? []) record(id, t, first);
        early.delete(id);
        return;
      }
      errors += 1;
      if (['400', '401', '403', '404', '409', '422'].includes(status)) return;
      await pause(Math.min(50 * 2 ** (attempt - 1), 1_000));
    }
  };
  t0 = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < run.people && !stopped(); i++) {
    const due = t0 + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await pause(wait);
    sends.push(checkIn(i));
    if ((i + 1) % Math.max(1, Math.round(run.people / 10)) === 0) log(`check-ins: ${i + 1} of ${run.people} sent, ${accepted} accepted`);
  }
  await Promise.all(sends);
  const loadEnd = lastAccepted || performance.now();

  // 3. The walls get a moment to show the last ones; then what no wall showed counts as missed.
  const expected = () => accepted * sockets.length;
  const deliveredTotal = () => [...shown.values()].reduce((a, b) => a + b, 0);
  const graceEnd = performance.now() + DELIVERY_GRACE_MS;
  while (deliveredTotal() < expected() && performance.now() < graceEnd && !stopped()) await pause(50);
  for (const s of sockets) s.close();
  const missed = Math.max(0, expected() - [...sentAt.keys()].reduce((n, id) => n + Math.min(sockets.length, shown.get(id) ?? 0), 0));

  // Each person has a slot of intervalMs: a schedule kept exactly takes `minutes` plus the last answer's time.
  const seconds = (loadEnd - t0 + intervalMs) / 1_000;
  const targetPerSecond = run.people / (run.minutes * 60);
  const achievedPerSecond = accepted / seconds;
  const sortedConnect = [...connectTimes].sort((a, b) => a - b);
  if (stopped()) throw new Error('stopped before its end');
  const result: Omit<TRehearsalResult, 'verdict'> = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    walls: { connected: sockets.length - dropped, failed: failed + dropped, connectP99Ms: Math.round(percentile(sortedConnect, 0.99)) },
    checkins: { sent: run.people, accepted, errors, statuses },
    throughput: { targetPerSecond: round(targetPerSecond), achievedPerSecond: round(achievedPerSecond) },
    latency: { samples: latency.n, p50Ms: latency.quantile(0.5), p90Ms: latency.quantile(0.9), p99Ms: latency.quantile(0.99), maxMs: Math.round(latency.max) },
    missed,
    histogram: latency.chart(),
    timeline: Array.from({ length: Math.min(Math.ceil(seconds), 30 * 60 + 120) }, (_, second) => ({ second, accepted: acceptedPerSecond[second] ?? 0, p99Ms: perSecond[second]?.quantile(0.99) ?? 0 })),
  };
  return { ...result, verdict: verdictOf(result) };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The verdict against REHEARSAL_TARGETS (the server computes it again from the figures it stores). */
export function verdictOf(r: Omit<TRehearsalResult, 'verdict'>): TRehearsalResult['verdict'] {
  const unmet: TRehearsalResult['verdict']['unmet'] = [];
  if (r.latency.p99Ms > REHEARSAL_TARGETS.p99Ms || r.latency.samples === 0) unmet.push('latency');
  if (r.checkins.errors > REHEARSAL_TARGETS.errors || r.checkins.accepted < r.checkins.sent) unmet.push('errors');
  if (r.missed > 0) unmet.push('missed');
  if (r.throughput.achievedPerSecond < r.throughput.targetPerSecond * REHEARSAL_TARGETS.throughputRatio) unmet.push('throughput');
  if (r.walls.failed > 0) unmet.push('walls');
  return { passed: unmet.length === 0, unmet };
}
