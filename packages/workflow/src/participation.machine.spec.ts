import { describe, expect, it } from 'vitest';
import { getShortestPaths } from '@xstate/graph';
import { createActor, transition } from 'xstate';
import { DEFAULT_CAMPAIGN_RULES, PARTICIPATION_STATES, problemMessage, type TCampaignStatus, type TUnitKind } from '@learnweek/contracts';
import { buildEvent, participationWorkflow, pendingProblems, type TContentFacts } from './participation.decide.js';
import { participationMachine, participationStates, type TParticipationEvent } from './participation.machine.js';
import {
  isFreeActivity,
  isFreeClassForVulnerable,
  type TActivityFacts,
  type TWorkflowActor,
  type TWorkflowEnv,
} from './participation.rules.js';
import { allowedEvents, decide as decideWith, initialSnapshot, restoreSnapshot, type TPersistedSnapshot } from './workflow.js';

// The notice's 2017 timeline; the clock is whatever each test says.
const timeline = {
  planDueAt: '2017-10-10T15:59:59.000Z',
  weekStartsAt: '2017-10-22T16:00:00.000Z',
  weekEndsAt: '2017-10-29T16:00:00.000Z',
  launchAt: '2017-10-25T01:30:00.000Z',
  launchVenue: '春江镇社区教育中心',
  summaryDueAt: '2017-10-31T15:59:59.000Z',
};
const UNIT = '00000000-0000-4000-8000-000000000001';
const OTHER_UNIT = '00000000-0000-4000-8000-000000000002';
const env = (now: string, kind: TUnitKind = 'school', status: TCampaignStatus = 'published'): TWorkflowEnv => ({
  now,
  campaign: { status, timeline, rules: DEFAULT_CAMPAIGN_RULES },
  unit: { id: UNIT, kind },
});
const coordinator: TWorkflowActor = { kind: 'user', userId: 'c', roles: ['coordinator'], unitId: UNIT };
const otherCoordinator: TWorkflowActor = { kind: 'user', userId: 'o', roles: ['coordinator'], unitId: OTHER_UNIT };
const approver: TWorkflowActor = { kind: 'user', userId: 'a', roles: ['approver'], unitId: null };
const organizer: TWorkflowActor = { kind: 'user', userId: 'g', roles: ['organizer'], unitId: null };
const scheduler: TWorkflowActor = { kind: 'scheduler' };

const BEFORE_DUE = '2017-10-01T02:00:00.000Z';
const AFTER_DUE = '2017-10-12T02:00:00.000Z';
const IN_WEEK = '2017-10-24T02:00:00.000Z';
const AFTER_WEEK = '2017-10-30T02:00:00.000Z';
const AFTER_SUMMARY_DUE = '2017-11-02T02:00:00.000Z';

const act = (type: TActivityFacts['type'], extra: Partial<TActivityFacts> = {}): TActivityFacts => ({
  title: type,
  type,
  startsAt: '2017-10-24T01:00:00.000Z',
  endsAt: '2017-10-24T03:00:00.000Z',
  audiences: ['students'],
  free: false,
  status: 'planned',
  ...extra,
});
const schoolPlan = { text: '方案正文', activities: [act('lecture'), act('classMeeting'), act('poster'), act('volunteer')] };
const centrePlan = { text: '方案正文', activities: [act('freeClass', { free: true, audiences: ['elderly'] })] };
const content = (plan: TContentFacts['plan'] = schoolPlan, photoCount = 3, discDelivered = false): TContentFacts => ({
  plan,
  summary: { text: '总结正文', photoCount, discDelivered, discSent: false },
});

/** Sends a sequence, expecting each to apply; returns the last persisted snapshot. */
function run(
  steps: Array<[TParticipationEvent['type'], TWorkflowActor, string, { comment?: string }?]>,
  c = content(),
  kind: TUnitKind = 'school',
) {
  let persisted: TPersistedSnapshot = initialSnapshot(participationMachine, UNIT);
  for (const [type, actor, now, review] of steps) {
    const d = decide(persisted, buildEvent(type, actor, env(now, kind), c, review), c);
    if (d.kind !== 'applied') throw new Error(`${type} at ${now}: ${JSON.stringify(d)}`);
    persisted = d.persisted;
  }
  return persisted;
}
const stateOf = (p: TPersistedSnapshot) => restoreSnapshot(participationMachine, p).value;
/** The generic decide with the participation's facts (the event carries the moment and campaign). */
const decide = (persisted: unknown, event: TParticipationEvent, c: TContentFacts) =>
  decideWith(participationWorkflow, persisted, event, { env: event.env, content: c });

describe('participation machine: the whole way', () => {
  it('goes draft → returned → approved → week → summary returned → reviewed', () => {
    const p = run([
      ['START_DRAFT', coordinator, BEFORE_DUE],
      ['SUBMIT_PLAN', coordinator, BEFORE_DUE],
      ['RETURN_PLAN', approver, BEFORE_DUE, { comment: '请补充预算' }],
      ['SUBMIT_PLAN', coordinator, BEFORE_DUE],
      ['APPROVE_PLAN', approver, BEFORE_DUE],
      ['WEEK_STARTED', scheduler, IN_WEEK],
      ['WEEK_ENDED', scheduler, AFTER_WEEK],
      ['SUBMIT_SUMMARY', coordinator, AFTER_WEEK],
      ['RETURN_SUMMARY', approver, AFTER_WEEK, { comment: '照片不清晰' }],
      ['SUBMIT_SUMMARY', coordinator, AFTER_WEEK],
      ['ACCEPT_SUMMARY', approver, AFTER_WEEK],
    ]);
    const snap = restoreSnapshot(participationMachine, p);
    expect(snap.value).toBe('reviewed');
    expect(snap.status).toBe('done');
    expect(snap.context).toMatchObject({ planSubmissions: 2, summarySubmissions: 2, latePlan: false, lateSummary: false });
  });

  it('reaches every state of the contract by some path', () => {
    const c = content();
    const events: TParticipationEvent[] = [
      buildEvent('START_DRAFT', coordinator, env(BEFORE_DUE), c),
      buildEvent('SUBMIT_PLAN', coordinator, env(BEFORE_DUE), c),
      buildEvent('WITHDRAW_PLAN', coordinator, env(BEFORE_DUE), c),
      buildEvent('APPROVE_PLAN', approver, env(BEFORE_DUE), c),
      buildEvent('RETURN_PLAN', approver, env(BEFORE_DUE), c, { comment: '退回' }),
      buildEvent('WEEK_STARTED', scheduler, env(IN_WEEK), c),
      buildEvent('WEEK_ENDED', scheduler, env(AFTER_WEEK), c),
      buildEvent('SUBMIT_SUMMARY', coordinator, env(AFTER_WEEK), c),
      buildEvent('ACCEPT_SUMMARY', approver, env(AFTER_WEEK), c),
      buildEvent('RETURN_SUMMARY', approver, env(AFTER_WEEK), c, { comment: '退回' }),
    ];
    // Keyed by state value alone: the submission counters in the context would make the graph infinite.
    const paths = getShortestPaths(participationMachine, {
      events,
      input: { unitId: UNIT },
      serializeState: (s) => JSON.stringify(s.value),
      limit: 1000,
    });
    const reached = new Set(paths.map((p) => p.state.value as string));
    expect([...reached].sort()).toEqual([...PARTICIPATION_STATES].sort());

    // From every reachable state, every event of the definition leads where the contract says.
    const defined = new Set(
      Object.entries(participationMachine.states).flatMap(([state, node]) => node.ownEvents.map((e) => `${state} --${e}-->`)),
    );
    const taken = new Set<string>();
    for (const path of paths) {
      for (const event of events) {
        const [next] = transition(participationMachine, path.state, event);
        if (next.value !== path.state.value) taken.add(`${String(path.state.value)} --${event.type}-->`);
      }
    }
    expect([...taken].sort()).toEqual([...defined].sort());
  });

  it('lets a coordinator withdraw a submitted plan back to drafting', () => {
    const p = run([
      ['START_DRAFT', coordinator, BEFORE_DUE],
      ['SUBMIT_PLAN', coordinator, BEFORE_DUE],
      ['WITHDRAW_PLAN', coordinator, BEFORE_DUE],
    ]);
    expect(stateOf(p)).toBe('drafting');
    expect(restoreSnapshot(participationMachine, p).context.planSubmissions).toBe(1);
  });
});

describe('timed and late behaviour', () => {
  it('an approval after the week began goes straight to weekRunning, after it ended to summaryDue', () => {
    const base: Parameters<typeof run>[0] = [
      ['START_DRAFT', coordinator, BEFORE_DUE],
      ['SUBMIT_PLAN', coordinator, BEFORE_DUE],
    ];
    expect(stateOf(run([...base, ['APPROVE_PLAN', approver, IN_WEEK]]))).toBe('weekRunning');
    expect(stateOf(run([...base, ['APPROVE_PLAN', approver, AFTER_WEEK]]))).toBe('summaryDue');
    expect(stateOf(run([...base, ['APPROVE_PLAN', approver, BEFORE_DUE]]))).toBe('planApproved');
  });

  it('marks a late plan and a late summary, and keeps the marks', () => {
    const p = run([
      ['START_DRAFT', coordinator, AFTER_DUE],
      ['SUBMIT_PLAN', coordinator, AFTER_DUE],
      ['RETURN_PLAN', approver, AFTER_DUE, { comment: '补充' }],
      ['SUBMIT_PLAN', coordinator, AFTER_DUE],
      ['APPROVE_PLAN', approver, AFTER_SUMMARY_DUE],
      ['SUBMIT_SUMMARY', coordinator, AFTER_SUMMARY_DUE],
    ]);
    expect(restoreSnapshot(participationMachine, p).context).toMatchObject({ latePlan: true, lateSummary: true });
  });

  it('the scheduler cannot start the week early or end it early', () => {
    const p = run([
      ['START_DRAFT', coordinator, BEFORE_DUE],
      ['SUBMIT_PLAN', coordinator, BEFORE_DUE],
      ['APPROVE_PLAN', approver, BEFORE_DUE],
    ]);
    const early = decide(p, buildEvent('WEEK_STARTED', scheduler, env(BEFORE_DUE), content()), content());
    expect(early.kind).toBe('notAllowedNow');
  });
});

describe('guards say why', () => {
  const drafting = () => run([['START_DRAFT', coordinator, BEFORE_DUE]]);
  const submit = (plan: TContentFacts['plan'], kind: TUnitKind) =>
    decide(drafting(), buildEvent('SUBMIT_PLAN', coordinator, env(BEFORE_DUE, kind), content(plan)), content(plan));

  it('refuses a school plan without a theme class meeting, naming it', () => {
    const d = submit({ text: 'x', activities: schoolPlan.activities.filter((a) => a.type !== 'classMeeting') }, 'school');
    expect(d).toEqual({ kind: 'guardFailed', problems: [{ code: 'fourOnesMissing', missing: ['classMeeting'] }] });
    if (d.kind === 'guardFailed') expect(problemMessage(d.problems[0]!)).toBe('学校须覆盖“四个一”：缺少主题班会');
  });

  it('refuses a centre without a free class for a vulnerable group', () => {
    const notFree = { text: 'x', activities: [act('lecture', { free: false, audiences: ['elderly'] })] };
    const notVulnerable = { text: 'x', activities: [act('freeClass', { free: true, audiences: ['students'] })] };
    const outsideWeek = {
      text: 'x',
      activities: [
        act('freeClass', { audiences: ['elderly'], startsAt: '2017-11-05T01:00:00.000Z', endsAt: '2017-11-05T02:00:00.000Z' }),
        act('lecture'),
      ],
    };
    for (const plan of [notFree, notVulnerable, outsideWeek]) {
      expect(submit(plan, 'communityCentre')).toEqual({ kind: 'guardFailed', problems: [{ code: 'freeClassMissing' }] });
    }
    expect(submit(centrePlan, 'communityCentre').kind).toBe('applied');
  });

  it('takes a 惠民免费培训班 as free by its type, and any other activity by its 免费 switch', () => {
    const typeOnly = { text: 'x', activities: [act('freeClass', { free: false, audiences: ['elderly'] })] };
    const switchOnly = { text: 'x', activities: [act('lecture', { free: true, audiences: ['migrantWorkers'] })] };
    for (const plan of [typeOnly, switchOnly]) expect(submit(plan, 'communityCentre').kind).toBe('applied');
    expect([
      isFreeActivity({ type: 'freeClass', free: false }),
      isFreeActivity({ type: 'lecture', free: false }),
      isFreeActivity({ type: 'lecture', free: true }),
    ]).toEqual([true, false, true]);
    expect(isFreeClassForVulnerable({ type: 'freeClass', free: false, audiences: ['students', 'disabled'] })).toBe(true);
    expect(isFreeClassForVulnerable({ type: 'freeClass', free: true, audiences: ['residents'] })).toBe(false);
  });

  it('refuses an empty plan text and a schedule with nothing inside the week', () => {
    const outside = act('lecture', { startsAt: '2017-11-05T01:00:00.000Z', endsAt: '2017-11-05T02:00:00.000Z' });
    const cancelled = act('lecture', { status: 'cancelled' });
    const d = submit({ text: '  ', activities: [outside, cancelled] }, 'nonDegree');
    expect(d).toEqual({ kind: 'guardFailed', problems: [{ code: 'planTextMissing' }, { code: 'noActivityInWeek' }] });
  });

  it('refuses a summary without 3 photos unless the disc was sent or delivered', () => {
    const due = run(
      [
        ['START_DRAFT', coordinator, BEFORE_DUE],
        ['SUBMIT_PLAN', coordinator, BEFORE_DUE],
        ['APPROVE_PLAN', approver, AFTER_WEEK],
      ],
      content(),
    );
    const two = content(schoolPlan, 2);
    expect(decide(due, buildEvent('SUBMIT_SUMMARY', coordinator, env(AFTER_WEEK), two), two)).toEqual({
      kind: 'guardFailed',
      problems: [{ code: 'photosCount', count: 2, required: 3 }],
    });
    const four = content(schoolPlan, 4);
    expect(decide(due, buildEvent('SUBMIT_SUMMARY', coordinator, env(AFTER_WEEK), four), four).kind).toBe('guardFailed');
    const disc = content(schoolPlan, 0, true);
    expect(decide(due, buildEvent('SUBMIT_SUMMARY', coordinator, env(AFTER_WEEK), disc), disc).kind).toBe('applied');
    // The coordinator's "光盘已寄送" stands in for the photos as well, before the approver's confirmation.
    const sent: TContentFacts = { plan: schoolPlan, summary: { text: '总结正文', photoCount: 0, discDelivered: false, discSent: true } };
    expect(decide(due, buildEvent('SUBMIT_SUMMARY', coordinator, env(AFTER_WEEK), sent), sent).kind).toBe('applied');
    const noText: TContentFacts = { plan: schoolPlan, summary: { text: '', photoCount: 3, discDelivered: false, discSent: false } };
    expect(decide(due, buildEvent('SUBMIT_SUMMARY', coordinator, env(AFTER_WEEK), noText), noText)).toEqual({
      kind: 'guardFailed',
      problems: [{ code: 'summaryTextMissing' }],
    });
  });

  it('requires a comment to return', () => {
    const submitted = run([
      ['START_DRAFT', coordinator, BEFORE_DUE],
      ['SUBMIT_PLAN', coordinator, BEFORE_DUE],
    ]);
    const d = decide(submitted, buildEvent('RETURN_PLAN', approver, env(BEFORE_DUE), content(), { comment: ' ' }), content());
    expect(d).toEqual({ kind: 'guardFailed', problems: [{ code: 'commentRequired' }] });
  });

  it('does not start drafting before the campaign is published', () => {
    const d = decide(
      initialSnapshot(participationMachine, UNIT),
      buildEvent('START_DRAFT', coordinator, env(BEFORE_DUE, 'school', 'draft'), content()),
      content(),
    );
    expect(d).toEqual({ kind: 'guardFailed', problems: [{ code: 'campaignNotPublished' }] });
  });
});

describe('roles and allowed events', () => {
  it('forbids another unit’s coordinator, an approver submitting, an organizer approving, a user sending timed events', () => {
    const drafting = run([['START_DRAFT', coordinator, BEFORE_DUE]]);
    expect(decide(drafting, buildEvent('SUBMIT_PLAN', otherCoordinator, env(BEFORE_DUE), content()), content()).kind).toBe('forbidden');
    expect(decide(drafting, buildEvent('SUBMIT_PLAN', approver, env(BEFORE_DUE), content()), content()).kind).toBe('forbidden');
    const submitted = run([
      ['START_DRAFT', coordinator, BEFORE_DUE],
      ['SUBMIT_PLAN', coordinator, BEFORE_DUE],
    ]);
    expect(decide(submitted, buildEvent('APPROVE_PLAN', organizer, env(BEFORE_DUE), content()), content()).kind).toBe('forbidden');
    expect(decide(submitted, buildEvent('WEEK_STARTED', approver, env(IN_WEEK), content()), content()).kind).toBe('forbidden');
  });

  it('answers notAllowedNow with what is allowed when the state does not accept the event', () => {
    const submitted = run([
      ['START_DRAFT', coordinator, BEFORE_DUE],
      ['SUBMIT_PLAN', coordinator, BEFORE_DUE],
    ]);
    const d = decide(submitted, buildEvent('SUBMIT_PLAN', coordinator, env(BEFORE_DUE), content()), content());
    expect(d).toEqual({ kind: 'notAllowedNow', allowedEvents: ['WITHDRAW_PLAN'] });
  });

  it('lists per caller only the events the machine allows', () => {
    const submitted = restoreSnapshot(
      participationMachine,
      run([
        ['START_DRAFT', coordinator, BEFORE_DUE],
        ['SUBMIT_PLAN', coordinator, BEFORE_DUE],
      ]),
    );
    expect(allowedEvents(participationWorkflow, submitted, approver, { env: env(BEFORE_DUE), content: content() })).toEqual([
      'APPROVE_PLAN',
      'RETURN_PLAN',
    ]);
    expect(allowedEvents(participationWorkflow, submitted, coordinator, { env: env(BEFORE_DUE), content: content() })).toEqual([
      'WITHDRAW_PLAN',
    ]);
    expect(allowedEvents(participationWorkflow, submitted, otherCoordinator, { env: env(BEFORE_DUE), content: content() })).toEqual([]);
  });

  it('tells a coordinator what is missing before submitting', () => {
    const drafting = restoreSnapshot(participationMachine, run([['START_DRAFT', coordinator, BEFORE_DUE]]));
    const empty: TContentFacts = {
      plan: { text: '', activities: [] },
      summary: { text: '', photoCount: 0, discDelivered: false, discSent: false },
    };
    expect(pendingProblems(drafting, coordinator, { env: env(BEFORE_DUE), content: empty }).map((p) => p.code)).toEqual([
      'planTextMissing',
      'noActivityInWeek',
      'fourOnesMissing',
    ]);
    expect(pendingProblems(drafting, approver, { env: env(BEFORE_DUE), content: empty })).toEqual([]);
  });
});

describe('participation machine: groupings and storage', () => {
  it('groups its states by tag, in the workflow order', () => {
    expect(participationStates('planPending')).toEqual(['invited', 'drafting', 'planReturned']);
    expect(participationStates('planEditable')).toEqual(['drafting', 'planReturned']);
    expect(participationStates('planIn')).toEqual([
      'planSubmitted',
      'planApproved',
      'weekRunning',
      'summaryDue',
      'summarySubmitted',
      'summaryReturned',
      'reviewed',
    ]);
    expect(participationStates('planApproved')).toEqual([
      'planApproved',
      'weekRunning',
      'summaryDue',
      'summarySubmitted',
      'summaryReturned',
      'reviewed',
    ]);
    expect(participationStates('summaryPending')).toEqual(['weekRunning', 'summaryDue', 'summaryReturned']);
    expect(participationStates('discMarkable')).toEqual(['weekRunning', 'summaryDue', 'summarySubmitted', 'summaryReturned']);
    expect(participationStates('summaryIn')).toEqual(['summarySubmitted', 'reviewed']);
    expect(participationStates('awaitingReview')).toEqual(['planSubmitted', 'summarySubmitted']);
    // In every state the plan is either still owed or handed in, never both.
    for (const s of PARTICIPATION_STATES)
      expect(participationStates('planPending').includes(s) !== participationStates('planIn').includes(s)).toBe(true);
  });

  it('stores snapshots as a started actor did, so rows written before still restore and decide', () => {
    const actor = createActor(participationMachine, { input: { unitId: UNIT } }).start();
    const stored = actor.getPersistedSnapshot();
    actor.stop();
    expect(initialSnapshot(participationMachine, UNIT)).toEqual(stored);
    const d = decide(stored, buildEvent('START_DRAFT', coordinator, env(BEFORE_DUE), content()), content());
    expect(d.kind === 'applied' && d.snapshot.hasTag('planEditable')).toBe(true);
  });
});
