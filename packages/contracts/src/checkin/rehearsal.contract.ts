import { z } from 'zod';
import { ZId, ZInstant } from '../common/domain.js';
import { safeText } from '../common/text.js';

/**
 * The load rehearsal (docs/SCALE.md): before the ceremony the organizer checks that the deployment
 * carries it. A rehearsal session of the campaign, open now and kept out of every real figure,
 * export and wall, takes `people` check-ins over `minutes` (the ceremony's expected peak) while
 * `screens` simulated walls follow it on the live feed; the report gives check-in → wall latency,
 * errors and throughput, and a verdict against REHEARSAL_TARGETS. Its check-ins and events are
 * removed when it ends; the report stays.
 */
export const REHEARSAL_TARGETS = {
  /** Every wall shows a check-in within this long, for 99 % of (check-in, wall) pairs. */
  p99Ms: 2_000,
  /** Refused or failed check-ins, walls that could not connect, check-ins a wall never showed. */
  errors: 0,
  /** The rate reached, as a share of the rate asked for. */
  throughputRatio: 0.95,
} as const;

export const ZRehearsalRunner = z.enum(['server', 'client']);
export type TRehearsalRunner = z.infer<typeof ZRehearsalRunner>;

export const ZStartRehearsalRequest = z
  .object({
    screens: z.number().int().min(1).max(5_000).default(1_000),
    people: z.number().int().min(1).max(20_000).default(2_000),
    /** How long the check-ins take: people / minutes is the peak rate rehearsed (the console asks whole minutes; tests use less). */
    minutes: z.number().min(0.1).max(30).default(2),
    /**
     * `server`: the instance that takes this request makes the load itself, against the address
     * the request came to (the console's button). `client`: the caller makes it and sends the
     * report (`npm run rehearsal`, from another machine).
     */
    runner: ZRehearsalRunner.default('server'),
  })
  .strict();
export type TStartRehearsalRequest = z.infer<typeof ZStartRehearsalRequest>;
/** What a client sends (the defaults fill what it leaves out). */
export type TStartRehearsalInput = z.input<typeof ZStartRehearsalRequest>;

export const ZRehearsalLatency = z.object({
  /** (check-in, wall) pairs measured: from sending the check-in to the wall's `checkin.created`. */
  samples: z.number().int(),
  p50Ms: z.number(),
  p90Ms: z.number(),
  p99Ms: z.number(),
  maxMs: z.number(),
});

/**
 * Why walls did not connect: `dns` (the address does not resolve where the load is made: an
 * instance given the upstream's name by a proxy that does not pass the Host on), `refused`,
 * `timeout`, `denied` (the live feed refused the handshake or the subscription), `limited` (429),
 * `dropped` (connected, then lost), `other`.
 */
export const ZRehearsalWallFailure = z.enum(['dns', 'refused', 'timeout', 'denied', 'limited', 'dropped', 'other']);
export type TRehearsalWallFailure = z.infer<typeof ZRehearsalWallFailure>;

/** Which side was at its limit: the deployment (`server`), or the load generator itself (`generator`). */
export const ZRehearsalSaturated = z.enum(['server', 'generator']);
export type TRehearsalSaturated = z.infer<typeof ZRehearsalSaturated>;

/**
 * The generator's own load (its threads, off the API's event loop): the busiest thread's share of
 * time spent working (0–1; headroom is the rest) and its event-loop delay. Near 1, or with delays
 * of hundreds of ms, the figures measure the generator, not the deployment.
 */
export const ZRehearsalGenerator = z.object({
  threads: z.number().int().min(1),
  busiestUtilization: z.number().min(0).max(1),
  loopDelayP99Ms: z.number().min(0),
});
export type TRehearsalGenerator = z.infer<typeof ZRehearsalGenerator>;

/**
 * Above these the generator counts as saturated (the verdict then blames it, not the server): its
 * busiest thread working 90 % of the time, or its event loop late by a second (half the latency
 * target: its own lag would be most of what it measures). A loop a few hundred ms late while the
 * threads are mostly idle is the machine's CPU taken by others (the server, on one machine).
 */
export const GENERATOR_LIMITS = { utilization: 0.9, loopDelayP99Ms: 1_000 } as const;

export const ZRehearsalResult = z.object({
  startedAt: ZInstant,
  finishedAt: ZInstant,
  /** The address the load was made against (PUBLIC_URL, or the console's address through the proxy). */
  target: safeText({ max: 300 }).optional(),
  walls: z.object({
    connected: z.number().int(),
    failed: z.number().int(),
    /** How long the slowest 1 % of walls took to connect and subscribe. */
    connectP99Ms: z.number(),
    /** Failed walls by cause. */
    failures: z.partialRecord(ZRehearsalWallFailure, z.number().int().min(0)).optional(),
    /** The first failure's own words (e.g. `getaddrinfo ENOTFOUND learnweek_api`). */
    firstError: safeText({ max: 300 }).optional(),
  }),
  generator: ZRehearsalGenerator.optional(),
  checkins: z.object({
    sent: z.number().int(),
    accepted: z.number().int(),
    errors: z.number().int(),
    /** Answers by status (`network` for a failed connection or a timeout). */
    statuses: z.record(z.string().regex(/^(\d{3}|network)$/), z.number().int().min(0)),
  }),
  throughput: z.object({ targetPerSecond: z.number(), achievedPerSecond: z.number() }),
  latency: ZRehearsalLatency,
  /** (check-in, wall) pairs never shown within the time allowed after the last check-in. */
  missed: z.number().int(),
  /** Latency distribution for the chart: pairs with latency ≤ `upToMs` (and above the previous bucket). */
  histogram: z.array(z.object({ upToMs: z.number(), count: z.number().int() })).max(20),
  /** Per second of the run: check-ins accepted and the p99 latency of those sent in it. */
  timeline: z.array(z.object({ second: z.number().int(), accepted: z.number().int(), p99Ms: z.number() })).max(30 * 60 + 120),
  verdict: z.object({
    passed: z.boolean(),
    /** What was not met: `latency`, `errors`, `missed`, `throughput`, `walls`. */
    unmet: z.array(z.enum(['latency', 'errors', 'missed', 'throughput', 'walls'])),
    /** Who was at its limit when something was not met: the generator's saturation makes the run say nothing of the server. */
    saturated: ZRehearsalSaturated.nullable().optional(),
  }),
});
export type TRehearsalResult = z.infer<typeof ZRehearsalResult>;

export const ZRehearsalStatus = z.enum(['running', 'passed', 'failed', 'abandoned']);
export type TRehearsalStatus = z.infer<typeof ZRehearsalStatus>;

/** A rehearsal as the console shows it: what was asked, and the result once it has ended. */
export const ZRehearsal = z.object({
  id: ZId,
  campaignId: ZId,
  /** The rehearsal's check-in session (its check-ins go there; nobody else sees it). */
  sessionId: ZId,
  status: ZRehearsalStatus,
  screens: z.number().int(),
  people: z.number().int(),
  minutes: z.number(),
  runner: ZRehearsalRunner,
  startedAt: ZInstant,
  /** The session closes then; a rehearsal still running after it is abandoned. */
  endsBy: ZInstant,
  targets: z.object({ p99Ms: z.number(), errors: z.number().int(), throughputRatio: z.number() }),
  /** While the server runs it: how far it is (null for a run by `npm run rehearsal`, and once it has ended). */
  progress: z
    .object({
      phase: z.enum(['walls', 'checkins', 'delivery']),
      wallsConnected: z.number().int(),
      checkinsSent: z.number().int(),
      checkinsAccepted: z.number().int(),
    })
    .nullable()
    .optional(),
  result: ZRehearsalResult.nullable(),
});
export type TRehearsal = z.infer<typeof ZRehearsal>;
export type TRehearsalProgress = NonNullable<TRehearsal['progress']>;

export const ZLatestRehearsal = z.object({ rehearsal: ZRehearsal.nullable() });
export type TLatestRehearsal = z.infer<typeof ZLatestRehearsal>;

/** What `npm run rehearsal` sends back when it is the runner. */
export const ZRehearsalReportRequest = z.object({ result: ZRehearsalResult }).strict();
export type TRehearsalReportRequest = z.infer<typeof ZRehearsalReportRequest>;
