import { Injectable } from '@nestjs/common';
import { ZActivityType, ZAudience, type TPublicActivities } from '@learnweek/contracts';
import { isFreeActivity } from '@learnweek/workflow';
import { notFound } from '../../core/errors/api.exception.js';
import { CampaignService } from '../campaign/campaign.service.js';
import { CalendarRepository } from './calendar.repository.js';

/** The week's public calendar: what residents can go to, from the approved schedules. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly repo: CalendarRepository,
    private readonly campaigns: CampaignService,
  ) {}

  async activities(campaignId: string, town: string | undefined, free: boolean): Promise<TPublicActivities> {
    const c = await this.campaigns.get(campaignId);
    // A draft campaign is not public yet.
    if (c.status === 'draft') throw notFound();
    const [towns, rows] = await Promise.all([this.repo.towns(), this.repo.activities(campaignId, town, free)]);
    return {
      campaign: { id: c.id, title: c.title, theme: c.theme, weekStartsAt: c.timeline.weekStartsAt, weekEndsAt: c.timeline.weekEndsAt },
      towns: towns.map((t) => t.name),
      // Contacts (person in charge, phone) stay with the bureau: residents get the unit and the place.
      items: rows.map((a) => {
        const type = ZActivityType.parse(a.type);
        return {
          id: a.id,
          title: a.title,
          type,
          unitName: a.participation.unit.name,
          town: a.participation.unit.town.name,
          place: a.place,
          startsAt: a.startsAt.toISOString(),
          endsAt: a.endsAt.toISOString(),
          audiences: a.audiences.map((x) => ZAudience.parse(x)),
          free: isFreeActivity({ type, free: a.free }),
          held: a.status === 'held',
        };
      }),
    };
  }
}
