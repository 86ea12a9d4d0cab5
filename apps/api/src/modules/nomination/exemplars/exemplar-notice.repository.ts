import { Injectable } from '@nestjs/common';
import type { Prisma } from '@learnweek/db';
import { nominationStates } from '@learnweek/workflow';
import { PrismaService } from '../../../core/prisma/prisma.service.js';

/** The public notice (公示) of a campaign's proposed exemplars, and what it lists. */
@Injectable()
export class ExemplarNoticeRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(campaignId: string, db?: Prisma.TransactionClient) {
    return (db ?? this.prisma.client).exemplarNotice.findUnique({ where: { campaignId } });
  }

  save(campaignId: string, data: { startsAt: Date; endsAt: Date; contact: string }) {
    return this.prisma.client.exemplarNotice.upsert({ where: { campaignId }, create: { campaignId, ...data }, update: data });
  }

  async remove(campaignId: string): Promise<void> {
    await this.prisma.client.exemplarNotice.deleteMany({ where: { campaignId } });
  }

  /** The exemplars proposed for commendation (拟表彰): only what a notice shows of them. */
  proposed(campaignId: string) {
    return this.prisma.client.nomination.findMany({
      where: { campaignId, state: { in: nominationStates('proposed') } },
      select: { id: true, kind: true, name: true, story: true, unit: { select: { name: true, town: { select: { name: true } } } } },
      orderBy: [{ kind: 'desc' }, { unit: { code: 'asc' } }, { createdAt: 'asc' }],
    });
  }
}
