import { Injectable } from '@nestjs/common';
import { ZParticipationState, type TTownScope, type TTownUnitsResponse } from '@learnweek/contracts';
import { isCoordinatorOf } from '@learnweek/workflow';
import { hasRole, workflowActor, type UserPrincipal } from '../../core/auth/principal.js';
import { Clock } from '../../core/clock/clock.js';
import { forbidden } from '../../core/errors/api.exception.js';
import { toUnitRef } from '../../core/mappers/unit-ref.mapper.js';
import { CampaignService } from '../campaign/campaign.service.js';
import { TOWN_CENTRE_KIND, TownRepository } from './town.repository.js';

/**
 * Town supervision (docs/PRODUCT.md, "Town supervision"): the coordinators of a town's community
 * education centre read, never edit, the participations of their town's units: the list of the
 * town's units and each one's page. Every write stays with the unit's own coordinators.
 */
@Injectable()
export class TownService {
  constructor(
    private readonly repo: TownRepository,
    private readonly campaigns: CampaignService,
    private readonly clock: Clock,
  ) {}

  /** The town the caller supervises: their unit's, when it is an active community education centre and they coordinate it. */
  async scope(caller: UserPrincipal): Promise<TTownScope> {
    if (!caller.unitId || !hasRole(caller, 'coordinator')) return { town: null };
    const unit = await this.repo.unit(caller.unitId);
    return { town: unit?.kind === TOWN_CENTRE_KIND && unit.active ? unit.town : null };
  }

  /**
   * A unit's data for the organizer, approvers, the unit's own coordinators and (to read) the
   * coordinators of its town's community education centre; 403 for anyone else.
   */
  async assertCanRead(caller: UserPrincipal, unitId: string): Promise<void> {
    if (hasRole(caller, 'organizer', 'approver') || isCoordinatorOf(workflowActor(caller), unitId)) return;
    if (caller.unitId && hasRole(caller, 'coordinator') && (await this.repo.supervises(caller.unitId, unitId))) return;
    throw forbidden();
  }

  /** The caller's town's units in a campaign, late ones first (403 unless the caller supervises a town). */
  async units(campaignId: string, caller: UserPrincipal): Promise<TTownUnitsResponse> {
    const { town } = await this.scope(caller);
    if (!town) throw forbidden();
    const { timeline } = await this.campaigns.get(campaignId);
    const rows = await this.repo.townParticipations(campaignId, town.id);
    const items = rows.map((p) => ({
      participationId: p.id,
      unit: toUnitRef(p.unit),
      state: ZParticipationState.parse(p.state),
      planOverdue: p.planOverdueAt !== null,
      summaryOverdue: p.summaryOverdueAt !== null,
      latePlan: p.latePlan,
      lateSummary: p.lateSummary,
      planSubmittedAt: p.planSubmittedAt?.toISOString() ?? null,
      summarySubmittedAt: p.summarySubmittedAt?.toISOString() ?? null,
      contactPerson: p.unit.contactPerson,
      phone: p.unit.phone,
    }));
    // Late first (a stable sort keeps the units' order within each group).
    items.sort((a, b) => Number(b.planOverdue || b.summaryOverdue) - Number(a.planOverdue || a.summaryOverdue));
    return { town, dueAt: { plan: timeline.planDueAt, summary: timeline.summaryDueAt }, now: this.clock.now().toISOString(), items };
  }
}
