import { Injectable } from '@nestjs/common';
import { ZNominationKind, type TNominationQuota } from '@learnweek/contracts';
import { fieldError } from '../../../core/errors/api.exception.js';
import { CampaignService } from '../../campaign/campaign.service.js';
import { NominationQuotaRepository } from './nomination-quota.repository.js';

/** How many nominations of each kind a unit of each kind may submit (the workflow's SUBMIT guard counts them). */
@Injectable()
export class NominationQuotaService {
  constructor(
    private readonly repo: NominationQuotaRepository,
    private readonly campaigns: CampaignService,
  ) {}

  async quotas(campaignId: string): Promise<TNominationQuota[]> {
    await this.campaigns.get(campaignId);
    return (await this.repo.quotas(campaignId)).map((q) => ({
      unitKind: q.unitKind as TNominationQuota['unitKind'],
      kind: ZNominationKind.parse(q.kind),
      max: q.max,
    }));
  }

  async setQuotas(campaignId: string, items: readonly TNominationQuota[]): Promise<TNominationQuota[]> {
    await this.campaigns.get(campaignId);
    const keys = new Set(items.map((q) => `${q.unitKind}:${q.kind}`));
    if (keys.size !== items.length) throw fieldError(400, 'items', 'lw.quotaRepeated');
    await this.repo.setQuotas(campaignId, items);
    return this.quotas(campaignId);
  }
}
