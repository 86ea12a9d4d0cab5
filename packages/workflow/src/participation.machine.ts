import { and, assign, setup } from 'xstate';
import type { TParticipationEventType, TParticipationState, TReviewSection } from '@learnweek/contracts';
import {
  commentProblems,
  isApprover,
  isCoordinatorOf,
  isScheduler,
  planIsLate,
  planProblems,
  summaryIsLate,
  summaryProblems,
  weekHasEnded,
  weekHasStarted,
  type TPlanFacts,
  type TSummaryFacts,
  type TWorkflowActor,
  type TWorkflowEnv,
} from './participation.rules.js';

/** Bump when a change to the machine needs stored snapshots to be migrated. */
export const PARTICIPATION_MACHINE_VERSION = 1;

interface TBase {
  actor: TWorkflowActor;
  env: TWorkflowEnv;
}
type TReview = TBase & { comment?: string; sectionComments?: Partial<Record<TReviewSection, string>> };

export type TParticipationEvent =
  | (TBase & { type: 'START_DRAFT' })
  | (TBase & { type: 'SUBMIT_PLAN'; plan: TPlanFacts })
  | (TBase & { type: 'WITHDRAW_PLAN' })
  | (TReview & { type: 'APPROVE_PLAN' })
  | (TReview & { type: 'RETURN_PLAN' })
  | (TBase & { type: 'WEEK_STARTED' })
  | (TBase & { type: 'WEEK_ENDED' })
  | (TBase & { type: 'SUBMIT_SUMMARY'; summary: TSummaryFacts })
  | (TReview & { type: 'ACCEPT_SUMMARY' })
  | (TReview & { type: 'RETURN_SUMMARY' });

// Compile-time check that the machine's events are exactly the contract's.
type TAssertSame<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const eventsMatchContract: TAssertSame<TParticipationEvent['type'], TParticipationEventType> = true;
void eventsMatchContract;

export interface TParticipationContext {
  unitId: string;
  latePlan: boolean;
  lateSummary: boolean;
  /** Submissions so far; the revision number of the next one is this + 1. */
  planSubmissions: number;
  summarySubmissions: number;
}

export interface TParticipationInput {
  unitId: string;
}

const coordinator = ({ context, event }: { context: TParticipationContext; event: TParticipationEvent }) =>
  isCoordinatorOf(event.actor, context.unitId);

/**
 * The participation workflow (docs/PRODUCT.md §3). Pure: every guard reads only the event (actor,
 * env with `now`, content facts) and the context. Roles are part of the guards, so
 * `snapshot.can(event)` answers "may this caller do this now".
 */
export const participationMachine = setup({
  types: {
    context: {} as TParticipationContext,
    events: {} as TParticipationEvent,
    input: {} as TParticipationInput,
  },
  guards: {
    isCoordinator: coordinator,
    isApprover: ({ event }) => isApprover(event.actor),
    isScheduler: ({ event }) => isScheduler(event.actor),
    campaignPublished: ({ event }) => event.env.campaign.status === 'published',
    planComplete: ({ event }) => event.type === 'SUBMIT_PLAN' && planProblems(event.plan, event.env).length === 0,
    summaryComplete: ({ event }) =>
      event.type === 'SUBMIT_SUMMARY' && summaryProblems(event.summary, event.env).length === 0,
    hasComment: ({ event }) => 'comment' in event && commentProblems(event.comment).length === 0,
    weekStarted: ({ event }) => weekHasStarted(event.env),
    weekEnded: ({ event }) => weekHasEnded(event.env),
  },
  actions: {
    recordPlanSubmission: assign({
      planSubmissions: ({ context }) => context.planSubmissions + 1,
      latePlan: ({ context, event }) => context.latePlan || planIsLate(event.env),
    }),
    recordSummarySubmission: assign({
      summarySubmissions: ({ context }) => context.summarySubmissions + 1,
      lateSummary: ({ context, event }) => context.lateSummary || summaryIsLate(event.env),
    }),
  },
}).createMachine({
  id: 'participation',
  initial: 'invited',
  context: ({ input }) => ({
    unitId: input.unitId,
    latePlan: false,
    lateSummary: false,
    planSubmissions: 0,
    summarySubmissions: 0,
  }),
  states: {
    invited: {
      on: { START_DRAFT: { guard: and(['isCoordinator', 'campaignPublished']), target: 'drafting' } },
    },
    drafting: {
      on: {
        SUBMIT_PLAN: { guard: and(['isCoordinator', 'planComplete']), target: 'planSubmitted', actions: 'recordPlanSubmission' },
      },
    },
    planSubmitted: {
      on: {
        WITHDRAW_PLAN: { guard: 'isCoordinator', target: 'drafting' },
        // A plan approved after the week began goes straight on (docs/PRODUCT.md §3).
        APPROVE_PLAN: [
          { guard: and(['isApprover', 'weekEnded']), target: 'summaryDue' },
          { guard: and(['isApprover', 'weekStarted']), target: 'weekRunning' },
          { guard: 'isApprover', target: 'planApproved' },
        ],
        RETURN_PLAN: { guard: and(['isApprover', 'hasComment']), target: 'planReturned' },
      },
    },
    planReturned: {
      on: {
        SUBMIT_PLAN: { guard: and(['isCoordinator', 'planComplete']), target: 'planSubmitted', actions: 'recordPlanSubmission' },
      },
    },
    planApproved: {
      on: { WEEK_STARTED: { guard: and(['isScheduler', 'weekStarted']), target: 'weekRunning' } },
    },
    weekRunning: {
      on: { WEEK_ENDED: { guard: and(['isScheduler', 'weekEnded']), target: 'summaryDue' } },
    },
    summaryDue: {
      on: {
        SUBMIT_SUMMARY: {
          guard: and(['isCoordinator', 'summaryComplete']),
          target: 'summarySubmitted',
          actions: 'recordSummarySubmission',
        },
      },
    },
    summarySubmitted: {
      on: {
        ACCEPT_SUMMARY: { guard: 'isApprover', target: 'reviewed' },
        RETURN_SUMMARY: { guard: and(['isApprover', 'hasComment']), target: 'summaryReturned' },
      },
    },
    summaryReturned: {
      on: {
        SUBMIT_SUMMARY: {
          guard: and(['isCoordinator', 'summaryComplete']),
          target: 'summarySubmitted',
          actions: 'recordSummarySubmission',
        },
      },
    },
    reviewed: { type: 'final' },
  },
});

/** The events a state accepts from someone (regardless of guards). */
export function eventsAcceptedIn(state: TParticipationState): TParticipationEventType[] {
  const node = participationMachine.states[state];
  return node ? (node.ownEvents as TParticipationEventType[]) : [];
}
