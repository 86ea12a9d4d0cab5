import { Injectable } from '@nestjs/common';
import {
  ACTIVITY_FIELDS,
  ZActivityRecordAction,
  ZActivityStatus,
  type TActivity,
  type TActivityRecordAction,
  type TActivityRecordsResponse,
  type TSavedPlan,
  type TSummary,
  type TUpdateActivityRequest,
  type TUpdatePlanRequest,
  type TUpdateSummaryRequest,
  type ZCreateActivityRequest,
} from '@learnweek/contracts';
import type { Activity, Prisma } from '@learnweek/db';
import type { TParticipationTag } from '@learnweek/workflow';
import type { z } from 'zod';
import type { UserPrincipal } from '../../../core/auth/principal.js';
import { Clock } from '../../../core/clock/clock.js';
import { fieldError, notFound, saveVersioned } from '../../../core/errors/api.exception.js';
import { LiveEvents, type TLiveEvent } from '../../../core/live/live-events.js';
import { toActivity, toPlan, toSummary } from '../participation.mapper.js';
import { TownService } from '../../town/town.service.js';
import { ParticipationService, type TParticipationForEvent } from '../workflow/participation.service.js';
import { ContentRepository } from './content.repository.js';

/** Fields of a schedule row that only change while the plan is editable: every field of the schedule table (contracts `ACTIVITY_FIELDS`). */
const PLAN_FIELDS = ACTIVITY_FIELDS;

/**
 * Which states take a schedule row's edit: plan fields while the plan is editable; the record of
 * what happened from the week's start until the summary is submitted (heldMarkable, so a correction
 * or withdrawal after submission is refused); a cancellation (or its reinstatement) alone also once
 * the plan is approved, before the week (activityCancellable).
 */
function editableFor(patch: TUpdateActivityRequest): TParticipationTag[] {
  const editsPlan = PLAN_FIELDS.some((f) => patch[f] !== undefined);
  const editsRecord =
    patch.status !== undefined || patch.actualParticipants !== undefined || patch.report !== undefined || patch.cancelReason !== undefined;
  const cancellationOnly =
    (patch.status === 'cancelled' || patch.status === 'planned') && patch.actualParticipants === undefined && patch.report === undefined;
  if (editsPlan) return ['planEditable'];
  if (cancellationOnly) return ['heldMarkable', 'activityCancellable'];
  return editsRecord ? ['heldMarkable'] : ['planEditable', 'heldMarkable'];
}

/** What happened at a row after an edit (docs/PRODUCT.md §3, "Held, cancelled, corrected"). */
type TRecord = Pick<Activity, 'status' | 'actualParticipants' | 'report' | 'cancelReason' | 'heldAt'>;

/**
 * The record after the patch: held only once the activity has started by the server's clock (400 on
 * `status`), with the moment it was first held kept; cancelled only with a reason (400 on
 * `cancelReason`); anything but held clears the figures, anything but cancelled the reason.
 */
function nextRecord(patch: TUpdateActivityRequest, current: Activity, now: Date): TRecord {
  const status = patch.status ?? ZActivityStatus.parse(current.status);
  if (status === 'held' && now < current.startsAt) throw fieldError(400, 'status', 'lw.heldBeforeStart');
  const cancelReason = status === 'cancelled' ? (patch.cancelReason ?? current.cancelReason ?? '').trim() : null;
  if (cancelReason === '') throw fieldError(400, 'cancelReason', 'lw.cancelNeedsReason');
  const held = status === 'held';
  return {
    status,
    actualParticipants: held ? (patch.actualParticipants ?? current.actualParticipants ?? 0) : null,
    report: held ? (patch.report ?? current.report) : null,
    cancelReason,
    heldAt: held ? (current.heldAt ?? now) : null,
  };
}

/** The history entry's name for a change of the record, or null when nothing of it changed. */
function recordAction(before: Activity, after: TRecord): TActivityRecordAction | null {
  if (after.status === 'cancelled' && before.status !== 'cancelled') return 'cancelled';
  if (after.status === 'held' && before.status !== 'held') return 'held';
  if (before.status === 'held' && after.status !== 'held') return 'withdrawn';
  if (before.status === 'cancelled' && after.status !== 'cancelled') return 'reinstated';
  const same =
    before.actualParticipants === after.actualParticipants && before.report === after.report && before.cancelReason === after.cancelReason;
  return same || after.status === 'planned' ? null : 'corrected';
}

/** A schedule row's changes (400 when it would end before it starts). */
function activityChanges(patch: TUpdateActivityRequest, current: Activity, record: TRecord): Prisma.ActivityUpdateManyMutationInput {
  const startsAt = patch.startsAt ? new Date(patch.startsAt) : current.startsAt;
  const endsAt = patch.endsAt ? new Date(patch.endsAt) : current.endsAt;
  if (endsAt < startsAt) {
    throw fieldError(400, 'endsAt', 'lw.endsBeforeStart');
  }
  return {
    ...Object.fromEntries(PLAN_FIELDS.filter((f) => patch[f] !== undefined).map((f) => [f, patch[f]])),
    startsAt,
    endsAt,
    ...record,
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
    private readonly towns: TownService,
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
   * Edits a schedule row. While the plan is editable every field may change; from the week's start
   * until the summary is submitted only the record of what happened (held, corrected, withdrawn,
   * cancelled), each change kept in the row's history.
   */
  async updateActivity(id: string, activityId: string, caller: UserPrincipal, patch: TUpdateActivityRequest): Promise<TActivity> {
    return this.live.afterCommit((events) =>
      this.participations.editContent(id, caller, editableFor(patch), async (tx, p) => {
        const current = await this.repo.findActivity(tx, id, activityId);
        if (!current) throw notFound();
        const now = this.clock.now();
        const record = nextRecord(patch, current, now);
        const row = await saveVersioned(
          () => this.repo.updateActivity(tx, activityId, patch.version, activityChanges(patch, current, record)),
          () => this.repo.findActivity(tx, id, activityId),
          toActivity,
        );
        const action = recordAction(current, record);
        if (action) {
          const { status, actualParticipants, report, cancelReason } = record;
          await this.repo.addActivityRecord(tx, {
            activityId,
            action,
            status,
            actualParticipants,
            report,
            cancelReason,
            actorId: caller.id,
            actorLabel: caller.displayName,
            at: now,
          });
        }
        if (action === 'held') await events.append(tx, heldEvent(p, row, now));
        return row;
      }),
    );
  }

  /** A row's record history, for whoever may read its unit. */
  async activityRecords(id: string, activityId: string, caller: UserPrincipal): Promise<TActivityRecordsResponse> {
    const found = await this.repo.activityRecords(id, activityId);
    if (!found) throw notFound();
    // Whoever reads the unit's page: its coordinators, reviewers, and its town's centre.
    await this.towns.assertCanRead(caller, found.participation.unitId);
    return {
      items: found.records.map((r) => ({
        id: r.id.toString(),
        action: ZActivityRecordAction.parse(r.action),
        status: ZActivityStatus.parse(r.status),
        actualParticipants: r.actualParticipants,
        report: r.report,
        cancelReason: r.cancelReason,
        actorLabel: r.actorLabel,
        at: r.at.toISOString(),
      })),
    };
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
