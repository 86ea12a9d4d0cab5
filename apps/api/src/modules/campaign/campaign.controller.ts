import { Controller, Get } from '@nestjs/common';
import type { TCampaign, TListCampaignsResponse } from '@learnweek/contracts';
import { ValidParam } from '../../core/errors/validation.js';
import { CampaignService } from './campaign.service.js';

@Controller('campaigns')
export class CampaignController {
  constructor(private readonly campaigns: CampaignService) {}

  @Get()
  async list(): Promise<TListCampaignsResponse> {
    return { items: await this.campaigns.list() };
  }

  @Get(':id')
  get(@ValidParam('id') id: string): Promise<TCampaign> {
    return this.campaigns.get(id);
  }
}
