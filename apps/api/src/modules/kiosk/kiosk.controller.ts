import { Controller, Get } from '@nestjs/common';
import type { TKioskWall } from '@learnweek/contracts';
import { AllowKiosk, CurrentPrincipal } from '../../core/auth/auth.decorators.js';
import type { Principal } from '../../core/auth/principal.js';
import { forbidden, notFound } from '../../core/errors/api.exception.js';
import { toCampaign } from '../campaign/campaign.mapper.js';
import { CampaignRepository } from '../campaign/campaign.repository.js';

/** What a ceremony screen needs to draw itself; the screen is known by its device token. */
@Controller('kiosk')
export class KioskController {
  constructor(private readonly campaigns: CampaignRepository) {}

  @AllowKiosk()
  @Get('wall')
  async wall(@CurrentPrincipal() principal: Principal | undefined): Promise<TKioskWall> {
    if (principal?.kind !== 'kiosk') throw forbidden();
    const c = await this.campaigns.find(principal.campaignId);
    if (!c) throw notFound();
    const campaign = toCampaign(c);
    return { campaignId: campaign.id, title: campaign.title, theme: campaign.theme, timeline: campaign.timeline };
  }
}
