import { Injectable } from '@nestjs/common';
import { TIMELINE_DATE_KEYS, TIMELINE_PREVIEW_LIST_MAX, type TTimelinePreview, type TTimelinePreviewQuery } from '@learnweek/contracts';
import { insideWeek, participationStates } from '@learnweek/workflow';
import { Clock } from '../../core/clock/clock.js';
import { CampaignService } from './campaign.service.js';
import { TimelinePreviewRepository } from './timeline-preview.repository.js';

/**
 * What changing a campaign's dates would do, before it is saved (a dry run: nothing is written): the
 * dates moving, the activities inside the current week that the new one leaves out, and the units
 * still owing a deliverable whose new deadline has already passed while the current one has not (they
 * would be overdue at once).
 */
@Injectable()
export class TimelinePreviewService {
  constructor(
    private readonly campaigns: CampaignService,
    private readonly repo: TimelinePreviewRepository,
    private readonly clock: Clock,
  ) {}

  async preview(campaignId: string, q: TTimelinePreviewQuery): Promise<TTimelinePreview> {
    const { timeline: current } = await this.campaigns.get(campaignId);
    const next = { ...current, ...Object.fromEntries(TIMELINE_DATE_KEYS.map((k) => [k, new Date(q[k]).toISOString()])) };
    const changes = TIMELINE_DATE_KEYS.filter((k) => Date.parse(current[k]) !== Date.parse(next[k])).map((k) => ({
      key: k,
      from: current[k],
      to: next[k],
    }));

    const leaving = (await this.repo.activities(campaignId))
      .map((a) => ({
        unitId: a.participation.unitId,
        unit: a.participation.unit.name,
        title: a.title,
        startsAt: a.startsAt.toISOString(),
        endsAt: a.endsAt.toISOString(),
      }))
      .filter((a) => insideWeek(a, current) && !insideWeek(a, next));

    const now = this.clock.now().getTime();
    const overdue = new Set<string>();
    for (const deliverable of ['plan', 'summary'] as const) {
      const key = deliverable === 'plan' ? 'planDueAt' : 'summaryDueAt';
      // Newly overdue: past under the new dates, not under the current ones.
      if (Date.parse(next[key]) >= now || Date.parse(current[key]) < now) continue;
      const states = participationStates(deliverable === 'plan' ? 'planPending' : 'summaryPending');
      for (const p of await this.repo.owing(campaignId, states)) overdue.add(p.unitId);
    }
    return {
      changes,
      activitiesOutside: leaving.length,
      activities: leaving.slice(0, TIMELINE_PREVIEW_LIST_MAX).map(({ unit, title, startsAt }) => ({ unit, title, startsAt })),
      becomeOverdue: overdue.size,
      unitsAffected: new Set([...leaving.map((a) => a.unitId), ...overdue]).size,
    };
  }
}
