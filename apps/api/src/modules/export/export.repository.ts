import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../core/prisma/prisma.service.js';

/** Participations are read in pages of this many, so an export's memory does not grow with the district. */
const PAGE = 500;

const unit = { include: { town: true } } as const;

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

  /** Every schedule row of the campaign with its unit, a page of participations at a time. */
  schedulePages(campaignId: string) {
    return this.pages(campaignId, (where) =>
      this.prisma.client.participation.findMany({
        where,
        select: { id: true, unit, activities: { orderBy: [{ sortNo: 'asc' }, { startsAt: 'asc' }] } },
        orderBy: { unit: { code: 'asc' } },
        take: PAGE,
      }),
    );
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
