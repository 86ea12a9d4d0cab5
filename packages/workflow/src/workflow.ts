import {
  initialTransition,
  transition,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventFromLogic,
  type InputFrom,
  type Snapshot,
  type SnapshotFrom,
  type StateValueFrom,
  type TagsFrom,
} from 'xstate';
import type { TProblem } from '@learnweek/contracts';
import { isApprover, isCoordinatorOf, isOrganizer, isScheduler, type TWorkflowActor } from './participation.rules.js';

/** Who may send an event: the unit's coordinator, an approver, a reviewer (organizer or approver), the organizer, the scheduler. */
export type TSender = 'coordinator' | 'approver' | 'reviewer' | 'organizer' | 'scheduler';

export function isSender(actor: TWorkflowActor, sender: TSender, unitId: string): boolean {
  switch (sender) {
    case 'coordinator':
      return isCoordinatorOf(actor, unitId);
    case 'approver':
      return isApprover(actor);
    case 'reviewer':
      return isOrganizer(actor) || isApprover(actor);
    case 'organizer':
      return isOrganizer(actor);
    case 'scheduler':
      return isScheduler(actor);
  }
}

/** Both machines' instances belong to a unit (`context.unitId`) and their events name their actor. */
type TEventOf<M extends AnyStateMachine> = EventFromLogic<M> & { actor: TWorkflowActor };
type TTypeOf<M extends AnyStateMachine> = TEventOf<M>['type'];

/**
 * What the generic `decide` needs besides the machine. The machine's own `bySender` guard reads
 * `senders` too, so the roles are written once; `problems` gives the reasons a guard refuses.
 */
export interface TWorkflow<M extends AnyStateMachine, TFacts> {
  machine: M;
  /** Who may send each event (a wrong sender is a 403 before anything else). */
  senders: Record<TTypeOf<M>, TSender>;
  /** The events offered to people (the scheduler's are not). */
  offered: readonly TTypeOf<M>[];
  /** The event of a type for this caller with the facts its guards read; a return carries a placeholder comment (it is asked for when sent). */
  probe(type: TTypeOf<M>, actor: TWorkflowActor, facts: TFacts): TEventOf<M>;
  /** Why the machine's guard refuses the event; none means it cannot happen now at all (e.g. the week has not begun). */
  problems(event: TEventOf<M>): TProblem[];
}

export type TDecision<M extends AnyStateMachine> =
  | { kind: 'applied'; state: StateValueFrom<M>; snapshot: SnapshotFrom<M>; persisted: TPersistedSnapshot }
  | { kind: 'forbidden' }
  | { kind: 'notAllowedNow'; allowedEvents: TTypeOf<M>[] }
  | { kind: 'guardFailed'; problems: TProblem[] };

/** A snapshot as stored (Participation.snapshot, Nomination.snapshot). */
export type TPersistedSnapshot = Snapshot<unknown>;

/** A new instance's snapshot as stored (no actor: XState's pure initial transition). */
export function initialSnapshot<M extends AnyStateMachine>(machine: M, unitId: string): TPersistedSnapshot {
  const [snapshot] = initialTransition(machine, { unitId } as InputFrom<M>);
  return machine.getPersistedSnapshot(snapshot);
}

/** A stored snapshot made live again: its state value and context (our machines have no children or history). */
export function restoreSnapshot<M extends AnyStateMachine>(machine: M, persisted: unknown): SnapshotFrom<M> {
  const { value, context } = persisted as { value: StateValueFrom<M>; context: unknown };
  return machine.resolveState({ value, context }) as SnapshotFrom<M>;
}

const unitOf = (snapshot: { context: unknown }) => (snapshot.context as { unitId: string }).unitId;

/** The events this caller could send now with the facts as they are. */
export function allowedEvents<M extends AnyStateMachine, TFacts>(
  w: TWorkflow<M, TFacts>,
  snapshot: SnapshotFrom<M>,
  actor: TWorkflowActor,
  facts: TFacts,
): TTypeOf<M>[] {
  const live = snapshot as AnyMachineSnapshot;
  return w.offered.filter((type) => live.can(w.probe(type, actor, facts)));
}

/** The events the snapshot's state has a transition for, whoever sends them and whatever the guards say. */
export function acceptedEvents<M extends AnyStateMachine>(machine: M, snapshot: SnapshotFrom<M>): TTypeOf<M>[] {
  return (machine.states[(snapshot as AnyMachineSnapshot).value as string]?.ownEvents ?? []) as TTypeOf<M>[];
}

/**
 * Applies one event to a stored snapshot with XState's pure `transition` (no actor), or says
 * precisely why not: wrong role or unit (403), not accepted in this state (409 with what is),
 * a guard's reasons (422).
 */
export function decide<M extends AnyStateMachine, TFacts>(
  w: TWorkflow<M, TFacts>,
  persisted: unknown,
  event: TEventOf<M>,
  facts: TFacts,
): TDecision<M> {
  const snapshot = restoreSnapshot(w.machine, persisted);
  const { type, actor } = event as { type: TTypeOf<M> & string; actor: TWorkflowActor };
  if (!isSender(actor, w.senders[type], unitOf(snapshot))) return { kind: 'forbidden' };
  const notNow = (): TDecision<M> => ({ kind: 'notAllowedNow', allowedEvents: allowedEvents(w, snapshot, actor, facts) });
  if (!(acceptedEvents(w.machine, snapshot) as string[]).includes(type)) return notNow();
  if (!(snapshot as AnyMachineSnapshot).can(event)) {
    const problems = w.problems(event);
    return problems.length > 0 ? { kind: 'guardFailed', problems } : notNow();
  }
  const [next] = transition(w.machine, snapshot, event);
  return {
    kind: 'applied',
    state: (next as AnyMachineSnapshot).value as StateValueFrom<M>,
    snapshot: next,
    persisted: w.machine.getPersistedSnapshot(next),
  };
}

/** The states carrying a tag, in the machine's order: the groupings everyone else derives (SQL filters, forms, the board). */
export function statesTagged<M extends AnyStateMachine>(machine: M, tag: TagsFrom<M>): StateValueFrom<M>[] {
  return Object.values(machine.states as Record<string, { key: string; tags: string[] }>)
    .filter((node) => node.tags.includes(tag as string))
    .map((node) => node.key as StateValueFrom<M>);
}

/**
 * The states that have a transition for an event (whoever sends it and whatever its guards say), in
 * the machine's order: where a bulk action or the scheduler looks for the participations it may move.
 */
export function statesAccepting<M extends AnyStateMachine>(machine: M, type: TTypeOf<M>): StateValueFrom<M>[] {
  return Object.values(machine.states as Record<string, { key: string; ownEvents: string[] }>)
    .filter((node) => node.ownEvents.includes(type as string))
    .map((node) => node.key as StateValueFrom<M>);
}

/** `true` only when two unions are the same (a compile-time check: `const x: TAssertSame<A, B> = true`). */
export type TAssertSame<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
