// One thread of the rehearsal's load generator (rehearsal-runner.ts starts them): either a share of
// the simulated walls, or the check-ins. Off the event loop of whoever started it (the API instance
// that took the console's click, or `npm run rehearsal`), so that the generator's own work does not
// delay the server it measures; each thread reports its own load (the generator's headroom).
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import {
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TCreateCheckinResponse,
  type TRehearsalWallFailure,
  type TSubscribeReply,
} from '@learnweek/contracts';
import { io, type Socket } from 'socket.io-client';
import { Histogram, type THistogramData } from './latency-histogram.js';

/** What a thread is given. */
export type TWorkerData = { base: string; token: string; sessionId: string } & (
  { role: 'walls'; screens: number } | { role: 'checkins'; people: number; minutes: number }
);

/** The generator's thread's own load over its run. */
export interface TThreadUsage {
  utilization: number;
  loopDelayP99Ms: number;
}

/** Main → thread. */
export type TToWorker =
  { type: 'start'; t0: number } | { type: 'accepted'; id: string; sentAt: number } | { type: 'drain'; graceMs: number } | { type: 'stop' };

/** Thread → main. */
export type TFromWorker =
  | { type: 'ready' }
  | {
      type: 'walls';
      connected: number;
      failures: Partial<Record<TRehearsalWallFailure, number>>;
      firstError?: string;
      connectTimes: number[];
    }
  | { type: 'accepted'; id: string; sentAt: number }
  | { type: 'progress'; sent: number; accepted: number }
  | {
      type: 'sent';
      statuses: Record<string, number>;
      errors: number;
      accepted: number;
      acceptedPerSecond: number[];
      lastAccepted: number;
      usage: TThreadUsage;
    }
  | { type: 'shown'; latency: THistogramData; perSecond: (THistogramData | null)[]; missed: number; dropped: number; usage: TThreadUsage };

/** Walls connecting at once per thread; a ceremony's screens come up over minutes, not in one instant. */
const CONNECT_WAVE = 50;
const CONNECT_TIMEOUT_MS = 15_000;
/** Check-ins in flight at most (desks and phones that have sent and wait for the answer). */
const IN_FLIGHT = 64;
const REQUEST_TIMEOUT_MS = 10_000;
/** Per-second latencies in 10 ms steps (the timeline's p99), the whole run's in 1 ms. */
const PER_SECOND_STEP_MS = 10;

type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Milliseconds on a clock every thread of the process shares (performance.now() starts per thread). */
const now = () => performance.timeOrigin + performance.now();

const port = parentPort!;
const data = workerData as TWorkerData;
const send = (m: TFromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

/** This thread's share of time spent working since it started, and its event-loop delay. */
const delays = monitorEventLoopDelay({ resolution: 10 });
delays.enable();
const usage = (): TThreadUsage => ({
  utilization: Math.round(performance.eventLoopUtilization().utilization * 1000) / 1000,
  loopDelayP99Ms: Math.round(delays.percentile(99) / 1e6),
});

/** Pauses that all end at once when the run is stopped (one list, no listener per pause). */
let stopped = false;
const pending = new Set<() => void>();
const pause = (ms: number) =>
  new Promise<void>((resolve) => {
    if (stopped) return resolve();
    const done = () => {
      clearTimeout(timer);
      pending.delete(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    pending.add(done);
  });
const stop = () => {
  stopped = true;
  for (const done of [...pending]) done();
};

/** Why a wall did not connect, from socket.io-client's error (the transport's cause is in `description`). */
function failureOf(err: unknown): { kind: TRehearsalWallFailure; text: string } {
  const e = err as { message?: string; description?: unknown; data?: unknown };
  const cause = e.description as { message?: string; code?: string; error?: { code?: string; message?: string } } | undefined;
  // Plain text only: the report goes back through the API's safe-text check.
  const text = [e.message, cause?.message, cause?.code, cause?.error?.code, cause?.error?.message]
    .filter(Boolean)
    .join(': ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ')
    .slice(0, 300);
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(text)) return { kind: 'dns', text };
  if (/ECONNREFUSED|ECONNRESET/i.test(text)) return { kind: 'refused', text };
  if (/\b429\b/.test(text)) return { kind: 'limited', text };
  if (/timeout/i.test(text)) return { kind: 'timeout', text };
  if (e.data !== undefined || /unauthori|forbidden|token|\b40[13]\b/i.test(text)) return { kind: 'denied', text };
  return { kind: 'other', text: text || 'unknown error' };
}

/** The walls: each its own WebSocket following the rehearsal session, none reconnecting (a drop is an error, not a gap). */
async function walls(screens: number): Promise<void> {
  const sockets: WallSocket[] = [];
  const connectTimes: number[] = [];
  const failures: Partial<Record<TRehearsalWallFailure, number>> = {};
  let firstError: string | undefined;
  let dropped = 0;
  const latency = new Histogram();
  const perSecond: (Histogram | null)[] = [];
  /** checkinId → when its first try was sent; arrivals that beat the answer wait in `early`. */
  const sentAt = new Map<string, number>();
  const early = new Map<string, number[]>();
  const shown = new Map<string, number>();
  let t0 = 0;
  const record = (arrived: number, sent: number) => {
    latency.add(arrived - sent);
    const second = Math.max(0, Math.floor((sent - t0) / 1_000));
    while (perSecond.length <= second) perSecond.push(null);
    (perSecond[second] ??= new Histogram(PER_SECOND_STEP_MS)).add(arrived - sent);
  };
  const arrival = (id: string) => {
    const at = now();
    shown.set(id, (shown.get(id) ?? 0) + 1);
    const sent = sentAt.get(id);
    if (sent !== undefined) return record(at, sent);
    const list = early.get(id);
    if (list) list.push(at);
    else early.set(id, [at]);
  };
  const fail = (f: { kind: TRehearsalWallFailure; text: string }) => {
    failures[f.kind] = (failures[f.kind] ?? 0) + 1;
    firstError ??= f.text;
  };
  const openWall = (): Promise<void> =>
    new Promise((resolve) => {
      const began = now();
      const socket: WallSocket = io(`${data.base}${LIVE_NAMESPACE}`, {
        auth: { token: data.token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        timeout: CONNECT_TIMEOUT_MS,
      });
      let settled = false;
      const settle = (failure?: { kind: TRehearsalWallFailure; text: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (failure) {
          fail(failure);
          socket.close();
        }
        resolve();
      };
      const timer = setTimeout(
        () => settle({ kind: 'timeout', text: `no connection within ${CONNECT_TIMEOUT_MS / 1000} s` }),
        CONNECT_TIMEOUT_MS,
      );
      socket.on('checkin.created', (e) => arrival(e.data.checkinId));
      socket.on('connect_error', (err) => settle(failureOf(err)));
      socket.once('connect', () => {
        socket
          .timeout(CONNECT_TIMEOUT_MS)
          .emitWithAck('subscribe', { checkinSessionId: data.sessionId })
          .then(
            (reply: TSubscribeReply) => {
              if (!reply.ok) return settle({ kind: 'denied', text: `subscribe refused: ${JSON.stringify(reply).slice(0, 200)}` });
              if (settled) return;
              connectTimes.push(now() - began);
              sockets.push(socket);
              socket.on('disconnect', (reason) => {
                if (reason !== 'io client disconnect') dropped += 1;
              });
              settle();
            },
            () => settle({ kind: 'timeout', text: 'no answer to subscribe' }),
          );
      });
    });
  for (let i = 0; i < screens && !stopped; i += CONNECT_WAVE)
    await Promise.all(Array.from({ length: Math.min(CONNECT_WAVE, screens - i) }, openWall));
  send({ type: 'walls', connected: sockets.length, failures, firstError, connectTimes });

  port.on('message', (m: TToWorker) => {
    if (m.type === 'start') t0 = m.t0;
    else if (m.type === 'accepted') {
      sentAt.set(m.id, m.sentAt);
      for (const at of early.get(m.id) ?? []) record(at, m.sentAt);
      early.delete(m.id);
    } else if (m.type === 'drain') void drain(m.graceMs);
  });

  // After the last check-in the walls get a moment to show it; then what no wall showed counts as missed.
  const drain = async (graceMs: number) => {
    const expected = sentAt.size * sockets.length;
    const delivered = () => [...sentAt.keys()].reduce((n, id) => n + Math.min(sockets.length, shown.get(id) ?? 0), 0);
    const end = now() + graceMs;
    while (delivered() < expected && now() < end && !stopped) await pause(50);
    const missed = Math.max(0, expected - delivered());
    for (const s of sockets) s.close();
    const buffers = [latency.counts.buffer as ArrayBuffer, ...perSecond.flatMap((h) => (h ? [h.counts.buffer as ArrayBuffer] : []))];
    send({ type: 'shown', latency, perSecond, missed, dropped, usage: usage() }, buffers);
  };
}

/** The check-ins at an even rate, each retried with its key (as the kiosk's desk does) until accepted or refused for good. */
async function checkins(people: number, minutes: number, t0: number): Promise<void> {
  const statuses: Record<string, number> = {};
  const acceptedPerSecond: number[] = [];
  let errors = 0;
  let accepted = 0;
  let lastAccepted = 0;
  let sent = 0;
  const intervalMs = (minutes * 60_000) / people;
  const deadline = t0 + minutes * 60_000 + 60_000;
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
    for (let attempt = 1; now() < deadline && !stopped; attempt++) {
      await slot();
      let status: string;
      let answer: TCreateCheckinResponse | undefined;
      first ??= now();
      try {
        const res = await fetch(`${data.base}/api/checkin-sessions/${data.sessionId}/checkins`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${data.token}` },
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
        accepted += 1;
        lastAccepted = now();
        // A timer may fire a moment before t0 (each thread reads its own clock): that is second 0, not -1.
        const second = Math.max(0, Math.floor((first - t0) / 1_000));
        acceptedPerSecond[second] = (acceptedPerSecond[second] ?? 0) + 1;
        send({ type: 'accepted', id: answer.checkin.id, sentAt: first });
        return;
      }
      errors += 1;
      if (['400', '401', '403', '404', '409', '422'].includes(status)) return;
      await pause(Math.min(50 * 2 ** (attempt - 1), 1_000));
    }
  };
  const progress = setInterval(() => send({ type: 'progress', sent, accepted }), 1_000);
  const sends: Promise<void>[] = [];
  for (let i = 0; i < people && !stopped; i++) {
    const wait = t0 + i * intervalMs - now();
    if (wait > 0) await pause(wait);
    sends.push(checkIn(i));
    sent = i + 1;
  }
  await Promise.all(sends);
  clearInterval(progress);
  send({
    type: 'sent',
    statuses,
    errors,
    accepted,
    acceptedPerSecond: Array.from({ length: acceptedPerSecond.length }, (_, s) => acceptedPerSecond[s] ?? 0),
    lastAccepted,
    usage: usage(),
  });
}

port.on('message', (m: TToWorker) => {
  if (m.type === 'stop') stop();
  else if (m.type === 'start' && data.role === 'checkins') void checkins(data.people, data.minutes, m.t0);
});
if (data.role === 'walls') void walls(data.screens);
else send({ type: 'ready' });
