// The two clients of a ceremony the fault suite stands in for: staff desks that check people in
// and retry exactly as the kiosk app's queue does (apps/kiosk/src/checkin/queue.ts), and a wall
// that follows the live feed as the kiosk's wall does (subscribe with the last seq it saw on
// every connection, totals taken as absolute values).
import type { ClientToServerEvents, ServerToClientEvents, TKioskWall } from '@learnweek/contracts';
import { io, type Socket } from 'socket.io-client';
import { delay } from './rig.js';

/** The desk's classification: only these refusals are final; anything else is tried again. */
const DEFINITIVE = new Set([400, 403, 404, 409, 422]);

export interface TPerson {
  index: number;
  name: string;
  phone: string;
  idempotencyKey: string;
}

export interface TRefusal {
  person: number;
  status: number;
  body: string;
}

export interface TLoadResult {
  /** People the server took (200 or 201 in the end). */
  done: number;
  /** People answered 201 on the try that settled them, and 200 (already there: an earlier answer was lost). */
  created: number;
  duplicates: number;
  refusals: TRefusal[];
  /** People still unsettled when the load's time ran out. */
  unsettled: number;
  /** Tries beyond each person's first. */
  retries: number;
  /** Every answer by status; `network` for a failed connection or a timeout. */
  statuses: Record<string, number>;
  /** 503 answers without a Retry-After header. */
  missingRetryAfter: number;
  /** The longest a try waited for its answer (a network failure included), ms. */
  slowestMs: number;
  durationMs: number;
  /** People settled when the fault began and when it was over (the fault must fall inside the load). */
  settledAtFault: number;
  settledAfterFault: number;
}

export interface TLoadOptions {
  sessionId: string;
  staffToken: string;
  people: TPerson[];
  clients: number;
  /** The API base of client i (two instances: clients split over both). */
  baseFor: (client: number) => string;
  /** Called once, when this many people are settled: the fault goes in here (it may watch the load's progress). */
  faultAfter: number;
  fault: (settled: () => number) => Promise<void>;
  /** The load stops by itself at this point, settled or not. */
  deadlineMs: number;
  /** Gives up early (an API process crashed: waiting longer shows nothing more). */
  abort?: AbortSignal;
}

export function people(count: number, tag: string): TPerson[] {
  return Array.from({ length: count }, (_, i) => ({
    index: i,
    name: `来宾${String(i).padStart(4, '0')}`,
    // Distinct mobile numbers: each one is a different person to the server.
    phone: `139${String(10_000_000 + i).slice(-8)}`,
    idempotencyKey: `${tag}-${i}-${Math.random().toString(36).slice(2, 10)}`,
  }));
}

/** 50 ms doubling to 1 s between tries of one person, or what the server asked for (Retry-After, seconds). */
function backoff(attempt: number, retryAfter: string | null): number {
  const asked = retryAfter === null ? NaN : Number(retryAfter);
  if (Number.isFinite(asked) && asked >= 0) return Math.min(asked * 1000, 10_000);
  return Math.min(50 * 2 ** Math.max(0, attempt - 1), 1_000);
}

/**
 * `clients` desks take the next person from one line and send that person's check-in until it is
 * settled: the same body (same idempotency key, same scan moment) on every try. The fault runs
 * once `faultAfter` people are settled, while the load goes on.
 */
export async function runDeskLoad(o: TLoadOptions): Promise<TLoadResult & { faultError?: Error }> {
  const t0 = performance.now();
  const stopAt = t0 + o.deadlineMs;
  const r: TLoadResult = {
    done: 0,
    created: 0,
    duplicates: 0,
    refusals: [],
    unsettled: 0,
    retries: 0,
    statuses: {},
    missingRetryAfter: 0,
    slowestMs: 0,
    durationMs: 0,
    settledAtFault: -1,
    settledAfterFault: -1,
  };
  const count = (k: string) => (r.statuses[k] = (r.statuses[k] ?? 0) + 1);
  let next = 0;
  let faultRun: Promise<void> | undefined;
  let faultError: Error | undefined;
  const progress = () => r.done + r.refusals.length;
  const settled = () => {
    const n = progress();
    if (faultRun || n < o.faultAfter) return;
    r.settledAtFault = n;
    faultRun = o.fault(progress).then(
      () => void (r.settledAfterFault = progress()),
      (err: unknown) => void (faultError = err instanceof Error ? err : new Error(String(err))),
    );
  };
  const stopped = () => performance.now() > stopAt || o.abort?.aborted === true;

  const desk = async (client: number) => {
    const base = o.baseFor(client);
    while (next < o.people.length && !stopped()) {
      const p = o.people[next++]!;
      const body = JSON.stringify({ name: p.name, phone: p.phone, idempotencyKey: p.idempotencyKey, scannedAt: new Date().toISOString() });
      for (let attempt = 1; ; attempt++) {
        if (stopped()) {
          r.unsettled += 1;
          break;
        }
        if (attempt > 1) r.retries += 1;
        let status: number | 'network';
        let retryAfter: string | null = null;
        let text = '';
        const sentAt = performance.now();
        try {
          const res = await fetch(`${base}/api/checkin-sessions/${o.sessionId}/checkins`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${o.staffToken}` },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          status = res.status;
          retryAfter = res.headers.get('retry-after');
          text = await res.text();
        } catch {
          status = 'network';
        }
        r.slowestMs = Math.max(r.slowestMs, performance.now() - sentAt);
        if (status === 503 && retryAfter === null) r.missingRetryAfter += 1;
        count(String(status));
        if (status === 200 || status === 201) {
          r.done += 1;
          if (status === 201) r.created += 1;
          else r.duplicates += 1;
          settled();
          break;
        }
        if (status !== 'network' && DEFINITIVE.has(status)) {
          r.refusals.push({ person: p.index, status, body: text.slice(0, 300) });
          settled();
          break;
        }
        await delay(backoff(attempt, retryAfter));
      }
    }
  };
  await Promise.all(Array.from({ length: o.clients }, (_, i) => desk(i)));
  r.unsettled += Math.max(0, o.people.length - next);
  await faultRun;
  r.durationMs = performance.now() - t0;
  return { ...r, faultError };
}

/**
 * A ceremony screen: the wall's REST state first, then the live feed. On every (re)connection and
 * on `live.resync` it subscribes with the last seq it saw, and again as the reply asks (`more`: the
 * rest of the replay; `unavailable`: a little later). A session's total is the largest absolute
 * total a `checkin.created` carried (as the kiosk's WallState keeps it). No periodic REST resync: the
 * figure it shows is the live feed's alone.
 */
export class Wall {
  readonly totals = new Map<string, number>();
  /** Distinct check-ins announced by `checkin.created` (what the wall's newest list and town counts are made of). */
  readonly created = new Set<string>();
  lastSeq = 0;
  connects = 0;
  connectErrors = 0;
  resyncs = 0;
  /** Subscriptions the server refused or did not answer; handshakes it refused. */
  readonly problems: string[] = [];
  private socket?: Socket<ServerToClientEvents, ClientToServerEvents>;
  private closed = false;

  constructor(
    private readonly base: string,
    private readonly kioskToken: string,
  ) {}

  async open(): Promise<void> {
    const res = await fetch(`${this.base}/api/kiosk/wall`, { headers: { Authorization: `Bearer ${this.kioskToken}` } });
    if (res.status !== 200) throw new Error(`GET /api/kiosk/wall: ${res.status} ${await res.text()}`);
    const wall = (await res.json()) as TKioskWall;
    for (const s of wall.sessions) this.totals.set(s.id, s.total);
    this.lastSeq = wall.lastSeq;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${this.base}/live`, {
      auth: { kioskToken: this.kioskToken },
      transports: ['websocket', 'polling'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 1_000,
    });
    this.socket = socket;
    const later = (f: () => void, ms = 250) =>
      setTimeout(() => {
        if (!this.closed) f();
      }, ms);
    socket.on('checkin.created', (e) => {
      this.lastSeq = Math.max(this.lastSeq, e.seq);
      this.created.add(e.data.checkinId);
      this.totals.set(e.data.sessionId, Math.max(this.totals.get(e.data.sessionId) ?? 0, e.data.total));
    });
    const subscribe = () => {
      socket
        .timeout(10_000)
        .emitWithAck('subscribe', { campaignId: wall.campaignId, sinceSeq: this.lastSeq })
        .then(
          (reply) => {
            if (reply.ok) {
              this.lastSeq = Math.max(this.lastSeq, reply.lastSeq);
              if (reply.more) subscribe();
              return;
            }
            this.problems.push(`subscribe refused: ${reply.error}`);
            if (reply.error === 'unavailable' && socket.connected) later(subscribe);
            // Asked to come back later (rate limited, too many subscriptions): as the kiosk's client does (packages/client live.ts).
            else if ('retryAfterMs' in reply && socket.connected) later(subscribe, reply.retryAfterMs);
          },
          (err: Error) => {
            this.problems.push(`subscribe: no answer (${err.message})`);
            if (socket.connected) later(subscribe);
          },
        );
    };
    socket.on('connect', () => {
      this.connects += 1;
      subscribe();
    });
    // The server asks screens to subscribe again (its Redis link came back after an outage).
    socket.on('live.resync', () => {
      this.resyncs += 1;
      subscribe();
    });
    socket.on('connect_error', (err: Error) => {
      this.connectErrors += 1;
      // Refused by the server's handshake (not a transport failure): socket.io does not retry by itself.
      if (socket.active) return;
      this.problems.push(`handshake refused: ${err.message}`);
      if (err.message === 'unavailable') later(() => socket.connect());
    });
    const deadline = Date.now() + 10_000;
    while (!socket.connected) {
      if (Date.now() > deadline) throw new Error(`wall: not connected within 10 s (${this.problems.join('; ')})`);
      await delay(20);
    }
  }

  total(sessionId: string): number {
    return this.totals.get(sessionId) ?? 0;
  }

  /** Whether its socket is connected right now (a wall whose instance died is not, until it reconnects). */
  get connected(): boolean {
    return this.socket?.connected === true;
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }
}
