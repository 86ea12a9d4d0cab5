import { Injectable } from '@nestjs/common';
import type { Prisma } from '@learnweek/db';
import { nominationStates } from '@learnweek/workflow';
import { PrismaService } from '../../../core/prisma/prisma.service.js';

const shown = {
  unit: { include: { town: true } },
  photos: { include: { file: true }, orderBy: { sortNo: 'asc' } },
} satisfies Prisma.NominationInclude;

/** The published exemplars, as the public page lists them. */
@Injectable()
export class ExemplarRepository {
  constructor(private readonly prisma: PrismaService) {}

  published(campaignId: string) {
    return this.prisma.client.nomination.findMany({
      where: { campaignId, state: { in: nominationStates('public') } },
      include: shown,
      orderBy: [{ kind: 'desc' }, { publishedAt: 'asc' }],
    });
  }
}
