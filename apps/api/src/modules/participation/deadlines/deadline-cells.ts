import type { TDeadlineCell, TDeliverable, TDeliverableStatus, TParticipationState } from '@learnweek/contracts';

export interface TDeliverableFacts {
  state: TParticipationState;
  planOverdue: boolean;
  summaryOverdue: boolean;
  latePlan: boolean;
  lateSummary: boolean;
  activities: number;
  photos: number;
  discDelivered: boolean;
  photosRequired: number;
}

/**
 * Each state's plan and summary cell, decided for every state (`satisfies Record<…>`): a state added
 * to the workflow does not compile until it says where both deliverables stand.
 */
const PLAN_STAGE = {
  invited: 'missing',
  drafting: 'drafting',
  planSubmitted: 'submitted',
  planReturned: 'returned',
  planApproved: 'done',
  weekRunning: 'done',
  summaryDue: 'done',
  summarySubmitted: 'done',
  summaryReturned: 'done',
  reviewed: 'done',
} as const satisfies Record<TParticipationState, TDeliverableStatus>;
const SUMMARY_STAGE = {
  invited: 'notOpen',
  drafting: 'notOpen',
  planSubmitted: 'notOpen',
  planReturned: 'notOpen',
  planApproved: 'notOpen',
  weekRunning: 'missing',
  summaryDue: 'missing',
  summarySubmitted: 'submitted',
  summaryReturned: 'returned',
  reviewed: 'done',
} as const satisfies Record<TParticipationState, TDeliverableStatus>;

const OWED: readonly TDeliverableStatus[] = ['missing', 'drafting', 'returned'];

/**
 * The deadline matrix's cells of one participation, from its workflow state and what it holds.
 * Plan and schedule are submitted together, so are summary and photos; the schedule is
 * `missing` while it has no row, the photos `drafting` once the slots are full (or the disc is in).
 * A deliverable still owed after its deadline is `overdue`.
 */
export function deliverableCells(f: TDeliverableFacts): Record<TDeliverable, TDeadlineCell> {
  const plan: TDeliverableStatus = PLAN_STAGE[f.state];
  const summary: TDeliverableStatus = SUMMARY_STAGE[f.state];
  const schedule = OWED.includes(plan) && f.activities === 0 ? 'missing' : plan;
  const photos = OWED.includes(summary) && (f.discDelivered || f.photos >= f.photosRequired) ? 'drafting' : summary;
  const cell = (status: TDeliverableStatus, overdue: boolean, late: boolean): TDeadlineCell => ({
    status: overdue && OWED.includes(status) ? 'overdue' : status,
    late,
  });
  return {
    plan: cell(plan, f.planOverdue, f.latePlan),
    schedule: cell(schedule, f.planOverdue, f.latePlan),
    summary: cell(summary, f.summaryOverdue, f.lateSummary),
    photos: cell(photos, f.summaryOverdue, f.lateSummary),
  };
}
