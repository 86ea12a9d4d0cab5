import { Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  ZCloneCampaignRequest,
  ZCreateCampaignRequest,
  ZUpdateCampaignRequest,
  type TCampaign,
  type TListCampaignsResponse,
} from '@learnweek/contracts';
import type { z } from 'zod';
import { CurrentUser, Roles } from '../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { ValidBody, ValidParam } from '../../core/errors/validation.js';
import { CampaignService } from './campaign.service.js';
import { WritesCampaign } from './campaign-writable.guard.js';

@Controller('campaigns')
export class CampaignController {
  constructor(private readonly campaigns: CampaignService) {}

  @Get()
  async list(@CurrentUser() user: UserPrincipal): Promise<TListCampaignsResponse> {
    return { items: await this.campaigns.list(user) };
  }

  @Get(':id')
  get(@ValidParam('id') id: string): Promise<TCampaign> {
    return this.campaigns.get(id);
  }

  @Roles('organizer')
  @WritesCampaign('none')
  @Post()
  create(@ValidBody(ZCreateCampaignRequest) body: z.output<typeof ZCreateCampaignRequest>): Promise<TCampaign> {
    return this.campaigns.create(body);
  }

  @Roles('organizer')
  @WritesCampaign('campaign')
  @Put(':id')
  update(@ValidParam('id') id: string, @ValidBody(ZUpdateCampaignRequest) body: z.output<typeof ZUpdateCampaignRequest>): Promise<TCampaign> {
    return this.campaigns.update(id, body);
  }

  @Roles('organizer')
  @WritesCampaign('campaign')
  @Post(':id/publish')
  @HttpCode(200)
  publish(@ValidParam('id') id: string): Promise<TCampaign> {
    return this.campaigns.move(id, 'publish');
  }

  @Roles('organizer')
  @WritesCampaign('campaign')
  @Post(':id/close')
  @HttpCode(200)
  close(@ValidParam('id') id: string): Promise<TCampaign> {
    return this.campaigns.move(id, 'close');
  }

  @Roles('organizer')
  @WritesCampaign('none')
  @Post(':id/clone')
  clone(@ValidParam('id') id: string, @ValidBody(ZCloneCampaignRequest) body: z.output<typeof ZCloneCampaignRequest>): Promise<TCampaign> {
    return this.campaigns.clone(id, body);
  }
}
