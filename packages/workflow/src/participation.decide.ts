import { createActor, type Snapshot, type SnapshotFrom } from 'xstate';
import { USER_PARTICIPATION_EVENTS, type TParticipationEventType, type TParticipationState, type TProblem } from '@learnweek/contracts';
import { eventsAcceptedIn, participationMachine, type TParticipationEvent } from './participation.machine.js';
import {
  commentProblems,
  isApprover,
  isCoordinatorOf,
  isScheduler,
  planProblems,
  summaryProblems,
  type TPlanFacts,
  type TSummaryFacts,
  type TWorkflowActor,
  type TWorkflowEnv,
} from './participation.rules.js';

export type TParticipationSnapshot = SnapshotFrom<typeof participationMachine>;
/** What is stored in Participation.snapshot. */
export type TPersistedParticipation = Snapshot<unknown>;

/** Who may send each event (docs/PRODUCT.md §3, column "who"). */
export const EVENT_ACTORS: Record<TParticipationEventType, 'coordinator' | 'approver' | 'scheduler'> = {
  START_DRAFT: 'coordinator',
  SUBMIT_PLAN: 'coordinator',
  WITHDRAW_PLAN: 'coordinator',
  APPROVE_PLAN: 'approver',
  RETURN_PLAN: 'approver',
  WEEK_STARTED: 'scheduler',
  WEEK_ENDED: 'scheduler',
  SUBMIT_SUMMARY: 'coordinator',
  ACCEPT_SUMMARY: 'approver',
  RETURN_SUMMARY: 'approver',
};

export function actorMaySend(actor: TWorkflowActor, type: TParticipationEventType, unitId: string): boolean {
  switch (EVENT_ACTORS[type]) {
    case 'coordinator':
      return isCoordinatorOf(actor, unitId);
    case 'approver':
      return isApprover(actor);
    case 'scheduler':
      return isScheduler(actor);
  }
}

/** A fresh persisted snapshot for a new participation. */
export function initialParticipation(unitId: string): TPersistedParticipation {
  const actor = createActor(participationMachine, { input: { unitId } });
  actor.start();
  const persisted = actor.getPersistedSnapshot();
  actor.stop();
  return persisted;
}

/** An actor resumed from storage (the input is only read when a machine starts fresh). */
function resume(persisted: unknown) {
  return createActor(participationMachine, { snapshot: persisted as TPersistedParticipation, input: { unitId: '' } });
}

export function restoreParticipation(persisted: unknown): TParticipationSnapshot {
  const actor = resume(persisted);
  actor.start();
  const snapshot = actor.getSnapshot();
  actor.stop();
  return snapshot;
}

export type TDecision =
  | { kind: 'applied'; state: TParticipationState; snapshot: TParticipationSnapshot; persisted: TPersistedParticipation }
  | { kind: 'forbidden' }
  | { kind: 'notAllowedNow'; allowedEvents: TParticipationEventType[] }
  | { kind: 'guardFailed'; problems: TProblem[] };

function problemsOf(event: TParticipationEvent): TProblem[] {
  switch (event.type) {
    case 'START_DRAFT':
      return event.env.campaign.status === 'published' ? [] : [{ code: 'campaignNotPublished' }];
    case 'SUBMIT_PLAN':
      return planProblems(event.plan, event.env);
    case 'SUBMIT_SUMMARY':
      return summaryProblems(event.summary, event.env);
    case 'RETURN_PLAN':
    case 'RETURN_SUMMARY':
      return commentProblems(event.comment);
    case 'WITHDRAW_PLAN':
    case 'APPROVE_PLAN':
    case 'WEEK_STARTED':
    case 'WEEK_ENDED':
    case 'ACCEPT_SUMMARY':
      return [];
  }
}

/**
 * Applies one event to a persisted participation, or says precisely why not:
 * wrong role or unit (403), not accepted in this state (409), a guard's reasons (422).
 */
export function decide(persisted: unknown, event: TParticipationEvent, content: TContentFacts): TDecision {
  const snapshot = restoreParticipation(persisted);
  const state = snapshot.value as TParticipationState;
  if (!actorMaySend(event.actor, event.type, snapshot.context.unitId)) return { kind: 'forbidden' };
  if (!eventsAcceptedIn(state).includes(event.type)) {
    return { kind: 'notAllowedNow', allowedEvents: allowedEvents(snapshot, event.actor, event.env, content) };
  }
  if (!snapshot.can(event)) {
    const problems = problemsOf(event);
    // No reason to give means the step is structurally impossible now (e.g. the week has not begun).
    if (problems.length === 0) return { kind: 'notAllowedNow', allowedEvents: allowedEvents(snapshot, event.actor, event.env, content) };
    return { kind: 'guardFailed', problems };
  }
  const actor = resume(persisted);
  actor.start();
  actor.send(event);
  const next = actor.getSnapshot();
  const nextPersisted = actor.getPersistedSnapshot();
  actor.stop();
  return { kind: 'applied', state: next.value as TParticipationState, snapshot: next, persisted: nextPersisted };
}

/** The content the guards look at, loaded by the caller from storage. */
export interface TContentFacts {
  plan: TPlanFacts;
  summary: TSummaryFacts;
}

/** Builds the event of a given type for this caller, with the content it needs. */
export function buildEvent(
  type: TParticipationEventType,
  actor: TWorkflowActor,
  env: TWorkflowEnv,
  content: TContentFacts,
  review: { comment?: string; sectionComments?: Partial<Record<'plan' | 'schedule' | 'summary' | 'photos', string>> } = {},
): TParticipationEvent {
  switch (type) {
    case 'SUBMIT_PLAN':
      return { type, actor, env, plan: content.plan };
    case 'SUBMIT_SUMMARY':
      return { type, actor, env, summary: content.summary };
    case 'APPROVE_PLAN':
    case 'RETURN_PLAN':
    case 'ACCEPT_SUMMARY':
    case 'RETURN_SUMMARY':
      return { type, actor, env, ...review };
    case 'START_DRAFT':
    case 'WITHDRAW_PLAN':
    case 'WEEK_STARTED':
    case 'WEEK_ENDED':
      return { type, actor, env };
  }
}

/**
 * The events this caller could send now with the content as it is. Returns and
 * rejections are offered when the rest holds: their comment is asked for at send time.
 */
export function allowedEvents(
  snapshot: TParticipationSnapshot,
  actor: TWorkflowActor,
  env: TWorkflowEnv,
  content: TContentFacts,
): TParticipationEventType[] {
  return USER_PARTICIPATION_EVENTS.filter((type) =>
    snapshot.can(buildEvent(type, actor, env, content, { comment: 'probe' })),
  );
}

/** The guard reasons standing between this caller and each submit the state accepts. */
export function pendingProblems(
  snapshot: TParticipationSnapshot,
  actor: TWorkflowActor,
  env: TWorkflowEnv,
  content: TContentFacts,
): TProblem[] {
  const state = snapshot.value as TParticipationState;
  const submits = eventsAcceptedIn(state).filter((t) => t === 'SUBMIT_PLAN' || t === 'SUBMIT_SUMMARY' || t === 'START_DRAFT');
  return submits.filter((t) => actorMaySend(actor, t, snapshot.context.unitId)).flatMap((t) => problemsOf(buildEvent(t, actor, env, content)));
}
