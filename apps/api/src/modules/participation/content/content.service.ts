import { Injectable } from '@nestjs/common';
import type { TActivity, TSavedPlan, TSummary, TUpdateActivityRequest, TUpdatePlanRequest, TUpdateSummaryRequest, ZCreateActivityRequest } from '@learnweek/contracts';
import type { Activity, Prisma } from '@learnweek/db';
import type { TParticipationTag } from '@learnweek/workflow';
import type { z } from 'zod';
import type { UserPrincipal } from '../../../core/auth/principal.js';
import { Clock } from '../../../core/clock/clock.js';
import { fieldError, notFound, saveVersioned } from '../../../core/errors/api.exception.js';
import { LiveEvents, type TLiveEvent } from '../../../core/live/live-events.js';
import { toActivity, toPlan, toSummary } from '../participation.mapper.js';
import { ParticipationService, type TParticipationForEvent } from '../workflow/participation.service.js';
import { ContentRepository } from './content.repository.js';

/** Fields of a schedule row that only change while the plan is editable. */
const PLAN_FIELDS = ['title', 'type', 'form', 'startsAt', 'endsAt', 'place', 'audiences', 'expectedParticipants', 'personInCharge', 'phone', 'free', 'notes'] as const;

/** Which states take a schedule row's edit: plan fields while the plan is editable, the record of what happened once activities can be marked held. */
function editableFor(patch: TUpdateActivityRequest): TParticipationTag[] {
  const editsPlan = PLAN_FIELDS.some((f) => patch[f] !== undefined);
  const editsRecord = patch.status !== undefined || patch.actualParticipants !== undefined || patch.report !== undefined;
  return editsPlan ? ['planEditable'] : editsRecord ? ['heldMarkable'] : ['planEditable', 'heldMarkable'];
}

/** A schedule row's changes (400 when it would end before it starts); the moment it was first held is kept. */
function activityChanges(patch: TUpdateActivityRequest, current: Activity, now: Date): Prisma.ActivityUpdateManyMutationInput {
  const startsAt = patch.startsAt ? new Date(patch.startsAt) : current.startsAt;
  const endsAt = patch.endsAt ? new Date(patch.endsAt) : current.endsAt;
  if (endsAt < startsAt) {
    throw fieldError(400, 'endsAt', 'lw.endsBeforeStart');
  }
  return {
    ...Object.fromEntries(PLAN_FIELDS.filter((f) => patch[f] !== undefined).map((f) => [f, patch[f]])),
    startsAt,
    endsAt,
    ...(patch.status !== undefined ? { status: patch.status, heldAt: patch.status === 'held' ? (current.heldAt ?? now) : null } : {}),
    ...(patch.actualParticipants !== undefined ? { actualParticipants: patch.actualParticipants } : {}),
    ...(patch.report !== undefined ? { report: patch.report } : {}),
  };
}

/** The wall's event of an activity just marked held. */
function heldEvent(p: TParticipationForEvent, row: TActivity, now: Date): TLiveEvent<'activity.held'> {
  return {
    type: 'activity.held',
    scope: { campaignId: p.campaignId, unitId: p.unitId },
    data: {
      activityId: row.id,
      participationId: p.id,
      unitName: p.unit.name,
      town: p.unit.town.name,
      title: row.title,
      type: row.type,
      actualParticipants: row.actualParticipants ?? 0,
    },
    at: now,
  };
}

/**
 * What a unit's coordinators write: the plan, the schedule's rows one at a time (and, during the
 * week, what happened at each), the summary. Every edit runs under the participation's lock, for
 * its own coordinators, in the states that take it (ParticipationService.editContent).
 */
@Injectable()
export class ContentService {
  constructor(
    private readonly participations: ParticipationService,
    private readonly repo: ContentRepository,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
  ) {}

  /** The plan's fields, from the version given (409 with the plan as it is now when it moved). */
  updatePlan(id: string, caller: UserPrincipal, { version, ...patch }: TUpdatePlanRequest): Promise<TSavedPlan> {
    return this.participations.editContent(id, caller, ['planEditable'], (tx) =>
      saveVersioned(
        () => this.repo.updatePlan(tx, id, version, patch),
        () => this.repo.findPlan(tx, id),
        (plan) => ({ ...toPlan(plan), participationId: id }),
      ),
    );
  }

  createActivity(id: string, caller: UserPrincipal, input: z.output<typeof ZCreateActivityRequest>): Promise<TActivity> {
    return this.participations.editContent(id, caller, ['planEditable'], async (tx) =>
      toActivity(
        await this.repo.createActivity(tx, {
          ...input,
          participationId: id,
          startsAt: new Date(input.startsAt),
          endsAt: new Date(input.endsAt),
        }),
      ),
    );
  }

  /**
   * Edits a schedule row. While the plan is editable every field may change; during and
   * after the week only the record of what happened (held/cancelled, participants, report).
   */
  async updateActivity(id: string, activityId: string, caller: UserPrincipal, patch: TUpdateActivityRequest): Promise<TActivity> {
    return this.live.afterCommit((events) => this.participations.editContent(id, caller, editableFor(patch), async (tx, p) => {
      const current = await this.repo.findActivity(tx, id, activityId);
      if (!current) throw notFound();
      const now = this.clock.now();
      const row = await saveVersioned(
        () => this.repo.updateActivity(tx, activityId, patch.version, activityChanges(patch, current, now)),
        () => this.repo.findActivity(tx, id, activityId),
        toActivity,
      );
      if (patch.status === 'held' && current.status !== 'held') await events.append(tx, heldEvent(p, row, now));
      return row;
    }));
  }

  deleteActivity(id: string, activityId: string, caller: UserPrincipal): Promise<void> {
    return this.participations.editContent(id, caller, ['planEditable'], async (tx) => {
      if (!(await this.repo.findActivity(tx, id, activityId))) throw notFound();
      await this.repo.deleteActivity(tx, activityId);
    });
  }

  /** The summary's text and figures, from the version given (409 with the summary as it is now when it moved). */
  updateSummary(id: string, caller: UserPrincipal, { version, ...patch }: TUpdateSummaryRequest): Promise<TSummary> {
    return this.participations.editContent(id, caller, ['summaryEditable'], (tx) =>
      saveVersioned(
        () => this.repo.updateSummary(tx, id, version, patch),
        () => this.repo.findSummary(tx, id),
        toSummary,
      ),
    );
  }
}
