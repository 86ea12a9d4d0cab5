import { describe, expect, it } from 'vitest';
import { PARTICIPATION_STATES, type TNominationState, type TParticipationState } from '@learnweek/contracts';
import { PARTICIPATION_INITIAL_STATE, participationStatesAccepting } from './participation.machine.js';
import type { TAssertSame } from './workflow.js';

/**
 * A state is declared in the contract (PARTICIPATION_STATES) and the machine; every other place
 * that groups states reads a tag, asks the machine (`participationStatesAccepting`) or is a total
 * map (`satisfies Record<TParticipationState, …>`), so a new state does not compile until each
 * decides (CONTRIBUTING.md, "A new workflow state").
 */
describe('states declared once', () => {
  it('asks the machine which states take an event: bulk review, the scheduler, the first step', () => {
    expect(participationStatesAccepting('APPROVE_PLAN')).toEqual(['planSubmitted']);
    expect(participationStatesAccepting('ACCEPT_SUMMARY')).toEqual(['summarySubmitted']);
    expect(participationStatesAccepting('WEEK_STARTED')).toEqual(['planApproved']);
    expect(participationStatesAccepting('WEEK_ENDED')).toEqual(['weekRunning']);
    expect(participationStatesAccepting('START_DRAFT')).toEqual(['invited']);
    expect(participationStatesAccepting('SUBMIT_SUMMARY')).toEqual(['summaryDue', 'summaryReturned']);
  });

  it('starts a participation in the machine’s initial state, the contract’s first', () => {
    expect(PARTICIPATION_INITIAL_STATE).toBe('invited');
    expect(PARTICIPATION_STATES[0]).toBe(PARTICIPATION_INITIAL_STATE);
  });

  it('refuses, at compile time, a state map that leaves a state out or a state the contract lacks', () => {
    // A map missing a state does not compile…
    // @ts-expect-error -- 'drafting' and the others are not decided
    const missing = { invited: 'grey' } satisfies Record<TParticipationState, string>;
    // …nor a state that only one side declares.
    // @ts-expect-error -- 'archived' is not a state of the contract
    const extra: TAssertSame<TParticipationState | 'archived', TParticipationState> = true;
    const same: TAssertSame<TNominationState, TNominationState> = true;
    expect([missing.invited, extra, same]).toEqual(['grey', true, true]);
  });
});
