import { describe, expect, it } from 'vitest';
import { deliverableCells, type TDeliverableFacts } from './deadline-cells.js';

const facts = (over: Partial<TDeliverableFacts>): TDeliverableFacts => ({
  state: 'invited',
  planOverdue: false,
  summaryOverdue: false,
  latePlan: false,
  lateSummary: false,
  activities: 0,
  photos: 0,
  discDelivered: false,
  photosRequired: 3,
  ...over,
});
const statuses = (f: Partial<TDeliverableFacts>) =>
  Object.fromEntries(Object.entries(deliverableCells(facts(f))).map(([k, c]) => [k, c.status]));

describe('deliverableCells', () => {
  it('shows an invited unit owing plan and schedule, the summary not open yet', () => {
    expect(statuses({})).toEqual({ plan: 'missing', schedule: 'missing', summary: 'notOpen', photos: 'notOpen' });
  });

  it('tells a drafted schedule from an empty one', () => {
    expect(statuses({ state: 'drafting', activities: 0 })).toMatchObject({ plan: 'drafting', schedule: 'missing' });
    expect(statuses({ state: 'drafting', activities: 2 })).toMatchObject({ plan: 'drafting', schedule: 'drafting' });
  });

  it('turns what is still owed red after the deadline, never what was submitted', () => {
    expect(statuses({ state: 'drafting', planOverdue: true, activities: 1 })).toMatchObject({ plan: 'overdue', schedule: 'overdue' });
    expect(statuses({ state: 'planSubmitted', planOverdue: true })).toMatchObject({ plan: 'submitted', schedule: 'submitted' });
  });

  it('follows the summary and its photos, counting the disc as the photos', () => {
    expect(statuses({ state: 'summaryDue', photos: 2 })).toEqual({ plan: 'done', schedule: 'done', summary: 'missing', photos: 'missing' });
    expect(statuses({ state: 'summaryDue', photos: 3 })).toMatchObject({ photos: 'drafting' });
    expect(statuses({ state: 'summaryReturned', discDelivered: true, summaryOverdue: true })).toMatchObject({
      summary: 'overdue',
      photos: 'overdue',
    });
    expect(statuses({ state: 'reviewed', photos: 3 })).toMatchObject({ summary: 'done', photos: 'done' });
  });

  it('carries the late flags', () => {
    const c = deliverableCells(facts({ state: 'planApproved', latePlan: true }));
    expect(c.plan).toEqual({ status: 'done', late: true });
    expect(c.summary.late).toBe(false);
  });
});
