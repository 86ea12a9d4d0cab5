import { Injectable } from '@nestjs/common';
import type { TCampaignStatus, TCityBoard, TCityFigures } from '@learnweek/contracts';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { Clock } from '../../core/clock/clock.js';
import { forbidden } from '../../core/errors/api.exception.js';
import { PrismaService } from '../../core/prisma/prisma.service.js';

const FIGURES = ['units', 'plansSubmitted', 'plansApproved', 'activities', 'participants', 'checkins', 'exemplars'] as const;

interface Row {
  id: string;
  code: string;
  name: string;
  campaigns: { id: string; title: string; status: TCampaignStatus }[];
  units: number;
  plansSubmitted: number;
  plansApproved: number;
  activities: number;
  participants: number;
  checkins: number;
  exemplars: number;
}

/**
 * The city office's board (docs/ARCHITECTURE.md, "Tenancy"): each district's figures are its campaigns'
 * totals (CampaignTotals, kept by the database's triggers as the rows they count change), so a request
 * reads one row per campaign of the year, never a district's participations or check-ins. The request
 * runs in the caller's city (app.city_id): the `city_read` policies show its districts' rows only.
 */
@Injectable()
export class CityService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  async board(caller: UserPrincipal, year: number | undefined): Promise<TCityBoard> {
    if (!caller.cityId) throw forbidden();
    const y = year ?? new Date(this.clock.now().getTime() + 8 * 3_600_000).getUTCFullYear();
    const db = this.prisma.client;
    // One transaction (one opening of the city's scope) for both statements.
    const [city, rows] = await db.$transaction([
      db.city.findUniqueOrThrow({ where: { id: caller.cityId }, select: { id: true, code: true, name: true } }),
      db.$queryRaw<Row[]>`
      SELECT d."id", d."code", d."name",
             coalesce(jsonb_agg(jsonb_build_object('id', c."id", 'title', c."title", 'status', c."status") ORDER BY c."createdAt")
                      FILTER (WHERE c."id" IS NOT NULL), '[]'::jsonb) AS "campaigns",
             coalesce(sum(t."units"), 0)::int AS "units",
             coalesce(sum(t."plansSubmitted"), 0)::int AS "plansSubmitted",
             coalesce(sum(t."plansApproved"), 0)::int AS "plansApproved",
             coalesce(sum(t."activities"), 0)::int AS "activities",
             coalesce(sum(t."participants"), 0)::int AS "participants",
             coalesce(sum(t."checkins"), 0)::int AS "checkins",
             coalesce(sum(t."exemplars"), 0)::int AS "exemplars"
        FROM "District" d
        -- A district's draft is its own until published (as GET /campaigns hides drafts outside the bureau).
        LEFT JOIN "Campaign" c ON c."districtId" = d."id" AND c."year" = ${y} AND c."status" <> 'draft'
        LEFT JOIN "CampaignTotals" t ON t."campaignId" = c."id"
       WHERE d."cityId" = ${caller.cityId}::uuid
       GROUP BY d."id"
       ORDER BY d."code"`,
    ]);
    const totals = Object.fromEntries(FIGURES.map((f) => [f, rows.reduce((n, r) => n + r[f], 0)])) as TCityFigures;
    return { city, year: y, districts: rows, totals };
  }
}
