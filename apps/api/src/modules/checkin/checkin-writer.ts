import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { TCheckinSource, TLiveEventData } from '@learnweek/contracts';
import { inDistrict, scopedQuery } from '@learnweek/db';
import { Batcher } from '../../core/batch/batcher.js';
import { ApiException } from '../../core/errors/api.exception.js';
import { isTransientDbError } from '../../core/errors/db-errors.js';
import type { TOutboxItem } from '../../core/live/live-events.js';
import { toEnvelope } from '../../core/live/outbox.repository.js';
import { MetricsService } from '../../core/metrics/metrics.service.js';
import { PrismaService } from '../../core/prisma/prisma.service.js';

/** A check-in to write, with what its `checkin.created` event carries. */
export interface TCheckinWrite {
  sessionId: string;
  personKey: string;
  /** The person across the campaign's venues (see Checkin.campaignPersonKey). */
  campaignPersonKey: string;
  idempotencyKey: string;
  name: string;
  unitId: string | null;
  isResident: boolean;
  phoneHash: string | null;
  attendeeId: string | null;
  source: TCheckinSource;
  /** The moment of the scan. */
  at: Date;
  /** When the server took it. */
  receivedAt: Date;
  campaignId: string;
  /** The session's district: the batch's check-ins are written in it, under its policies. */
  districtId: string;
  /** What the `checkin.created` event says of the arrival (checkinEvents adds the check-in's id and the session's total). */
  created: Omit<TLiveEventData<'checkin.created'>, 'checkinId' | 'total'>;
}

/** What was written for one check-in (null when the person or the key was already there). */
export interface TCheckinWritten {
  id: string;
  /**
   * Its committed events, as the statement wrote them: its `checkin.created`, and for one check-in
   * of the group per session the session's `checkin.stats` (one per session per group).
   */
  events: TOutboxItem[];
}

interface TWrittenRow {
  ord: number;
  id: string;
  districtId: string;
  rehearsal: boolean;
  created_seq: string;
  created_total: number;
  created_at: Date;
  stats_seq: string;
  stats_total: number;
  stats_at: Date;
}

/**
 * The data of a check-in's events, as LIVE_EVENT_DATA types them: built here, for the statement to
 * store and for the envelope to publish. The session's total is the one figure only the statement
 * knows (its counter as of the check-in): it writes these objects with `total` set, and returns it.
 */
export const checkinEvents = {
  created: (w: TCheckinWrite & { id: string }, total: number): TLiveEventData<'checkin.created'> => ({
    ...w.created,
    checkinId: w.id,
    total,
  }),
  stats: (sessionId: string, total: number): TLiveEventData<'checkin.stats'> => ({ sessionId, total }),
};

/**
 * The longest a check-in waits for its statement, queue included: then 503 with Retry-After (the
 * desk retries with the same idempotency key; a write that lands later is its 200 "already there").
 * With the pool's lock_timeout (core/prisma/prisma.service.ts) a lock on `Checkin` fails each batch
 * within that, so check-ins answer within 5 s however long the lock is held (docs/RELIABILITY.md).
 */
export const CHECKIN_WAIT_MS = 4_500;
/** Check-ins waiting for the writer at most; beyond, 503 at once (a stalled database does not build an unbounded queue). */
export const CHECKIN_QUEUE_MAX = 2_000;

const unavailable = () => new ApiException(503, 'serviceUnavailable');

/** How far a scan may lie outside its session's window (the desk's clock against the server's). */
export const SCAN_TOLERANCE_MS = 2 * 60_000;

/**
 * Check-ins are written in groups (see Batcher): one statement inserts each unless the person
 * or the key is already there (either unique index, also within the group), bumps each
 * session's counter once, writes one `checkin.created` outbox row per new check-in (with the
 * session's total as of that check-in) and one `checkin.stats` per session. Under load N round
 * trips, counter-row locks and commits become one. The events' data is built from the contract's
 * types (checkinEvents); the statement stores it with the session's total set, and the same
 * objects, with the total it returns, are published.
 *
 * The statement itself refuses a check-in whose campaign is not published or whose scan lies
 * outside the session's window (± SCAN_TOLERANCE_MS): the service checks both first against a
 * cached session, the database has the last word. Copies of one idempotency key in a group are
 * one check-in: only the first goes to the statement, the copies answer null (already there),
 * so one key is one row, one counter bump and one `checkin.created`, however the desk retried.
 *
 * Every wait is bounded: at most CHECKIN_QUEUE_MAX wait, each at most CHECKIN_WAIT_MS (then left
 * out of the batches to come), and a batch the database timed out fails whole, not one by one.
 */
@Injectable()
export class CheckinWriter {
  private readonly batcher = new Batcher<TCheckinWrite, TCheckinWritten | null>('check-in writer', (writes) => this.writeBatch(writes), {
    maxQueued: CHECKIN_QUEUE_MAX,
    full: unavailable,
    failsAll: isTransientDbError,
  });

  constructor(
    private readonly prisma: PrismaService,
    private readonly metrics: MetricsService,
  ) {}

  write(write: TCheckinWrite): Promise<TCheckinWritten | null> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(unavailable()), CHECKIN_WAIT_MS);
    return this.batcher
      .push(write, deadline.signal)
      .then((written) => {
        if (written) this.metrics.checkinsWritten.inc({ source: write.source });
        return written;
      })
      .finally(() => clearTimeout(timer));
  }

  /**
   * Writes a batch, one statement per district (nearly always one), each in its district as learnweek_app
   * under the policies (docs/ARCHITECTURE.md, "Tenancy"): a session of another district is not seen, its
   * check-in not written. The result at index i belongs to writes[i].
   */
  private async writeBatch(writes: TCheckinWrite[]): Promise<(TCheckinWritten | null)[]> {
    const byDistrict = new Map<string, number[]>();
    writes.forEach((w, i) => byDistrict.set(w.districtId, [...(byDistrict.get(w.districtId) ?? []), i]));
    const out: (TCheckinWritten | null)[] = writes.map(() => null);
    for (const [districtId, indexes] of byDistrict) {
      const written = await inDistrict(districtId, () => this.writeDistrict(indexes.map((i) => writes[i]!)));
      written.forEach((w, j) => (out[indexes[j]!] = w));
    }
    return out;
  }

  /** Writes one district's writes in one statement; the result at index i belongs to writes[i]. */
  private async writeDistrict(writes: TCheckinWrite[]): Promise<(TCheckinWritten | null)[]> {
    const seen = new Set<string>();
    const input = writes.flatMap((w, ord) => {
      const key = `${w.sessionId} ${w.idempotencyKey}`;
      if (seen.has(key)) return [];
      seen.add(key);
      const id = randomUUID();
      return [
        {
          ...w,
          id,
          ord,
          at: w.at.toISOString(),
          receivedAt: w.receivedAt.toISOString(),
          // The events as the contract types them, their total set by the statement.
          created: checkinEvents.created({ ...w, id }, 0),
          stats: checkinEvents.stats(w.sessionId, 0),
        },
      ];
    });
    const { rows } = await scopedQuery<TWrittenRow>(
      this.prisma.pool,
      `
      WITH input AS (
        SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
          "id" uuid, "ord" int, "sessionId" uuid, "campaignId" uuid, "personKey" text, "campaignPersonKey" text, "idempotencyKey" text, "name" text, "unitId" uuid,
          "isResident" boolean, "phoneHash" text, "attendeeId" uuid, "source" text, "at" timestamptz, "receivedAt" timestamptz, "created" jsonb, "stats" jsonb)
      ), ins AS (
        INSERT INTO "Checkin" ("id", "districtId", "sessionId", "personKey", "campaignPersonKey", "idempotencyKey", "name", "unitId", "isResident", "phoneHash", "attendeeId", "source", "at", "receivedAt")
        SELECT i."id", s."districtId", i."sessionId", i."personKey", i."campaignPersonKey", i."idempotencyKey", i."name", i."unitId", i."isResident", i."phoneHash", i."attendeeId", i."source", i."at", i."receivedAt"
          FROM input i
          JOIN "CheckinSession" s ON s."id" = i."sessionId"
          JOIN "Campaign" c ON c."id" = s."campaignId"
         WHERE c."status" = 'published'
           AND i."at" BETWEEN s."opensAt" - $2::interval AND s."closesAt" + $2::interval
         ORDER BY i."ord"
        ON CONFLICT DO NOTHING
        RETURNING "id"
      ), new AS (
        SELECT input.* FROM ins JOIN input ON input."id" = ins."id"
      ), bump AS (
        UPDATE "CheckinSession" s SET "checkinCount" = s."checkinCount" + g.n
          FROM (SELECT "sessionId", max("campaignId"::text)::uuid AS "campaignId", count(*) AS n, max("at") AS at, (array_agg("stats"))[1] AS stats
                  FROM new GROUP BY "sessionId") g
         WHERE s."id" = g."sessionId"
        RETURNING s."id", s."districtId", s."checkinCount", s."rehearsal", g."campaignId", g.n, g.at, g.stats
      ), created AS (
        -- each one's total: the session's count before the group plus its place in the group
        INSERT INTO "OutboxEvent" ("type", "districtId", "campaignId", "checkinSessionId", "data", "at")
        SELECT 'checkin.created', b."districtId", n."campaignId", n."sessionId",
               jsonb_set(n."created", '{total}', to_jsonb(b."checkinCount" - b.n + row_number() OVER (PARTITION BY n."sessionId" ORDER BY n."ord"))),
               n."at"
          FROM new n JOIN bump b ON b."id" = n."sessionId" ORDER BY n."ord"
        RETURNING "seq", "checkinSessionId", ("data"->>'total')::int AS "total", "at", ("data"->>'checkinId')::uuid AS "checkinId"
      ), stats AS (
        -- after every created row (the aggregate reads them all first), one per session
        INSERT INTO "OutboxEvent" ("type", "districtId", "campaignId", "checkinSessionId", "data", "at")
        SELECT 'checkin.stats', bump."districtId", bump."campaignId", bump."id", jsonb_set(bump.stats, '{total}', to_jsonb(bump."checkinCount")), bump.at
          FROM bump JOIN (SELECT "checkinSessionId", max("seq") FROM created GROUP BY 1) c ON c."checkinSessionId" = bump."id"
        RETURNING "seq", "checkinSessionId", ("data"->>'total')::int AS "total", "at"
      )
      SELECT new."ord", new."id", bump."districtId", bump."rehearsal",
             created."seq" AS created_seq, created."total" AS created_total, created."at" AS created_at,
             stats."seq" AS stats_seq, stats."total" AS stats_total, stats."at" AS stats_at
        FROM new
        JOIN bump ON bump."id" = new."sessionId"
        JOIN created ON created."checkinId" = new."id"
        JOIN stats ON stats."checkinSessionId" = new."sessionId"`,
      [JSON.stringify(input), `${SCAN_TOLERANCE_MS} milliseconds`],
    );
    const out: (TCheckinWritten | null)[] = writes.map(() => null);
    const statsOwned = new Set<string>();
    for (const r of rows) {
      const w = writes[r.ord]!;
      const scope = { districtId: r.districtId, campaignId: w.campaignId, checkinSessionId: w.sessionId, rehearsal: r.rehearsal };
      const data = checkinEvents.created({ ...w, id: r.id }, r.created_total);
      const created = toEnvelope({ seq: BigInt(r.created_seq), type: 'checkin.created', at: r.created_at, data });
      const ownsStats = !statsOwned.has(r.stats_seq);
      statsOwned.add(r.stats_seq);
      const stats = ownsStats
        ? [
            {
              scope,
              envelope: toEnvelope({
                seq: BigInt(r.stats_seq),
                type: 'checkin.stats',
                at: r.stats_at,
                data: checkinEvents.stats(w.sessionId, r.stats_total),
              }),
            },
          ]
        : [];
      out[r.ord] = { id: r.id, events: [{ scope, envelope: created }, ...stats] };
    }
    return out;
  }
}
