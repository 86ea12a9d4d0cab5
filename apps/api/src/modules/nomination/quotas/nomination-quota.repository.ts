import { Injectable } from '@nestjs/common';
import type { TNominationQuota } from '@learnweek/contracts';
import { PrismaService } from '../../../core/prisma/prisma.service.js';

/** A campaign's nomination quotas, per unit kind and nomination kind. */
@Injectable()
export class NominationQuotaRepository {
  constructor(private readonly prisma: PrismaService) {}

  quotas(campaignId: string) {
    return this.prisma.client.nominationQuota.findMany({ where: { campaignId }, orderBy: [{ unitKind: 'asc' }, { kind: 'asc' }] });
  }

  setQuotas(campaignId: string, items: readonly TNominationQuota[]) {
    return this.prisma.client.$transaction([
      this.prisma.client.nominationQuota.deleteMany({ where: { campaignId } }),
      this.prisma.client.nominationQuota.createMany({ data: items.map((q) => ({ campaignId, ...q })) }),
    ]);
  }
}
