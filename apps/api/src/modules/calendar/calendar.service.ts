import { Injectable } from '@nestjs/common';
import { ZActivityType, ZAudience, type TPublicActivities } from '@learnweek/contracts';
import { isFreeActivity } from '@learnweek/workflow';
import { notFound } from '../../core/errors/api.exception.js';
import { CampaignService } from '../campaign/campaign.service.js';
import { CalendarRepository } from './calendar.repository.js';

const HOUR = 3_600_000;
/** The China calendar day (Asia/Shanghai, UTC+8 all year) of a moment, as YYYY-MM-DD. */
const chinaDay = (t: number) => new Date(t + 8 * HOUR).toISOString().slice(0, 10);

/**
 * The China days an activity runs on, first to last (an end at midnight does not open the next
 * day); at most 31, so a mistyped year-long row stays one month long in the list.
 */
export function chinaDays(startsAt: Date, endsAt: Date): string[] {
  const last = chinaDay(Math.max(startsAt.getTime(), endsAt.getTime() - 1));
  const days: string[] = [];
  for (let t = startsAt.getTime(); days.length < 31; t += 24 * HOUR) {
    const day = chinaDay(t);
    days.push(day);
    if (day >= last) break;
  }
  return days;
}

/**
 * The week's public calendar: what residents can go to, from the approved schedules (class-only
 * rows left out, cancelled ones shown as such), the launch ceremony, and whom to ask.
 */
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
      campaign: {
        id: c.id,
        title: c.title,
        theme: c.theme,
        weekStartsAt: c.timeline.weekStartsAt,
        weekEndsAt: c.timeline.weekEndsAt,
        enquiryContact: c.enquiryContact,
      },
      ceremony: { startsAt: c.timeline.launchAt, venue: c.timeline.launchVenue, day: chinaDay(Date.parse(c.timeline.launchAt)) },
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
          days: chinaDays(a.startsAt, a.endsAt),
          audiences: a.audiences.map((x) => ZAudience.parse(x)),
          free: isFreeActivity({ type, free: a.free }),
          held: a.status === 'held',
          cancelled: a.status === 'cancelled',
        };
      }),
    };
  }
}
