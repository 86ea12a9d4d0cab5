import { Injectable } from '@nestjs/common';
import type { TCampaign } from '@learnweek/contracts';
import { notFound } from '../../core/errors/api.exception.js';
import { toCampaign } from './campaign.mapper.js';
import { CampaignRepository } from './campaign.repository.js';

@Injectable()
export class CampaignService {
  constructor(private readonly repo: CampaignRepository) {}

  async list(): Promise<TCampaign[]> {
    return (await this.repo.list()).map(toCampaign);
  }

  async get(id: string): Promise<TCampaign> {
    const c = await this.repo.find(id);
    if (!c) throw notFound();
    return toCampaign(c);
  }
}
