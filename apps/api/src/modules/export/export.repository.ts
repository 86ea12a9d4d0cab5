import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../core/prisma/prisma.service.js';

/** Participations are read in pages of this many, so an export's memory does not grow with the district. */
const PAGE = 500;

const unit = { include: { town: true } } as const;

/** One row of the district schedule: the unit's town and name, then the activity (times as epoch milliseconds). */
export interface TScheduleRow {
  town: string;
  unitName: string;
  title: string;
  type: string;
  form: string;
  startsAt: number;
  endsAt: number;
  place: string;
  audiences: string[];
  expectedParticipants: number;
  personInCharge: string;
  phone: string;
  free: boolean;
  notes: string;
  status: string;
  actualParticipants: number | null;
}

@Injectable()
export class ExportRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The campaign's participations in the bureau's order (town, unit code), page by page, with `include`. */
  private async *pages<T extends { unit: { code: string } }>(campaignId: string, load: (where: object) => Promise<T[]>): AsyncGenerator<T[]> {
    let after: { code: string } | undefined;
    for (;;) {
      const page = await load({ campaignId, ...(after ? { unit: { code: { gt: after.code } } } : {}) });
      if (page.length === 0) return;
      yield page;
      if (page.length < PAGE) return;
      after = { code: page.at(-1)!.unit.code };
    }
  }

  /**
   * Every schedule row of the campaign with its unit's town and name, in the bureau's order (unit
   * code, then the unit's own order), a page of participations at a time: one statement per page,
   * keyset on the unit code, flat rows straight from node-postgres. Prisma's nested include cost
   * more than reading the rows (its relation queries and row mapping); the times come as epoch
   * milliseconds, a float node-postgres reads without its timestamp parser. The next page is read
   * while the caller writes this one (the database works on the other core meanwhile).
   */
  async *scheduleRows(campaignId: string): AsyncGenerator<TScheduleRow[]> {
    const page = (after: string | null) => {
      const query = this.prisma.pool.query<TScheduleRow & { code: string; activityId: string | null }>(
        `WITH page AS (
           SELECT p."id", u."code", u."name" AS "unitName", t."name" AS "town"
             FROM "Participation" p
             JOIN "Unit" u ON u."id" = p."unitId"
             JOIN "Town" t ON t."id" = u."townId"
            WHERE p."campaignId" = $1 AND ($2::text IS NULL OR u."code" > $2)
            ORDER BY u."code"
            LIMIT $3)
         SELECT page."code", page."unitName", page."town", a."id" AS "activityId", a."title", a."type", a."form",
                (extract(epoch FROM a."startsAt") * 1000)::float8 AS "startsAt", (extract(epoch FROM a."endsAt") * 1000)::float8 AS "endsAt",
                a."place", a."audiences", a."expectedParticipants", a."personInCharge", a."phone", a."free", a."notes", a."status", a."actualParticipants"
           FROM page LEFT JOIN "Activity" a ON a."participationId" = page."id"
          ORDER BY page."code", a."sortNo", a."startsAt", a."id"`,
        [campaignId, after, PAGE],
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
      if (more) next = page(rows.at(-1)!.code);
      yield rows.filter((r) => r.activityId !== null);
      if (!more) return;
    }
  }

  /** Every participation with what the status report counts. */
  statusPages(campaignId: string) {
    return this.pages(campaignId, (where) =>
      this.prisma.client.participation.findMany({
        where,
        include: {
          unit,
          summary: { select: { discDelivered: true, participants: true } },
          _count: { select: { activities: true, photos: true } },
        },
        orderBy: { unit: { code: 'asc' } },
        take: PAGE,
      }),
    );
  }

  /** Participations that have submitted a summary at least once, with the summary and its photos. */
  summaryPages(campaignId: string) {
    return this.pages(campaignId, (where) =>
      this.prisma.client.participation.findMany({
        where: { ...where, summarySubmittedAt: { not: null } },
        include: {
          unit,
          summary: true,
          photos: { include: { file: true, activity: { select: { title: true } } }, orderBy: { sortNo: 'asc' } },
        },
        orderBy: { unit: { code: 'asc' } },
        take: PAGE,
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
