import { Injectable } from '@nestjs/common';
import {
  API_MESSAGES,
  problemMessage,
  ZParticipationState,
  ZReviewSection,
  ZUnitKind,
  type TBulkEventRequest,
  type TBulkEventResponse,
  type TListParticipationsResponse,
  type TLocale,
  type TParticipationDetail,
  type TParticipationEventType,
  type TParticipationState,
  type TSendEventRequest,
  type TSendEventResponse,
  type ZListParticipationsQuery,
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
import { hasRole, workflowActor, type UserPrincipal } from '../../../core/auth/principal.js';
import { Clock } from '../../../core/clock/clock.js';
import { ApiException, campaignClosed, fieldError, forbidden, notFound, staleVersion } from '../../../core/errors/api.exception.js';
import { LiveEvents, type TLiveEvent, type TLiveEventSink } from '../../../core/live/live-events.js';
import { toCampaign } from '../../../core/mappers/campaign.mapper.js';
import { toPhoto } from '../../../core/mappers/photo.mapper.js';
import { toUnitRef } from '../../../core/mappers/unit-ref.mapper.js';
import { FileUrls } from '../../../core/storage/file-urls.js';
import { NotificationService } from '../../notification/notification.service.js';
import { TownService } from '../../town/town.service.js';
import {
  contentFacts,
  toActivity,
  toListItem,
  toPlan,
  toPlanRevision,
  toSummary,
  toSummaryRevision,
  toTransition,
} from '../participation.mapper.js';
import { ParticipationRepository, type TParticipationForEvent, type Tx } from './participation.repository.js';

/** What an edit under the lock is handed (ParticipationService.editContent): the participation and what its checks read. */
export type { TParticipationForEvent } from './participation.repository.js';

/**
 * What each event tells whom (the texts: notification/notice-text.ts): the unit's coordinators hear of
 * a review step, the approvers of a submission. Decided for every event, none by omission.
 */
const NOTICES = {
  START_DRAFT: null,
  SUBMIT_PLAN: { approvers: 'planSubmitted' },
  WITHDRAW_PLAN: null,
  APPROVE_PLAN: { unit: 'planApproved' },
  RETURN_PLAN: { unit: 'planReturned' },
  WEEK_STARTED: null,
  WEEK_ENDED: null,
  SUBMIT_SUMMARY: { approvers: 'summarySubmitted' },
  ACCEPT_SUMMARY: { unit: 'summaryAccepted' },
  RETURN_SUMMARY: { unit: 'summaryReturned' },
} as const satisfies Record<
  TParticipationEventType,
  | { approvers: 'planSubmitted' | 'summarySubmitted' }
  | { unit: 'planReturned' | 'planApproved' | 'summaryReturned' | 'summaryAccepted' }
  | null
>;

type TWho = { actor: TWorkflowActor; actorId: string | null; label: string };
type TParticipationDecision = TDecision<typeof participationMachine>;
type TApplied = Extract<TParticipationDecision, { kind: 'applied' }>;
type TReview = { comment?: string; sectionComments?: Partial<Record<string, string>> };

/** One applied step: the locked participation, its event, the machine's decision, who sent it, the reviewer's words, when. */
interface TStep {
  p: TParticipationForEvent;
  type: TParticipationEventType;
  d: TApplied;
  who: TWho;
  review: TReview;
  now: Date;
}

/** The participation row after a step: snapshot, state, late marks, and the dates a submission or approval stamps. */
function stateChanges({ type, d, now }: TStep): Omit<Prisma.ParticipationUpdateManyMutationInput, 'version'> {
  return {
    snapshot: d.persisted as Prisma.InputJsonValue,
    state: d.state,
    latePlan: d.snapshot.context.latePlan,
    lateSummary: d.snapshot.context.lateSummary,
    ...(type === 'SUBMIT_PLAN' ? { planSubmittedAt: now, planOverdueAt: null } : {}),
    ...(type === 'APPROVE_PLAN' ? { planApprovedAt: now } : {}),
    ...(type === 'SUBMIT_SUMMARY' ? { summarySubmittedAt: now, summaryOverdueAt: null } : {}),
    ...(type === 'ACCEPT_SUMMARY' ? { reviewedAt: now } : {}),
  };
}

/** The append-only Transition row of a step. */
function transitionRow({ p, type, d, who, review, now }: TStep, from: TParticipationState): Prisma.TransitionUncheckedCreateInput {
  return {
    participationId: p.id,
    event: type,
    fromState: from,
    toState: d.state,
    actorId: who.actorId,
    actorLabel: who.label,
    comment: review.comment?.trim() || null,
    sectionComments: review.sectionComments && Object.keys(review.sectionComments).length > 0 ? review.sectionComments : undefined,
    at: now,
  };
}

/** The live feed's event of a step, for the reviewers and the unit. */
function transitionedEvent({ p, type, d, now }: TStep, from: TParticipationState): TLiveEvent<'participation.transitioned'> {
  return {
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
  };
}

/**
 * The participation's workflow (docs/ARCHITECTURE.md, "The participation workflow"): the list and
 * the detail, every event (a person's, a bulk review's, the scheduler's) decided by the machine and
 * persisted in one transaction, and the lock and checks every edit of the other sub-slices runs under.
 */
@Injectable()
export class ParticipationService {
  constructor(
    private readonly repo: ParticipationRepository,
    private readonly notifications: NotificationService,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
    private readonly urls: FileUrls,
    private readonly towns: TownService,
  ) {}

  async list(
    campaignId: string,
    caller: UserPrincipal,
    query: z.output<typeof ZListParticipationsQuery>,
  ): Promise<TListParticipationsResponse> {
    const ownUnit = hasRole(caller, 'organizer', 'approver') ? undefined : (caller.unitId ?? undefined);
    const { total, items } = await this.repo.list(campaignId, query, ownUnit);
    // None: a campaign unknown (or another district's) is 404, not an empty page (looked up only then: the list stays one query).
    if (total === 0 && !(await this.repo.campaignExists(campaignId))) throw notFound();
    return { total, page: query.page, pageSize: query.pageSize, items: items.map(toListItem) };
  }

  async detail(id: string, caller: UserPrincipal, locale: TLocale): Promise<TParticipationDetail> {
    const p = await this.repo.findDetail(id);
    if (!p) throw notFound();
    // Its town's centre reads it too (no step is allowed to it: the machine's senders are the unit's own).
    await this.towns.assertCanRead(caller, p.unitId);
    const env = this.env(p);
    const snapshot = restoreSnapshot(participationMachine, p.snapshot);
    const facts = { env, content: contentFacts(p) };
    const actor = workflowActor(caller);
    return {
      ...toListItem(p),
      campaignId: p.campaignId,
      plan: toPlan(p.plan),
      planRevisions: p.planRevisions.map(toPlanRevision),
      activities: p.activities.map(toActivity),
      summary: toSummary(p.summary),
      summaryRevisions: p.summaryRevisions.map(toSummaryRevision),
      photos: p.photos.map((ph) => toPhoto(ph, this.urls)),
      history: p.transitions.map(toTransition),
      allowedEvents: allowedEvents(participationWorkflow, snapshot, actor, facts),
      now: env.now,
      problems: pendingProblems(snapshot, actor, facts).map((x) => ({ ...x, message: problemMessage(x, locale) })),
    };
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
        if (req.version !== p.version) throw staleVersion();
        const facts = { env: this.env(p), content: contentFacts(p) };
        const review = { comment: req.comment, sectionComments: req.sectionComments };
        const applied = this.expectApplied(
          decide(participationWorkflow, p.snapshot, buildEvent(req.type, who.actor, facts.env, facts.content, review), facts),
        );
        await this.persist(tx, events, p, req.type, applied, who, review);
        return {
          state: applied.state,
          version: p.version + 1,
          allowedEvents: allowedEvents(participationWorkflow, applied.snapshot, who.actor, facts),
        };
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

  private expectApplied(d: TParticipationDecision): TApplied {
    switch (d.kind) {
      case 'applied':
        return d;
      case 'forbidden':
        throw forbidden();
      case 'notAllowedNow':
        throw new ApiException(409, 'eventNotAllowed', { allowedEvents: d.allowedEvents });
      case 'guardFailed':
        // A return without its overall comment is a field left empty in the reviewer's dialog, not an unmet requirement of submitting.
        if (d.problems.length === 1 && d.problems[0]!.code === 'commentRequired')
          throw fieldError(422, 'comment', 'lw.returnCommentRequired');
        throw new ApiException(422, 'guardFailed', { problems: d.problems });
    }
  }

  /** Snapshot + state + version, audit row, outbox row, revisions and notices: one transaction. */
  private async persist(
    tx: Tx,
    events: TLiveEventSink,
    p: TParticipationForEvent,
    type: TParticipationEventType,
    d: TApplied,
    who: TWho,
    review: TReview,
  ): Promise<void> {
    const step: TStep = { p, type, d, who, review, now: this.clock.now() };
    await this.freezeRevision(tx, step);
    const saved = await this.repo.saveTransition(tx, p.id, p.version, stateChanges(step));
    if (!saved) throw staleVersion();
    const from = ZParticipationState.parse(p.state);
    await this.repo.appendTransition(tx, transitionRow(step, from));
    await events.append(tx, transitionedEvent(step, from));
    await this.noticeReview(tx, step);
  }

  /** A submission keeps the plan (with its schedule) or the summary (with its photos) as it was sent. */
  private async freezeRevision(tx: Tx, { p, type, who, now }: TStep): Promise<void> {
    if (type === 'SUBMIT_PLAN') await this.repo.freezePlan(tx, p, who.actorId, now);
    if (type === 'SUBMIT_SUMMARY') await this.repo.freezeSummary(tx, p, who.actorId, now);
  }

  /**
   * The unit's coordinators hear of a review step, with the reviewer's comments (overall and per
   * section); the approvers hear of a submission.
   */
  private async noticeReview(tx: Tx, { p, type, review, now }: TStep): Promise<void> {
    const notice: (typeof NOTICES)[TParticipationEventType] = NOTICES[type];
    if (!notice) return;
    if ('approvers' in notice) {
      await this.notifications.notifyApprovers(tx, { kind: notice.approvers, campaignId: p.campaignId, participationId: p.id }, now);
      return;
    }
    const sections = Object.fromEntries(
      Object.entries(review.sectionComments ?? {}).filter(([k, v]) => ZReviewSection.safeParse(k).success && v?.trim()),
    );
    await this.notifications.notifyUnit(
      tx,
      p.unitId,
      { kind: notice.unit, body: review.comment ?? '', sections, campaignId: p.campaignId, participationId: p.id },
      now,
    );
  }

  /** Runs `fn` under the participation's row lock, in one transaction (404 when there is no such participation). */
  underLock<T>(id: string, fn: (tx: Tx, p: TParticipationForEvent) => Promise<T>): Promise<T> {
    return this.repo.transaction(async (tx) => {
      const p = await this.repo.lock(tx, id);
      if (!p) throw notFound();
      return fn(tx, p);
    });
  }

  /** Runs a content edit under the participation's lock, for its own coordinators, in allowed states. */
  editContent<T>(
    id: string,
    caller: UserPrincipal,
    editable: readonly TParticipationTag[],
    fn: (tx: Tx, p: TParticipationForEvent) => Promise<T>,
  ): Promise<T> {
    return this.underLock(id, (tx, p) => {
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
