import { Injectable } from '@nestjs/common';
import { ZNominationState, type TNominationDetail, type TPanel, type TRankingResponse } from '@learnweek/contracts';
import { nominationStates } from '@learnweek/workflow';
import type { UserPrincipal } from '../../../core/auth/principal.js';
import { Clock } from '../../../core/clock/clock.js';
import { ApiException, fieldError, forbidden, notFound } from '../../../core/errors/api.exception.js';
import { toCampaign } from '../../../core/mappers/campaign.mapper.js';
import { CampaignService } from '../../campaign/campaign.service.js';
import { rankByKind } from '../selection-rules.js';
import { NominationService } from '../workflow/nomination.service.js';
import { PanelRepository } from './panel.repository.js';

/** The review panel: its members (approvers), their scores of shortlisted nominations, the organizer's ranking. */
@Injectable()
export class PanelService {
  constructor(
    private readonly repo: PanelRepository,
    private readonly nominations: NominationService,
    private readonly campaigns: CampaignService,
    private readonly clock: Clock,
  ) {}

  async panel(campaignId: string): Promise<TPanel> {
    const c = await this.campaigns.get(campaignId);
    const [members, candidates] = await Promise.all([this.repo.panel(campaignId), this.repo.approvers()]);
    return {
      criteria: c.rules.scoringCriteria,
      members: members.map((m) => ({ userId: m.userId, username: m.user.username, displayName: m.user.displayName })),
      candidates: candidates.map((u) => ({ userId: u.id, username: u.username, displayName: u.displayName })),
    };
  }

  /** Names the panel: approvers only. */
  async setPanel(campaignId: string, userIds: readonly string[]): Promise<TPanel> {
    await this.campaigns.get(campaignId);
    const ids = [...new Set(userIds)];
    if ((await this.repo.approvers(ids)).length !== ids.length) throw fieldError(400, 'userIds', 'lw.panelApproversOnly');
    await this.repo.setPanel(campaignId, ids);
    return this.panel(campaignId);
  }

  /** A panelist scores a shortlisted nomination on every criterion of the campaign (0–100 each). */
  async score(id: string, caller: UserPrincipal, scores: Record<string, number>): Promise<TNominationDetail> {
    const n = await this.nominations.row(id);
    if (!n) throw notFound();
    if (!(await this.nominations.isPanelist(n.campaignId, caller.id))) throw forbidden();
    if (!nominationStates('scorable').includes(ZNominationState.parse(n.state))) throw new ApiException(409, 'notEditable');
    const criteria = toCampaign(n.campaign).rules.scoringCriteria;
    const missing = criteria.filter((c) => scores[c] === undefined);
    const unknown = Object.keys(scores).filter((c) => !criteria.includes(c));
    if (missing.length || unknown.length)
      throw fieldError(400, `scores.${missing[0] ?? unknown[0]}`, missing.length ? 'lw.scoreMissing' : 'lw.scoreUnknown');
    await this.repo.transaction((tx) => this.repo.setScores(tx, id, caller.id, scores, this.clock.now()));
    return this.nominations.detail(id, caller, caller.locale);
  }

  /** The organizer's ranking of what the panel scores, each kind on its own: highest mean first, unscored last. */
  async ranking(campaignId: string): Promise<TRankingResponse> {
    const c = await this.campaigns.get(campaignId);
    const [rows, panel] = await Promise.all([this.nominations.rows(campaignId), this.repo.panel(campaignId)]);
    const scored = rows
      .filter((n) => nominationStates('ranked').includes(ZNominationState.parse(n.state)))
      .map((n) => this.nominations.toItem(n, c.rules.scoringCriteria, true));
    return { items: rankByKind(scored), panel: panel.length };
  }
}
