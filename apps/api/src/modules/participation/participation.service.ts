import { Injectable } from '@nestjs/common';
import {
  API_MESSAGES,
  problemMessage,
  ZParticipationState,
  ZUnitKind,
  type TActivity,
  type TBulkEventRequest,
  type TBulkEventResponse,
  type TListParticipationsResponse,
  type TLocale,
  type TParticipationDetail,
  type TParticipationEventType,
  type TPlan,
  type TSendEventRequest,
  type TSendEventResponse,
  type TSummary,
  type TUpdateActivityRequest,
  type TUpdatePlanRequest,
  type TUpdateSummaryRequest,
  ZCreateActivityRequest,
  ZListParticipationsQuery,
} from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';
import {
  allowedEvents,
  buildEvent,
  decide,
  isCoordinatorOf,
  isSender,
  PARTICIPATION_SENDERS,
  participationMachine,
  participationStates,
  participationWorkflow,
  pendingProblems,
  restoreSnapshot,
  type TDecision,
  type TParticipationTag,
  type TWorkflowActor,
  type TWorkflowEnv,
} from '@learnweek/workflow';
import type { z } from 'zod';
import { assertCanReadUnit, hasRole, workflowActor, type UserPrincipal } from '../../core/auth/principal.js';
import { Clock } from '../../core/clock/clock.js';
import { ApiException, fieldError, forbidden, notFound } from '../../core/errors/api.exception.js';
import { campaignClosed } from '../campaign/campaign-writable.guard.js';
import { LiveEvents, type TLiveEventSink } from '../../core/live/live-events.js';
import { FileUrls } from '../../core/storage/file-urls.js';
import { toCampaign } from '../campaign/campaign.mapper.js';
import { NotificationService } from '../notification/notification.service.js';
import { contentFacts, toActivity, toFrozenActivity, toListItem, toPhoto, toSummary, toTransition, toUnitRef } from './participation.mapper.js';
import { ParticipationRepository, type TParticipationForEvent, type Tx } from './participation.repository.js';
import { readSchedule, writeSchedule } from './schedule-xlsx.js';
import { sheetRefusal } from '../../core/xlsx/workbook.js';


/** Fields of a schedule row that only change while the plan is editable. */
const PLAN_FIELDS = ['title', 'type', 'form', 'startsAt', 'endsAt', 'place', 'audiences', 'expectedParticipants', 'personInCharge', 'phone', 'free', 'notes'] as const;

/** The review steps the unit's coordinators hear of (the texts: notification/notice-text.ts). */
const REVIEW_NOTICES: Partial<Record<TParticipationEventType, 'planReturned' | 'planApproved' | 'summaryReturned' | 'summaryAccepted'>> = {
  RETURN_PLAN: 'planReturned',
  APPROVE_PLAN: 'planApproved',
  RETURN_SUMMARY: 'summaryReturned',
  ACCEPT_SUMMARY: 'summaryAccepted',
};

type TWho = { actor: TWorkflowActor; actorId: string | null; label: string };
type TParticipationDecision = TDecision<typeof participationMachine>;

@Injectable()
export class ParticipationService {
  constructor(
    private readonly repo: ParticipationRepository,
    private readonly notifications: NotificationService,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
    private readonly urls: FileUrls,
  ) {}

  async list(campaignId: string, caller: UserPrincipal, query: z.output<typeof ZListParticipationsQuery>): Promise<TListParticipationsResponse> {
    const ownUnit = hasRole(caller, 'organizer', 'approver') ? undefined : (caller.unitId ?? undefined);
    const { total, items } = await this.repo.list(campaignId, query, ownUnit);
    return { total, page: query.page, pageSize: query.pageSize, items: items.map(toListItem) };
  }

  async detail(id: string, caller: UserPrincipal, locale: TLocale): Promise<TParticipationDetail> {
    const p = await this.repo.findDetail(id);
    if (!p) throw notFound();
    assertCanReadUnit(caller, p.unitId);
    const env = this.env(p);
    const snapshot = restoreSnapshot(participationMachine, p.snapshot);
    const facts = { env, content: contentFacts(p) };
    const actor = workflowActor(caller);
    return {
      ...toListItem(p),
      campaignId: p.campaignId,
      plan: {
        leadingBody: p.plan?.leadingBody ?? '',
        budgetNote: p.plan?.budgetNote ?? '',
        publicity: p.plan?.publicity ?? '',
        text: p.plan?.text ?? '',
        revision: p.plan?.revision ?? 1,
        updatedAt: p.plan?.updatedAt.toISOString() ?? null,
      },
      planRevisions: p.planRevisions.map((r) => ({
        id: r.id,
        revision: r.revision,
        leadingBody: r.leadingBody,
        budgetNote: r.budgetNote,
        publicity: r.publicity,
        text: r.text,
        activities: (r.activities as unknown[]).map(toFrozenActivity),
        submittedAt: r.submittedAt.toISOString(),
      })),
      activities: p.activities.map(toActivity),
      summary: toSummary(p.summary),
      summaryRevisions: p.summaryRevisions.map((r) => ({
        id: r.id,
        revision: r.revision,
        text: r.text,
        activitiesHeld: r.activitiesHeld,
        participants: r.participants,
        discDelivered: r.discDelivered,
        photoIds: r.photoIds,
        submittedAt: r.submittedAt.toISOString(),
      })),
      photos: p.photos.map((ph) => toPhoto(ph, this.urls)),
      history: p.transitions.map(toTransition),
      allowedEvents: allowedEvents(participationWorkflow, snapshot, actor, facts),
      now: env.now,
      problems: pendingProblems(snapshot, actor, facts).map((x) => ({ ...x, message: problemMessage(x, locale) })),
    };
  }

  updatePlan(id: string, caller: UserPrincipal, patch: TUpdatePlanRequest): Promise<TPlan> {
    return this.editContent(id, caller, ['planEditable'], async (tx) => {
      const plan = await this.repo.upsertPlan(tx, id, patch);
      return { ...plan, updatedAt: plan.updatedAt.toISOString() };
    });
  }

  createActivity(id: string, caller: UserPrincipal, input: z.output<typeof ZCreateActivityRequest>): Promise<TActivity> {
    return this.editContent(id, caller, ['planEditable'], async (tx) =>
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
    const editsPlan = PLAN_FIELDS.some((f) => patch[f] !== undefined);
    const editsRecord = patch.status !== undefined || patch.actualParticipants !== undefined || patch.report !== undefined;
    const editable: TParticipationTag[] = editsPlan ? ['planEditable'] : editsRecord ? ['heldMarkable'] : ['planEditable', 'heldMarkable'];
    return this.live.afterCommit((events) => this.editContent(id, caller, editable, async (tx, p) => {
      const current = await this.repo.findActivity(tx, id, activityId);
      if (!current) throw notFound();
      const startsAt = patch.startsAt ? new Date(patch.startsAt) : current.startsAt;
      const endsAt = patch.endsAt ? new Date(patch.endsAt) : current.endsAt;
      if (endsAt < startsAt) {
        throw fieldError(400, 'endsAt', 'lw.endsBeforeStart');
      }
      const becameHeld = patch.status === 'held' && current.status !== 'held';
      const now = this.clock.now();
      const data: Prisma.ActivityUpdateInput = {
        ...Object.fromEntries(PLAN_FIELDS.filter((f) => patch[f] !== undefined).map((f) => [f, patch[f]])),
        startsAt,
        endsAt,
        ...(patch.status !== undefined ? { status: patch.status, heldAt: patch.status === 'held' ? (current.heldAt ?? now) : null } : {}),
        ...(patch.actualParticipants !== undefined ? { actualParticipants: patch.actualParticipants } : {}),
        ...(patch.report !== undefined ? { report: patch.report } : {}),
      };
      const row = await this.repo.updateActivity(tx, activityId, data);
      if (becameHeld) {
        await events.append(tx, {
          type: 'activity.held',
          scope: { campaignId: p.campaignId, unitId: p.unitId },
          data: {
            activityId,
            participationId: id,
            unitName: p.unit.name,
            town: p.unit.town.name,
            title: row.title,
            type: toActivity(row).type,
            actualParticipants: row.actualParticipants ?? 0,
          },
          at: now,
        });
      }
      return toActivity(row);
    }));
  }

  deleteActivity(id: string, activityId: string, caller: UserPrincipal): Promise<void> {
    return this.editContent(id, caller, ['planEditable'], async (tx) => {
      if (!(await this.repo.findActivity(tx, id, activityId))) throw notFound();
      await this.repo.deleteActivity(tx, activityId);
    });
  }

  /** The schedule table as .xlsx (the blank template when `template`), for its coordinators and reviewers. */
  async exportSchedule(id: string, caller: UserPrincipal, template: boolean): Promise<{ filename: string; xlsx: Buffer }> {
    const p = await this.repo.findSchedule(id);
    if (!p) throw notFound();
    assertCanReadUnit(caller, p.unitId);
    const title = `${p.campaign.title} · ${p.unit.name} · 活动安排表`;
    const xlsx = await writeSchedule(title, template ? [] : p.activities.map(toActivity));
    return { filename: `${p.unit.name}-${template ? '活动安排表模板' : '活动安排表'}.xlsx`, xlsx };
  }

  /** Replaces the schedule from a filled-in table: every row or none, errors by row and column. */
  async importSchedule(id: string, caller: UserPrincipal, xlsx: Buffer, locale: TLocale): Promise<TActivity[]> {
    const { rows, errors } = await readSchedule(xlsx, locale);
    if (errors.length > 0) throw sheetRefusal(errors, locale);
    return this.editContent(id, caller, ['planEditable'], async (tx) =>
      (await this.repo.replaceActivities(tx, id, rows.map((r) => ({ ...r, startsAt: new Date(r.startsAt), endsAt: new Date(r.endsAt) })))).map(toActivity),
    );
  }

  updateSummary(id: string, caller: UserPrincipal, patch: TUpdateSummaryRequest): Promise<TSummary> {
    return this.editContent(id, caller, ['summaryEditable'], async (tx) => toSummary(await this.repo.upsertSummary(tx, id, patch)));
  }

  /** A person's workflow event (POST …/events). */
  async send(id: string, caller: UserPrincipal, req: TSendEventRequest): Promise<TSendEventResponse> {
    const who: TWho = { actor: workflowActor(caller), actorId: caller.id, label: caller.displayName };
    return this.live.afterCommit((events) =>
      this.repo.transaction(async (tx) => {
        const p = await this.repo.lock(tx, id);
        if (!p) throw notFound();
        // A wrong sender is refused before the campaign's state or the version say anything.
        if (!isSender(who.actor, PARTICIPATION_SENDERS[req.type], p.unitId)) throw forbidden();
        if (p.campaign.status === 'closed') throw campaignClosed();
        if (req.version !== p.version) throw new ApiException(409, 'staleVersion');
        const facts = { env: this.env(p), content: contentFacts(p) };
        const review = { comment: req.comment, sectionComments: req.sectionComments };
        const applied = this.expectApplied(decide(participationWorkflow, p.snapshot, buildEvent(req.type, who.actor, facts.env, facts.content, review), facts));
        await this.persist(tx, events, p, req.type, applied, who, review);
        return { state: applied.state, version: p.version + 1, allowedEvents: allowedEvents(participationWorkflow, applied.snapshot, who.actor, facts) };
      }),
    );
  }

  /**
   * One review step for many participations (bulk approve). Each is its own transaction with its
   * own version check, so a stale or not-ready one fails alone, with the reason in the caller's language.
   */
  async sendMany(campaignId: string, caller: UserPrincipal, req: TBulkEventRequest, locale: TLocale): Promise<TBulkEventResponse> {
    const items: TBulkEventResponse['items'] = [];
    for (const { id, version } of req.items) {
      try {
        const owner = await this.repo.findOwner(id);
        if (owner?.campaignId !== campaignId) throw notFound();
        const r = await this.send(id, caller, { type: req.type, version, ...(req.comment ? { comment: req.comment } : {}) });
        items.push({ id, ok: true, state: r.state, version: r.version });
      } catch (e) {
        if (!(e instanceof ApiException)) throw e;
        const reasons = (e.extras.problems ?? []).map((x) => problemMessage(x, locale));
        items.push({ id, ok: false, statusCode: e.getStatus(), message: [API_MESSAGES[e.code][locale], ...reasons].join('：') });
      }
    }
    const applied = items.filter((i) => i.ok).length;
    return { applied, failed: items.length - applied, items };
  }

  /** A timed event from the scheduler; false when it does not apply (already done, or not due). */
  async sendTimed(id: string, type: 'WEEK_STARTED' | 'WEEK_ENDED'): Promise<boolean> {
    const who: TWho = { actor: { kind: 'scheduler' }, actorId: null, label: 'scheduler' };
    return this.live.afterCommit((events) =>
      this.repo.transaction(async (tx) => {
        const p = await this.repo.lock(tx, id);
        if (!p || p.campaign.status === 'closed') return false;
        const facts = { env: this.env(p), content: contentFacts(p) };
        const d = decide(participationWorkflow, p.snapshot, buildEvent(type, who.actor, facts.env, facts.content), facts);
        if (d.kind !== 'applied') return false;
        await this.persist(tx, events, p, type, d, who, {});
        return true;
      }),
    );
  }

  private expectApplied(d: TParticipationDecision): Extract<TParticipationDecision, { kind: 'applied' }> {
    switch (d.kind) {
      case 'applied':
        return d;
      case 'forbidden':
        throw forbidden();
      case 'notAllowedNow':
        throw new ApiException(409, 'eventNotAllowed', { allowedEvents: d.allowedEvents });
      case 'guardFailed':
        throw new ApiException(422, 'guardFailed', { problems: d.problems });
    }
  }

  /** Snapshot + state + version, audit row, outbox row, revisions and notices: one transaction. */
  private async persist(
    tx: Tx,
    events: TLiveEventSink,
    p: TParticipationForEvent,
    type: TParticipationEventType,
    d: Extract<TParticipationDecision, { kind: 'applied' }>,
    who: TWho,
    review: { comment?: string; sectionComments?: Partial<Record<string, string>> },
  ): Promise<void> {
    const now = this.clock.now();
    if (type === 'SUBMIT_PLAN') await this.repo.freezePlan(tx, p, who.actorId, now);
    if (type === 'SUBMIT_SUMMARY') await this.repo.freezeSummary(tx, p, who.actorId, now);
    const stamps: Prisma.ParticipationUpdateManyMutationInput = {
      ...(type === 'SUBMIT_PLAN' ? { planSubmittedAt: now, planOverdueAt: null } : {}),
      ...(type === 'APPROVE_PLAN' ? { planApprovedAt: now } : {}),
      ...(type === 'SUBMIT_SUMMARY' ? { summarySubmittedAt: now, summaryOverdueAt: null } : {}),
      ...(type === 'ACCEPT_SUMMARY' ? { reviewedAt: now } : {}),
    };
    const saved = await this.repo.saveTransition(tx, p.id, p.version, {
      snapshot: d.persisted as Prisma.InputJsonValue,
      state: d.state,
      latePlan: d.snapshot.context.latePlan,
      lateSummary: d.snapshot.context.lateSummary,
      ...stamps,
    });
    if (!saved) throw new ApiException(409, 'staleVersion');
    const from = ZParticipationState.parse(p.state);
    await this.repo.appendTransition(tx, {
      participationId: p.id,
      event: type,
      fromState: from,
      toState: d.state,
      actorId: who.actorId,
      actorLabel: who.label,
      comment: review.comment?.trim() || null,
      sectionComments: review.sectionComments && Object.keys(review.sectionComments).length > 0 ? review.sectionComments : undefined,
      at: now,
    });
    await events.append(tx, {
      type: 'participation.transitioned',
      scope: { campaignId: p.campaignId, unitId: p.unitId },
      data: {
        participationId: p.id,
        unitId: p.unitId,
        unitName: p.unit.name,
        unitKind: ZUnitKind.parse(p.unit.kind),
        town: p.unit.town.name,
        event: type,
        from,
        to: d.state,
        version: p.version + 1,
      },
      at: now,
    });
    const notice = REVIEW_NOTICES[type];
    if (notice) {
      await this.notifications.notifyUnit(
        tx,
        p.unitId,
        { kind: notice, body: review.comment ?? '', campaignId: p.campaignId, participationId: p.id },
        now,
      );
    }
  }

  /** Runs a content edit under the participation's lock, for its own coordinators, in allowed states. */
  editContent<T>(
    id: string,
    caller: UserPrincipal,
    editable: readonly TParticipationTag[],
    fn: (tx: Tx, p: TParticipationForEvent) => Promise<T>,
  ): Promise<T> {
    return this.repo.transaction(async (tx) => {
      const p = await this.repo.lock(tx, id);
      if (!p) throw notFound();
      if (!isCoordinatorOf(workflowActor(caller), p.unitId)) throw forbidden();
      if (p.campaign.status === 'closed') throw campaignClosed();
      const state = ZParticipationState.parse(p.state);
      if (!editable.some((tag) => participationStates(tag).includes(state))) throw new ApiException(409, 'notEditable');
      return fn(tx, p);
    });
  }


  private env(p: TParticipationForEvent): TWorkflowEnv {
    const campaign = toCampaign(p.campaign);
    return {
      now: this.clock.now().toISOString(),
      campaign: { status: campaign.status, timeline: campaign.timeline, rules: campaign.rules },
      unit: { id: p.unitId, kind: toUnitRef(p.unit).kind },
    };
  }
}
