import { scopedQuery } from '@learnweek/db';
import { Injectable } from '@nestjs/common';
import { ACTIVITY_FIELDS, type TActivity, type TActivityField } from '@learnweek/contracts';
import { PrismaService } from '../../core/prisma/prisma.service.js';

/** Participations are read in pages of this many, so an export's memory does not grow with the district. */
const PAGE = 500;

const unit = { include: { town: true } } as const;

/** One row of the district schedule: the unit's town and name, then the activity's schedule-table fields (times as epoch milliseconds). */
export type TScheduleRow = { town: string; unitName: string } & Omit<Pick<TActivity, TActivityField>, 'startsAt' | 'endsAt'> & {
    startsAt: number;
    endsAt: number;
    status: string;
    actualParticipants: number | null;
  };

/** The schedule-table columns read straight (the times are read as numbers beside them): every field the contract declares. */
const SCHEDULE_COLUMNS = ACTIVITY_FIELDS.filter((f) => f !== 'startsAt' && f !== 'endsAt')
  .map((f) => `a."${f}"`)
  .join(', ');

@Injectable()
export class ExportRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * The campaign's participations (those matching `only`) in the bureau's order, page by page with
   * `load`'s includes: the ids in order first (one narrow query, 16 bytes a unit), then a page of
   * rows at a time by id, put back in that order.
   */
  private async *pages<T extends { id: string }>(
    campaignId: string,
    only: 'all' | 'planSubmitted' | 'summarySubmitted',
    load: (ids: string[]) => Promise<T[]>,
  ): AsyncGenerator<T[]> {
    const ids = await this.orderedIds(campaignId, only);
    for (let i = 0; i < ids.length; i += PAGE) {
      const chunk = ids.slice(i, i + PAGE);
      const byId = new Map((await load(chunk)).map((p) => [p.id, p]));
      yield chunk.flatMap((id) => byId.get(id) ?? []);
    }
  }

  /** The bureau's order of units: town (by its place in the district's list, then name), unit name, code. */
  private async orderedIds(campaignId: string, only: 'all' | 'planSubmitted' | 'summarySubmitted'): Promise<string[]> {
    const filter =
      only === 'planSubmitted'
        ? 'AND p."planSubmittedAt" IS NOT NULL'
        : only === 'summarySubmitted'
          ? 'AND p."summarySubmittedAt" IS NOT NULL'
          : '';
    const { rows } = await scopedQuery<{ id: string }>(
      this.prisma.pool,
      `SELECT p."id" FROM "Participation" p JOIN "Unit" u ON u."id" = p."unitId" JOIN "Town" t ON t."id" = u."townId"
        WHERE p."campaignId" = $1 ${filter}
        ORDER BY t."sortNo", t."name", u."name", u."code"`,
      [campaignId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Every schedule row of the campaign with its unit's town and name, in the bureau's order (town
   * by its place in the district's list, then unit name, then the unit's own order), a page of
   * participations at a time: one statement per page, keyset on (town order, town, unit name,
   * code), flat rows straight from node-postgres. Prisma's nested include cost
   * more than reading the rows (its relation queries and row mapping); the times come as epoch
   * milliseconds, a float node-postgres reads without its timestamp parser. The next page is read
   * while the caller writes this one (the database works on the other core meanwhile).
   */
  async *scheduleRows(campaignId: string): AsyncGenerator<TScheduleRow[]> {
    type TKey = { townSort: number; town: string; unitName: string; code: string };
    const page = (after: TKey | null) => {
      const query = scopedQuery<TScheduleRow & TKey & { activityId: string | null }>(
        this.prisma.pool,
        `WITH page AS (
           SELECT p."id", u."code", u."name" AS "unitName", t."name" AS "town", t."sortNo" AS "townSort"
             FROM "Participation" p
             JOIN "Unit" u ON u."id" = p."unitId"
             JOIN "Town" t ON t."id" = u."townId"
            WHERE p."campaignId" = $1 AND ($2::int IS NULL OR (t."sortNo", t."name", u."name", u."code") > ($2::int, $3::text, $4::text, $5::text))
            ORDER BY t."sortNo", t."name", u."name", u."code"
            LIMIT $6)
         SELECT page."code", page."unitName", page."town", page."townSort", a."id" AS "activityId", ${SCHEDULE_COLUMNS},
                (extract(epoch FROM a."startsAt") * 1000)::float8 AS "startsAt", (extract(epoch FROM a."endsAt") * 1000)::float8 AS "endsAt",
                a."status", a."actualParticipants"
           FROM page LEFT JOIN "Activity" a ON a."participationId" = page."id"
          ORDER BY page."townSort", page."town", page."unitName", page."code", a."sortNo", a."startsAt", a."id"`,
        [campaignId, after?.townSort ?? null, after?.town ?? null, after?.unitName ?? null, after?.code ?? null, PAGE],
      );
      // Read ahead while the caller writes a page; a caller that stops early leaves it unread, not unhandled.
      query.catch(() => undefined);
      return query;
    };
    let next = page(null);
    for (;;) {
      const { rows } = await next;
      if (rows.length === 0) return;
      // A participation without activities still moves the keyset on.
      const more = new Set(rows.map((r) => r.code)).size === PAGE;
      if (more) next = page(rows.at(-1)!);
      yield rows.filter((r) => r.activityId !== null);
      if (!more) return;
    }
  }

  /** Every participation with what the status report counts. */
  statusPages(campaignId: string) {
    return this.pages(campaignId, 'all', (ids) =>
      this.prisma.client.participation.findMany({
        where: { id: { in: ids } },
        include: {
          unit,
          summary: { select: { discDelivered: true, participants: true } },
          _count: { select: { activities: true, photos: true } },
        },
      }),
    );
  }

  /** Participations that have submitted a summary at least once, with the summary and its photos. */
  summaryPages(campaignId: string) {
    return this.pages(campaignId, 'summarySubmitted', (ids) =>
      this.prisma.client.participation.findMany({
        where: { id: { in: ids } },
        include: {
          unit,
          summary: true,
          photos: { include: { file: true, activity: { select: { title: true } } }, orderBy: { sortNo: 'asc' } },
        },
      }),
    );
  }

  /** Participations that have submitted a plan at least once, with the plan and the schedule. */
  planPages(campaignId: string) {
    return this.pages(campaignId, 'planSubmitted', (ids) =>
      this.prisma.client.participation.findMany({
        where: { id: { in: ids } },
        include: { unit, plan: true, activities: { orderBy: [{ sortNo: 'asc' }, { startsAt: 'asc' }, { id: 'asc' }] } },
      }),
    );
  }

  heldCounts(participationIds: readonly string[]) {
    return this.prisma.client.activity.groupBy({
      by: ['participationId'],
      where: { participationId: { in: [...participationIds] }, status: 'held' },
      _count: { _all: true },
      _sum: { actualParticipants: true },
    });
  }
}
