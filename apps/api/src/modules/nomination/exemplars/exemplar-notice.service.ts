import { Injectable } from '@nestjs/common';
import { ZNominationKind, type TExemplarNotice, type TPublicExemplars, type ZSetExemplarNoticeRequest } from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';
import type { z } from 'zod';
import { Clock } from '../../../core/clock/clock.js';
import { ApiException } from '../../../core/errors/api.exception.js';
import { CampaignService } from '../../campaign/campaign.service.js';
import { ExemplarNoticeRepository } from './exemplar-notice.repository.js';

/** How much of a story a notice shows (公示 lists short deeds, not the whole nomination). */
export const NOTICE_DEEDS_LENGTH = 120;

/** The short deeds of a notice: the story's first characters, on one paragraph. */
export function shortDeeds(story: string): string {
  const chars = [...story.replace(/\s+/g, ' ').trim()];
  return chars.length > NOTICE_DEEDS_LENGTH ? `${chars.slice(0, NOTICE_DEEDS_LENGTH).join('')}…` : chars.join('');
}

/**
 * The optional public notice (公示) before commendation (docs/PRODUCT.md §7): a period and a contact
 * for objections, set by the organizer. While it runs, the public exemplars page lists the proposed
 * exemplars (拟表彰: name, unit, kind, short deeds); they are published only after it ends.
 */
@Injectable()
export class ExemplarNoticeService {
  constructor(
    private readonly repo: ExemplarNoticeRepository,
    private readonly campaigns: CampaignService,
    private readonly clock: Clock,
  ) {}

  async get(campaignId: string): Promise<TExemplarNotice | null> {
    await this.campaigns.get(campaignId);
    const n = await this.repo.find(campaignId);
    return n && { startsAt: n.startsAt.toISOString(), endsAt: n.endsAt.toISOString(), contact: n.contact };
  }

  async set(campaignId: string, req: z.output<typeof ZSetExemplarNoticeRequest>): Promise<TExemplarNotice | null> {
    await this.campaigns.get(campaignId);
    await this.repo.save(campaignId, { startsAt: new Date(req.startsAt), endsAt: new Date(req.endsAt), contact: req.contact });
    return this.get(campaignId);
  }

  async clear(campaignId: string): Promise<void> {
    await this.campaigns.get(campaignId);
    await this.repo.remove(campaignId);
  }

  /** The notice as the public page shows it: only while it runs, by the server's clock. */
  async running(campaignId: string): Promise<TPublicExemplars['notice']> {
    const n = await this.repo.find(campaignId);
    const now = this.clock.now().getTime();
    if (!n || now < n.startsAt.getTime() || now >= n.endsAt.getTime()) return null;
    const items = await this.repo.proposed(campaignId);
    return {
      startsAt: n.startsAt.toISOString(),
      endsAt: n.endsAt.toISOString(),
      contact: n.contact,
      items: items.map((x) => ({
        id: x.id,
        kind: ZNominationKind.parse(x.kind),
        name: x.name,
        unitName: x.unit.name,
        town: x.unit.town.name,
        deeds: shortDeeds(x.story),
      })),
    };
  }

  /** Publishing waits for the notice's end (409 `noticeRunning` before it); without a notice it may go at once. */
  async assertPublishable(tx: Prisma.TransactionClient, campaignId: string): Promise<void> {
    const n = await this.repo.find(campaignId, tx);
    if (n && this.clock.now().getTime() < n.endsAt.getTime()) throw new ApiException(409, 'noticeRunning');
  }
}
