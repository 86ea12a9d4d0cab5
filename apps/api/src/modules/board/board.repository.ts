import { Injectable } from '@nestjs/common';
import { FOUR_ONES, VULNERABLE_AUDIENCES, type ZGalleryQuery } from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';
import type { z } from 'zod';
import { PrismaService } from '../../core/prisma/prisma.service.js';

export interface TParticipationGroupRow {
  kind: string;
  town: string;
  state: string;
  total: number;
  latePlan: number;
  lateSummary: number;
  overduePlan: number;
  overdueSummary: number;
}

/** The board's aggregates, each one grouped statement over the campaign's rows (indexed by campaignId). */
@Injectable()
export class BoardRepository {
  constructor(private readonly prisma: PrismaService) {}

  participationGroups(campaignId: string) {
    return this.prisma.client.$queryRaw<TParticipationGroupRow[]>`
      SELECT u.kind, t.name AS town, p.state,
             count(*)::int AS total,
             count(*) FILTER (WHERE p."latePlan")::int AS "latePlan",
             count(*) FILTER (WHERE p."lateSummary")::int AS "lateSummary",
             count(*) FILTER (WHERE p."planOverdueAt" IS NOT NULL)::int AS "overduePlan",
             count(*) FILTER (WHERE p."summaryOverdueAt" IS NOT NULL)::int AS "overdueSummary"
        FROM "Participation" p JOIN "Unit" u ON u.id = p."unitId" JOIN "Town" t ON t.id = u."townId"
       WHERE p."campaignId" = ${campaignId}::uuid
       GROUP BY u.kind, t.name, t."sortNo", p.state
       ORDER BY t."sortNo", t.name`;
  }

  async photos(campaignId: string, q: z.output<typeof ZGalleryQuery>) {
    const where: Prisma.PhotoWhereInput = { participation: { campaignId }, ...(q.dateCheck ? { dateCheck: q.dateCheck } : {}) };
    const [total, items] = await Promise.all([
      this.prisma.client.photo.count({ where }),
      this.prisma.client.photo.findMany({
        where,
        include: { file: true, activity: { select: { title: true } }, participation: { select: { unit: { include: { town: true } } } } },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
    ]);
    return { total, items };
  }

  activityTotals(campaignId: string) {
    return this.prisma.client.$queryRaw<{ status: string; n: number; expected: number; actual: number }[]>`
      SELECT a.status, count(*)::int AS n, coalesce(sum(a."expectedParticipants"), 0)::int AS expected,
             coalesce(sum(a."actualParticipants"), 0)::int AS actual
        FROM "Activity" a JOIN "Participation" p ON p.id = a."participationId"
       WHERE p."campaignId" = ${campaignId}::uuid
       GROUP BY a.status`;
  }

  audienceCounts(campaignId: string) {
    return this.prisma.client.$queryRaw<{ audience: string; n: number }[]>`
      SELECT x.audience, count(*)::int AS n
        FROM "Activity" a JOIN "Participation" p ON p.id = a."participationId",
             unnest(a.audiences) AS x(audience)
       WHERE p."campaignId" = ${campaignId}::uuid AND a.status <> 'cancelled'
       GROUP BY x.audience`;
  }

  /** Of the units of `kinds`: how many, how many schedule all four ones (not cancelled). */
  async fourOnes(campaignId: string, kinds: readonly string[]) {
    const [r] = await this.prisma.client.$queryRaw<{ units: number; complete: number }[]>`
      SELECT count(*)::int AS units, count(*) FILTER (WHERE covered = ${FOUR_ONES.length})::int AS complete
        FROM (SELECT p.id, (SELECT count(DISTINCT a.type) FROM "Activity" a
                             WHERE a."participationId" = p.id AND a.status <> 'cancelled' AND a.type = ANY(${[...FOUR_ONES]}::text[])) AS covered
                FROM "Participation" p JOIN "Unit" u ON u.id = p."unitId"
               WHERE p."campaignId" = ${campaignId}::uuid AND u.kind = ANY(${[...kinds]}::text[])) s`;
    return r ?? { units: 0, complete: 0 };
  }

  /**
   * Of the units of `kinds`: how many, how many hold a free class for a vulnerable group, and the classes.
   * Free as the workflow's isFreeActivity has it: the 免费 switch, or a 惠民免费培训班 by its type.
   */
  async freeClasses(campaignId: string, kinds: readonly string[]) {
    const [r] = await this.prisma.client.$queryRaw<{ units: number; complete: number; classes: number }[]>`
      SELECT count(*)::int AS units, count(*) FILTER (WHERE classes > 0)::int AS complete, coalesce(sum(classes), 0)::int AS classes
        FROM (SELECT p.id, (SELECT count(*) FROM "Activity" a
                             WHERE a."participationId" = p.id AND a.status <> 'cancelled' AND (a.free OR a.type = 'freeClass')
                               AND a.audiences && ${[...VULNERABLE_AUDIENCES]}::text[]) AS classes
                FROM "Participation" p JOIN "Unit" u ON u.id = p."unitId"
               WHERE p."campaignId" = ${campaignId}::uuid AND u.kind = ANY(${[...kinds]}::text[])) s`;
    return r ?? { units: 0, complete: 0, classes: 0 };
  }
}
