import { and, assign, createActor, setup, type Snapshot, type SnapshotFrom } from 'xstate';
import { NOMINATION_EVENTS, type TNominationEventType, type TNominationKind, type TNominationState, type TProblem } from '@learnweek/contracts';
import { commentProblems, isApprover, isCoordinatorOf, type TWorkflowActor } from './participation.rules.js';

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

type TAssertSame<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const eventsMatchContract: TAssertSame<TNominationEvent['type'], TNominationEventType> = true;
void eventsMatchContract;

export interface TNominationContext {
  unitId: string;
  submissions: number;
}

const isOrganizer = (actor: TWorkflowActor) => actor.kind === 'user' && actor.roles.includes('organizer');

/** Why a nomination cannot be submitted as it is. */
export function nominationProblems(f: TNominationFacts): TProblem[] {
  const missing = [...(f.name.trim() ? [] : ['name' as const]), ...(f.story.trim() ? [] : ['story' as const]), ...(f.photos > 0 ? [] : ['photos' as const])];
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
  types: { context: {} as TNominationContext, events: {} as TNominationEvent, input: {} as { unitId: string } },
  guards: {
    isCoordinator: ({ context, event }) => isCoordinatorOf(event.actor, context.unitId),
    isOrganizer: ({ event }) => isOrganizer(event.actor),
    isReviewer: ({ event }) => isOrganizer(event.actor) || isApprover(event.actor),
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
    draft: { on: { SUBMIT: { guard: and(['isCoordinator', 'complete']), target: 'submitted', actions: 'countSubmission' } } },
    submitted: {
      on: {
        WITHDRAW: { guard: 'isCoordinator', target: 'draft' },
        RETURN: { guard: and(['isReviewer', 'hasComment']), target: 'returned' },
        SHORTLIST: { guard: 'isOrganizer', target: 'shortlisted' },
        DECLINE: { guard: 'isOrganizer', target: 'declined' },
      },
    },
    returned: { on: { SUBMIT: { guard: and(['isCoordinator', 'complete']), target: 'submitted', actions: 'countSubmission' } } },
    shortlisted: {
      on: {
        SELECT: { guard: 'isOrganizer', target: 'selected' },
        DECLINE: { guard: 'isOrganizer', target: 'declined' },
      },
    },
    declined: { type: 'final' },
    selected: {
      on: {
        PUBLISH: { guard: 'isOrganizer', target: 'published' },
        // The panel's choice can still be undone before publication.
        DECLINE: { guard: 'isOrganizer', target: 'declined' },
      },
    },
    published: { type: 'final' },
  },
});

export type TNominationSnapshot = SnapshotFrom<typeof nominationMachine>;

export function initialNomination(unitId: string): Snapshot<unknown> {
  const actor = createActor(nominationMachine, { input: { unitId } });
  actor.start();
  const persisted = actor.getPersistedSnapshot();
  actor.stop();
  return persisted;
}

function restore(persisted: unknown) {
  const actor = createActor(nominationMachine, { snapshot: persisted as Snapshot<unknown>, input: { unitId: '' } });
  actor.start();
  return actor;
}

/** Who may send each event: the unit's coordinator, a reviewer (organizer or approver), or the organizer. */
const SENDERS: Record<TNominationEventType, 'coordinator' | 'reviewer' | 'organizer'> = {
  SUBMIT: 'coordinator',
  WITHDRAW: 'coordinator',
  RETURN: 'reviewer',
  SHORTLIST: 'organizer',
  DECLINE: 'organizer',
  SELECT: 'organizer',
  PUBLISH: 'organizer',
};
function maySend(actor: TWorkflowActor, type: TNominationEventType, unitId: string): boolean {
  switch (SENDERS[type]) {
    case 'coordinator':
      return isCoordinatorOf(actor, unitId);
    case 'reviewer':
      return isOrganizer(actor) || isApprover(actor);
    case 'organizer':
      return isOrganizer(actor);
  }
}

export type TNominationDecision =
  | { kind: 'applied'; state: TNominationState; persisted: Snapshot<unknown> }
  | { kind: 'forbidden' }
  | { kind: 'notAllowedNow'; allowedEvents: TNominationEventType[] }
  | { kind: 'guardFailed'; problems: TProblem[] };

/** The event of a type for this caller, with the facts and comment it carries. */
export function nominationEvent(type: TNominationEventType, actor: TWorkflowActor, facts: TNominationFacts, comment?: string): TNominationEvent {
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

/** The events this caller may send now (a return's comment is asked for when it is sent). */
export function nominationAllowedEvents(persisted: unknown, actor: TWorkflowActor, facts: TNominationFacts): TNominationEventType[] {
  const a = restore(persisted);
  const snapshot = a.getSnapshot();
  a.stop();
  return NOMINATION_EVENTS.filter((type) => snapshot.can(nominationEvent(type, actor, facts, 'probe')));
}

/** Applies one event, or says why not: wrong role or unit, not in this state, the guard's reasons. */
export function decideNomination(persisted: unknown, event: TNominationEvent, facts: TNominationFacts): TNominationDecision {
  const actor = restore(persisted);
  try {
    const snapshot = actor.getSnapshot();
    if (!maySend(event.actor, event.type, snapshot.context.unitId)) return { kind: 'forbidden' };
    const accepted = (nominationMachine.states[snapshot.value as TNominationState]?.ownEvents ?? []) as TNominationEventType[];
    const allowed = () => nominationAllowedEvents(persisted, event.actor, facts);
    if (!accepted.includes(event.type)) return { kind: 'notAllowedNow', allowedEvents: allowed() };
    if (!snapshot.can(event)) {
      const problems = event.type === 'SUBMIT' ? nominationProblems(event.facts) : event.type === 'RETURN' ? commentProblems(event.comment) : [];
      return problems.length ? { kind: 'guardFailed', problems } : { kind: 'notAllowedNow', allowedEvents: allowed() };
    }
    actor.send(event);
    return { kind: 'applied', state: actor.getSnapshot().value as TNominationState, persisted: actor.getPersistedSnapshot() };
  } finally {
    actor.stop();
  }
}
