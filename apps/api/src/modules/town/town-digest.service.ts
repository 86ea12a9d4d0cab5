import { Inject, Injectable } from '@nestjs/common';
import type { TCampaign, TDeadline, TParticipationState } from '@learnweek/contracts';
import { participationStates } from '@learnweek/workflow';
import { chinaText } from '../../core/clock/china-time.js';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { publicLink } from '../../core/http/public-url.js';
import { AuditService } from '../audit/audit.service.js';
import { NotificationService } from '../notification/notification.service.js';
import { townDigestText, type TLateUnit } from './town-digest-text.js';
import { TownRepository } from './town.repository.js';

/** States in which a deliverable is still owed (the machine's tags). */
const OWING: Record<TDeadline, readonly TParticipationState[]> = {
  plan: participationStates('planPending'),
  summary: participationStates('summaryPending'),
};

/** Where a digest's reader finds the town's units: the console's 本镇（街道）单位 list. */
export const TOWN_UNITS_PATH = '/admin/town';

/**
 * Escalations as one digest per town per day (督办汇总): every unit of the town late with a
 * deliverable, with its contact person and phone, to the coordinators of the town's community
 * education centre, in the app and by e-mail. The digest's row (campaign, town, China day) is claimed
 * in the transaction that writes its notices, so two instances running the job, or a restart, send it once.
 */
@Injectable()
export class TownDigestService {
  private readonly link: string;

  constructor(
    private readonly repo: TownRepository,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
    @Inject(APP_OPTIONS) options: AppOptions,
  ) {
    this.link = publicLink(options.config, TOWN_UNITS_PATH);
  }

  /** Today's digests of a campaign's towns that have late units and none yet today; returns the notices created. */
  async send(c: TCampaign, now: Date): Promise<number> {
    const late = await this.repo.late(c.id, OWING);
    if (late.length === 0) return 0;
    const dueAt: Record<TDeadline, Date> = { plan: new Date(c.timeline.planDueAt), summary: new Date(c.timeline.summaryDueAt) };
    const towns = new Map<string, { name: string; units: TLateUnit[] }>();
    for (const p of late) {
      const state = p.state as TParticipationState;
      const owes = (['plan', 'summary'] as const)
        .filter((d) => (d === 'plan' ? p.planOverdueAt : p.summaryOverdueAt) !== null && OWING[d].includes(state))
        .map((d) => ({ deadline: d, dueAt: dueAt[d] }));
      const town = towns.get(p.unit.townId) ?? { name: p.unit.town.name, units: [] };
      town.units.push({ unit: p.unit.name, contactPerson: p.unit.contactPerson, phone: p.unit.phone, owes });
      towns.set(p.unit.townId, town);
    }
    const day = chinaText(now, 'day');
    let created = 0;
    for (const [townId, town] of towns) {
      const facts = { campaign: c.title, town: town.name, units: town.units, link: this.link, now };
      const sent = await this.notifications.notifyTownCentre(
        townId,
        {
          kind: 'townDigest',
          campaignId: c.id,
          dedupeKey: `townDigest:${c.id}:${townId}:${day}`,
          text: (locale, recipient) => townDigestText(facts, locale, recipient),
        },
        now,
        (tx) =>
          this.repo.claimDigest(tx, {
            campaignId: c.id,
            townId,
            day: new Date(`${day}T00:00:00Z`),
            units: town.units.length,
            createdAt: now,
          }),
      );
      // The system's entry (系统), once per town and day: the digest just claimed.
      if (sent > 0)
        await this.audit.record({
          kind: 'town.digestSent',
          campaignId: c.id,
          target: town.name,
          counts: { units: town.units.length, notified: sent },
        });
      created += sent;
    }
    return created;
  }
}
