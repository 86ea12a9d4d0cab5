import { and, assign, setup, type StateValueFrom } from 'xstate';
import { ZParticipationState, type TParticipationEventType, type TParticipationState, type TReviewSection } from '@learnweek/contracts';
import {
  commentProblems,
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
import { isSender, statesAccepting, statesTagged, type TAssertSame, type TSender } from './workflow.js';

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

/** Who may send each event (docs/PRODUCT.md §3, column "who"): the machine's `bySender` guard and `decide`'s 403 both read it. */
export const PARTICIPATION_SENDERS: Record<TParticipationEventType, TSender> = {
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

/**
 * Groupings of states, as tags (`snapshot.hasTag`, `statesTagged`): the API's filters and checks,
 * the admin's forms and the board's counts derive from them.
 * - planPending / summaryPending: the unit still owes it (reminders, overdue marks)
 * - planEditable / summaryEditable: its form is open to the coordinators
 * - heldMarkable: what happened to each activity may be recorded; activityCancellable: an activity may be marked cancelled (from approval); discMarkable: the photo disc marked delivered
 * - planIn / summaryIn: handed in (awaiting review or past it); planApproved: approved, and everything after
 * - awaitingReview: a submission waits for an approver
 */
export type TParticipationTag =
  | 'planPending'
  | 'planEditable'
  | 'planIn'
  | 'planApproved'
  | 'summaryPending'
  | 'summaryEditable'
  | 'summaryIn'
  | 'heldMarkable'
  | 'activityCancellable'
  | 'discMarkable'
  | 'awaitingReview';

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
    tags: {} as TParticipationTag,
  },
  guards: {
    bySender: ({ context, event }) => isSender(event.actor, PARTICIPATION_SENDERS[event.type], context.unitId),
    campaignPublished: ({ event }) => event.env.campaign.status === 'published',
    planComplete: ({ event }) => event.type === 'SUBMIT_PLAN' && planProblems(event.plan, event.env).length === 0,
    summaryComplete: ({ event }) => event.type === 'SUBMIT_SUMMARY' && summaryProblems(event.summary, event.env).length === 0,
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
      tags: ['planPending'],
      on: { START_DRAFT: { guard: and(['bySender', 'campaignPublished']), target: 'drafting' } },
    },
    drafting: {
      tags: ['planPending', 'planEditable'],
      on: {
        SUBMIT_PLAN: { guard: and(['bySender', 'planComplete']), target: 'planSubmitted', actions: 'recordPlanSubmission' },
      },
    },
    planSubmitted: {
      tags: ['planIn', 'awaitingReview'],
      on: {
        WITHDRAW_PLAN: { guard: 'bySender', target: 'drafting' },
        // A plan approved after the week began goes straight on (docs/PRODUCT.md §3).
        APPROVE_PLAN: [
          { guard: and(['bySender', 'weekEnded']), target: 'summaryDue' },
          { guard: and(['bySender', 'weekStarted']), target: 'weekRunning' },
          { guard: 'bySender', target: 'planApproved' },
        ],
        RETURN_PLAN: { guard: and(['bySender', 'hasComment']), target: 'planReturned' },
      },
    },
    planReturned: {
      tags: ['planPending', 'planEditable'],
      on: {
        SUBMIT_PLAN: { guard: and(['bySender', 'planComplete']), target: 'planSubmitted', actions: 'recordPlanSubmission' },
      },
    },
    planApproved: {
      tags: ['planIn', 'planApproved', 'activityCancellable'],
      on: { WEEK_STARTED: { guard: and(['bySender', 'weekStarted']), target: 'weekRunning' } },
    },
    weekRunning: {
      tags: ['planIn', 'planApproved', 'summaryPending', 'summaryEditable', 'heldMarkable', 'activityCancellable', 'discMarkable'],
      on: { WEEK_ENDED: { guard: and(['bySender', 'weekEnded']), target: 'summaryDue' } },
    },
    summaryDue: {
      tags: ['planIn', 'planApproved', 'summaryPending', 'summaryEditable', 'heldMarkable', 'activityCancellable', 'discMarkable'],
      on: {
        SUBMIT_SUMMARY: { guard: and(['bySender', 'summaryComplete']), target: 'summarySubmitted', actions: 'recordSummarySubmission' },
      },
    },
    summarySubmitted: {
      tags: ['planIn', 'planApproved', 'summaryIn', 'discMarkable', 'awaitingReview'],
      on: {
        ACCEPT_SUMMARY: { guard: 'bySender', target: 'reviewed' },
        RETURN_SUMMARY: { guard: and(['bySender', 'hasComment']), target: 'summaryReturned' },
      },
    },
    summaryReturned: {
      tags: ['planIn', 'planApproved', 'summaryPending', 'summaryEditable', 'heldMarkable', 'activityCancellable', 'discMarkable'],
      on: {
        SUBMIT_SUMMARY: { guard: and(['bySender', 'summaryComplete']), target: 'summarySubmitted', actions: 'recordSummarySubmission' },
      },
    },
    reviewed: { type: 'final', tags: ['planIn', 'planApproved', 'summaryIn'] },
  },
});

/** The states of each tag, in the workflow's order (the SQL filters and the apps use these lists). */
export const participationStates = (tag: TParticipationTag): TParticipationState[] => statesTagged(participationMachine, tag);

// Compile-time check that the machine's states are exactly the contract's (PARTICIPATION_STATES):
// a state added on one side only does not compile.
const statesMatchContract: TAssertSame<StateValueFrom<typeof participationMachine>, TParticipationState> = true;
void statesMatchContract;

/** The states in which the machine takes an event (bulk review, the scheduler's timed events). */
export const participationStatesAccepting = (type: TParticipationEventType): TParticipationState[] =>
  statesAccepting(participationMachine, type);

/** The state a new participation starts in (the machine's `initial`). */
export const PARTICIPATION_INITIAL_STATE: TParticipationState = ZParticipationState.parse(participationMachine.config.initial);
