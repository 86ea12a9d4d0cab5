import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../core/prisma/prisma.service.js';

@Injectable()
export class CampaignRepository {
  constructor(private readonly prisma: PrismaService) {}

  list() {
    return this.prisma.client.campaign.findMany({ orderBy: [{ year: 'desc' }, { createdAt: 'desc' }] });
  }

  find(id: string) {
    return this.prisma.client.campaign.findUnique({ where: { id } });
  }

  /** Campaigns whose deadlines and timed transitions the scheduler runs. */
  listPublished() {
    return this.prisma.client.campaign.findMany({ where: { status: 'published' } });
  }
}
