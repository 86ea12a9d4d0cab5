import { describe, expect, it } from 'vitest';
import {
  NOMINATION_INITIAL_STATE,
  nominationEvent,
  nominationMachine,
  nominationStates,
  nominationWorkflow,
  type TNominationFacts,
} from './nomination.machine.js';
import { allowedEvents, decide, initialSnapshot, restoreSnapshot } from './workflow.js';
import type { TWorkflowActor } from './participation.rules.js';

const UNIT = '00000000-0000-4000-8000-000000000001';
const coordinator: TWorkflowActor = { kind: 'user', userId: 'c', roles: ['coordinator'], unitId: UNIT };
const otherCoordinator: TWorkflowActor = {
  kind: 'user',
  userId: 'x',
  roles: ['coordinator'],
  unitId: '00000000-0000-4000-8000-000000000002',
};
const approver: TWorkflowActor = { kind: 'user', userId: 'a', roles: ['approver'], unitId: null };
const organizer: TWorkflowActor = { kind: 'user', userId: 'o', roles: ['organizer'], unitId: null };
const facts: TNominationFacts = {
  kind: 'learningStar',
  name: '王秀英',
  story: '退休后坚持学习书法十年',
  photos: 2,
  quota: { max: 2, used: 0 },
};

/** Runs events in order from a fresh draft, expecting each to apply; returns the last persisted snapshot. */
function run(...steps: [TWorkflowActor, Parameters<typeof nominationEvent>[0], string?][]) {
  let persisted: unknown = initialSnapshot(nominationMachine, UNIT);
  for (const [actor, type, comment] of steps) {
    const d = decide(nominationWorkflow, persisted, nominationEvent(type, actor, facts, comment), facts);
    if (d.kind !== 'applied') throw new Error(`${type}: ${JSON.stringify(d)}`);
    persisted = d.persisted;
  }
  return persisted;
}

describe('nomination machine', () => {
  it('goes draft → submitted → shortlisted → selected → published', () => {
    const published = run([coordinator, 'SUBMIT'], [organizer, 'SHORTLIST'], [organizer, 'SELECT'], [organizer, 'PUBLISH']);
    expect(allowedEvents(nominationWorkflow, restoreSnapshot(nominationMachine, published), organizer, facts)).toEqual([]);
    const d = decide(nominationWorkflow, published, nominationEvent('DECLINE', organizer, facts), facts);
    expect(d).toEqual({ kind: 'notAllowedNow', allowedEvents: [] });
  });

  it('refuses an incomplete nomination and one over the quota, with the reasons', () => {
    const draft = initialSnapshot(nominationMachine, UNIT);
    const empty = { ...facts, story: ' ', photos: 0 };
    expect(decide(nominationWorkflow, draft, nominationEvent('SUBMIT', coordinator, empty), empty)).toEqual({
      kind: 'guardFailed',
      problems: [{ code: 'nominationIncomplete', missing: ['story', 'photos'] }],
    });
    const full = { ...facts, quota: { max: 2, used: 2 } };
    expect(decide(nominationWorkflow, draft, nominationEvent('SUBMIT', coordinator, full), full)).toEqual({
      kind: 'guardFailed',
      problems: [{ code: 'quotaExceeded', kind: 'learningStar', max: 2 }],
    });
    const unlimited = { ...facts, quota: { max: null, used: 40 } };
    expect(decide(nominationWorkflow, draft, nominationEvent('SUBMIT', coordinator, unlimited), unlimited).kind).toBe('applied');
  });

  it('lets only the unit’s coordinator submit, and only the organizer shortlist, select and publish', () => {
    const draft = initialSnapshot(nominationMachine, UNIT);
    expect(decide(nominationWorkflow, draft, nominationEvent('SUBMIT', otherCoordinator, facts), facts).kind).toBe('forbidden');
    expect(decide(nominationWorkflow, draft, nominationEvent('SUBMIT', organizer, facts), facts).kind).toBe('forbidden');
    const submitted = run([coordinator, 'SUBMIT']);
    expect(decide(nominationWorkflow, submitted, nominationEvent('SHORTLIST', approver, facts), facts).kind).toBe('forbidden');
    expect(allowedEvents(nominationWorkflow, restoreSnapshot(nominationMachine, submitted), organizer, facts)).toEqual([
      'RETURN',
      'SHORTLIST',
      'DECLINE',
    ]);
    expect(allowedEvents(nominationWorkflow, restoreSnapshot(nominationMachine, submitted), approver, facts)).toEqual(['RETURN']);
    expect(allowedEvents(nominationWorkflow, restoreSnapshot(nominationMachine, submitted), coordinator, facts)).toEqual(['WITHDRAW']);
    expect(decide(nominationWorkflow, submitted, nominationEvent('PUBLISH', organizer, facts), facts)).toEqual({
      kind: 'notAllowedNow',
      allowedEvents: ['RETURN', 'SHORTLIST', 'DECLINE'],
    });
  });

  it('returns for changes with a comment, and takes the resubmission', () => {
    const submitted = run([coordinator, 'SUBMIT']);
    expect(decide(nominationWorkflow, submitted, nominationEvent('RETURN', approver, facts, ''), facts)).toEqual({
      kind: 'guardFailed',
      problems: [{ code: 'commentRequired' }],
    });
    const returned = run([coordinator, 'SUBMIT'], [approver, 'RETURN', '请补充学习成果']);
    expect(allowedEvents(nominationWorkflow, restoreSnapshot(nominationMachine, returned), coordinator, facts)).toEqual(['SUBMIT']);
    const again = decide(nominationWorkflow, returned, nominationEvent('SUBMIT', coordinator, facts), facts);
    expect(again).toMatchObject({ kind: 'applied', state: 'submitted' });
  });

  it('declines from the shortlist or even after selection, and nothing follows a decline', () => {
    const declined = run([coordinator, 'SUBMIT'], [organizer, 'SHORTLIST'], [organizer, 'SELECT'], [organizer, 'DECLINE']);
    expect(allowedEvents(nominationWorkflow, restoreSnapshot(nominationMachine, declined), organizer, facts)).toEqual([]);
    expect(allowedEvents(nominationWorkflow, restoreSnapshot(nominationMachine, declined), coordinator, facts)).toEqual([]);
  });
});

describe('nomination machine: groupings', () => {
  it('groups its states by tag: editable content, places of the quota', () => {
    expect(nominationStates('editable')).toEqual(['draft', 'returned']);
    expect(nominationStates('countsToQuota')).toEqual(['submitted', 'shortlisted', 'selected', 'published']);
  });

  it('groups what the panel scores, what the ranking lists and what goes to the city', () => {
    expect(nominationStates('scorable')).toEqual(['shortlisted']);
    expect(nominationStates('ranked')).toEqual(['shortlisted', 'selected', 'published']);
    expect(nominationStates('recommended')).toEqual(['selected', 'published']);
  });

  it('groups what the public notice proposes and what the public page shows', () => {
    expect(nominationStates('proposed')).toEqual(['selected']);
    expect(nominationStates('public')).toEqual(['published']);
    expect(NOMINATION_INITIAL_STATE).toBe('draft');
  });
});
