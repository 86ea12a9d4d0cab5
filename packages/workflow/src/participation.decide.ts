import type { SnapshotFrom } from 'xstate';
import { USER_PARTICIPATION_EVENTS, type TParticipationEventType, type TProblem } from '@learnweek/contracts';
import { PARTICIPATION_SENDERS, participationMachine, type TParticipationEvent } from './participation.machine.js';
import {
  commentProblems,
  planProblems,
  summaryProblems,
  type TPlanFacts,
  type TSummaryFacts,
  type TWorkflowActor,
  type TWorkflowEnv,
} from './participation.rules.js';
import { acceptedEvents, isSender, type TWorkflow } from './workflow.js';

export type TParticipationSnapshot = SnapshotFrom<typeof participationMachine>;

/** The content the guards look at, loaded by the caller from storage. */
export interface TContentFacts {
  plan: TPlanFacts;
  summary: TSummaryFacts;
}

/** What a participation's guards read besides the event's own fields: the moment and campaign, and the content. */
export interface TParticipationFacts {
  env: TWorkflowEnv;
  content: TContentFacts;
}

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

/** The participation workflow for the generic `decide` / `allowedEvents` (workflow.ts). */
export const participationWorkflow: TWorkflow<typeof participationMachine, TParticipationFacts> = {
  machine: participationMachine,
  senders: PARTICIPATION_SENDERS,
  offered: USER_PARTICIPATION_EVENTS,
  probe: (type, actor, { env, content }) => buildEvent(type, actor, env, content, { comment: 'probe' }),
  problems: problemsOf,
};

/** The guard reasons standing between this caller and each submit the state accepts. */
export function pendingProblems(
  snapshot: TParticipationSnapshot,
  actor: TWorkflowActor,
  { env, content }: TParticipationFacts,
): TProblem[] {
  const submits = acceptedEvents(participationMachine, snapshot).filter(
    (t) => t === 'SUBMIT_PLAN' || t === 'SUBMIT_SUMMARY' || t === 'START_DRAFT',
  );
  return submits
    .filter((t) => isSender(actor, PARTICIPATION_SENDERS[t], snapshot.context.unitId))
    .flatMap((t) => problemsOf(buildEvent(t, actor, env, content)));
}
