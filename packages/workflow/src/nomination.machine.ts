import { and, assign, setup, type StateValueFrom } from 'xstate';
import {
  NOMINATION_EVENTS,
  type TNominationEventType,
  type TNominationKind,
  type TNominationState,
  type TProblem,
  ZNominationState,
} from '@learnweek/contracts';
import { commentProblems, type TWorkflowActor } from './participation.rules.js';
import { isSender, statesTagged, type TAssertSame, type TSender, type TWorkflow } from './workflow.js';

/** Bump when a change to the machine needs stored snapshots to be migrated. */
export const NOMINATION_MACHINE_VERSION = 1;

/** What the submit guard looks at, loaded by the caller: the content, and the unit's quota. */
export interface TNominationFacts {
  kind: TNominationKind;
  name: string;
  story: string;
  photos: number;
  /** The most the unit may have submitted of this kind (null: no limit), and how many it has now, this one excluded. */
  quota: { max: number | null; used: number };
}

export type TNominationEvent =
  | { type: 'SUBMIT'; actor: TWorkflowActor; facts: TNominationFacts }
  | { type: 'WITHDRAW'; actor: TWorkflowActor }
  | { type: 'RETURN'; actor: TWorkflowActor; comment?: string }
  | { type: 'SHORTLIST'; actor: TWorkflowActor }
  | { type: 'DECLINE'; actor: TWorkflowActor; comment?: string }
  | { type: 'SELECT'; actor: TWorkflowActor }
  | { type: 'PUBLISH'; actor: TWorkflowActor };

const eventsMatchContract: TAssertSame<TNominationEvent['type'], TNominationEventType> = true;
void eventsMatchContract;

export interface TNominationContext {
  unitId: string;
  submissions: number;
}

/** Who may send each event: the machine's `bySender` guard and `decide`'s 403 both read it. */
export const NOMINATION_SENDERS: Record<TNominationEventType, TSender> = {
  SUBMIT: 'coordinator',
  WITHDRAW: 'coordinator',
  RETURN: 'reviewer',
  SHORTLIST: 'organizer',
  DECLINE: 'organizer',
  SELECT: 'organizer',
  PUBLISH: 'organizer',
};

/**
 * Groupings of states: `editable` (content and photos may change), `countsToQuota` (uses up a place of
 * the unit's quota), `scorable` (the panel scores it), `ranked` (in the organizer's ranking),
 * `recommended` (on the city-level recommendation forms), `proposed` (listed by the public notice, 公示,
 * as proposed for commendation), `public` (on the public exemplars page).
 */
export type TNominationTag = 'editable' | 'countsToQuota' | 'scorable' | 'ranked' | 'recommended' | 'proposed' | 'public';

/** Why a nomination cannot be submitted as it is. */
export function nominationProblems(f: TNominationFacts): TProblem[] {
  const missing = [
    ...(f.name.trim() ? [] : ['name' as const]),
    ...(f.story.trim() ? [] : ['story' as const]),
    ...(f.photos > 0 ? [] : ['photos' as const]),
  ];
  return [
    ...(missing.length ? [{ code: 'nominationIncomplete' as const, missing }] : []),
    ...(f.quota.max !== null && f.quota.used >= f.quota.max ? [{ code: 'quotaExceeded' as const, kind: f.kind, max: f.quota.max }] : []),
  ];
}

/**
 * An exemplar nomination (百姓学习之星 / 终身学习品牌项目): the unit's coordinator drafts and
 * submits within the quota; the organizer (or an approver) returns it for changes; the
 * organizer shortlists or declines, the panel scores the shortlist, the organizer selects
 * and publishes. Pure like the participation machine: guards read the event and context.
 */
export const nominationMachine = setup({
  types: { context: {} as TNominationContext, events: {} as TNominationEvent, input: {} as { unitId: string }, tags: {} as TNominationTag },
  guards: {
    bySender: ({ context, event }) => isSender(event.actor, NOMINATION_SENDERS[event.type], context.unitId),
    complete: ({ event }) => event.type === 'SUBMIT' && nominationProblems(event.facts).length === 0,
    hasComment: ({ event }) => 'comment' in event && commentProblems(event.comment).length === 0,
  },
  actions: {
    countSubmission: assign({ submissions: ({ context }) => context.submissions + 1 }),
  },
}).createMachine({
  id: 'nomination',
  initial: 'draft',
  context: ({ input }) => ({ unitId: input.unitId, submissions: 0 }),
  states: {
    draft: {
      tags: ['editable'],
      on: { SUBMIT: { guard: and(['bySender', 'complete']), target: 'submitted', actions: 'countSubmission' } },
    },
    submitted: {
      tags: ['countsToQuota'],
      on: {
        WITHDRAW: { guard: 'bySender', target: 'draft' },
        RETURN: { guard: and(['bySender', 'hasComment']), target: 'returned' },
        SHORTLIST: { guard: 'bySender', target: 'shortlisted' },
        DECLINE: { guard: 'bySender', target: 'declined' },
      },
    },
    returned: {
      tags: ['editable'],
      on: { SUBMIT: { guard: and(['bySender', 'complete']), target: 'submitted', actions: 'countSubmission' } },
    },
    shortlisted: {
      tags: ['countsToQuota', 'scorable', 'ranked'],
      on: {
        SELECT: { guard: 'bySender', target: 'selected' },
        DECLINE: { guard: 'bySender', target: 'declined' },
      },
    },
    declined: { type: 'final' },
    selected: {
      tags: ['countsToQuota', 'ranked', 'recommended', 'proposed'],
      on: {
        PUBLISH: { guard: 'bySender', target: 'published' },
        // The panel's choice can still be undone before publication.
        DECLINE: { guard: 'bySender', target: 'declined' },
      },
    },
    published: { type: 'final', tags: ['countsToQuota', 'ranked', 'recommended', 'public'] },
  },
});

/** The states of each tag, in the workflow's order. */
export const nominationStates = (tag: TNominationTag): TNominationState[] => statesTagged(nominationMachine, tag);

/** The state a new nomination starts in (the machine's `initial`). */
export const NOMINATION_INITIAL_STATE: TNominationState = ZNominationState.parse(nominationMachine.config.initial);

/** The event of a type for this caller, with the facts and comment it carries. */
export function nominationEvent(
  type: TNominationEventType,
  actor: TWorkflowActor,
  facts: TNominationFacts,
  comment?: string,
): TNominationEvent {
  switch (type) {
    case 'SUBMIT':
      return { type, actor, facts };
    case 'RETURN':
    case 'DECLINE':
      return { type, actor, comment };
    case 'WITHDRAW':
    case 'SHORTLIST':
    case 'SELECT':
    case 'PUBLISH':
      return { type, actor };
  }
}

/** The nomination workflow for the generic `decide` / `allowedEvents` (workflow.ts). */
export const nominationWorkflow: TWorkflow<typeof nominationMachine, TNominationFacts> = {
  machine: nominationMachine,
  senders: NOMINATION_SENDERS,
  offered: NOMINATION_EVENTS,
  probe: (type, actor, facts) => nominationEvent(type, actor, facts, 'probe'),
  problems: (event) =>
    event.type === 'SUBMIT' ? nominationProblems(event.facts) : event.type === 'RETURN' ? commentProblems(event.comment) : [],
};

// Compile-time check that the machine's states are exactly the contract's (NOMINATION_STATES).
const statesMatchContract: TAssertSame<StateValueFrom<typeof nominationMachine>, TNominationState> = true;
void statesMatchContract;
