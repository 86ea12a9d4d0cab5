import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_FIELDS,
  toStoredActivity,
  ZActivity,
  ZCreateActivityRequest,
  ZUpdateActivityRequest,
  type TActivity,
} from './activity.contract.js';
import { PLAN_FIELDS, ZPlan, ZPlanRevision, ZUpdatePlanRequest } from './plan.contract.js';
import { ACTIVITY_DIFF_FIELDS, PLAN_DIFF_FIELDS, scheduleChanges } from './revision-diff.contract.js';

/** A schedule row as the contract gives it (what a revision frozen today stores). */
const row: TActivity = {
  id: '00000000-0000-4000-8000-0000000000a1',
  version: 3,
  sortNo: 1,
  title: '主题讲座',
  type: 'lecture',
  form: '讲座',
  startsAt: '2017-10-24T01:00:00.000Z',
  endsAt: '2017-10-24T03:00:00.000Z',
  place: '报告厅',
  audiences: ['elderly'],
  expectedParticipants: 100,
  personInCharge: '王老师',
  phone: '',
  free: false,
  notes: '',
  status: 'planned',
  actualParticipants: null,
  report: null,
  cancelReason: null,
  heldAt: null,
};

describe('fields declared once', () => {
  it('derives the schedule fields from the contract: the plan edit, the diff, the create and the answer agree', () => {
    const record = ['status', 'actualParticipants', 'report', 'cancelReason', 'version'];
    expect(ACTIVITY_FIELDS).toEqual(Object.keys(ZUpdateActivityRequest.shape).filter((f) => !record.includes(f)));
    expect(Object.keys(ZCreateActivityRequest.shape)).toEqual(ACTIVITY_FIELDS);
    for (const f of ACTIVITY_FIELDS) expect(Object.keys(ZActivity.shape)).toContain(f);
    expect(ACTIVITY_DIFF_FIELDS).toEqual(ACTIVITY_FIELDS.filter((f) => f !== 'title'));
  });

  it('derives the plan fields from the contract: the form, the diff, the answer and a revision agree', () => {
    expect(PLAN_FIELDS).toEqual(['leadingBody', 'budgetNote', 'publicity', 'text']);
    expect(PLAN_DIFF_FIELDS).toBe(PLAN_FIELDS);
    expect(Object.keys(ZUpdatePlanRequest.shape)).toEqual([...PLAN_FIELDS, 'version']);
    for (const f of PLAN_FIELDS) expect(Object.keys(ZPlan.shape).concat(Object.keys(ZPlanRevision.shape))).toContain(f);
  });
});

describe('a stored revision’s activities (ZStoredActivityV1)', () => {
  it('reads today’s rows as they are, and a database row of an older build without its own columns', () => {
    expect(toStoredActivity(JSON.parse(JSON.stringify(row)))).toEqual(row);
    const dbRow = {
      ...row,
      participationId: 'p',
      createdAt: new Date('2017-10-01T00:00:00Z'),
      updatedAt: new Date('2017-10-02T00:00:00Z'),
    };
    expect(toStoredActivity(JSON.parse(JSON.stringify(dbRow)))).toEqual(row);
    // A time stored with an offset is the same instant.
    expect(toStoredActivity({ ...row, startsAt: '2017-10-24T09:00:00+08:00' }).startsAt).toBe(row.startsAt);
  });

  it('shows no change for a field an old revision predates when the unit left it at its default', () => {
    // Revision 1 was frozen before form, phone, free and notes existed.
    const predates = ['form', 'phone', 'free', 'notes', 'version'];
    const old = Object.fromEntries(Object.entries(row).filter(([k]) => !predates.includes(k)));
    const before = [toStoredActivity(JSON.parse(JSON.stringify(old)))];
    const after = [toStoredActivity({ ...row, form: '', version: 4 })];
    expect(scheduleChanges(before, after)).toEqual({ added: [], removed: [], changed: [], unchanged: 1 });
    // What the unit did change is named, and only that.
    const changed = [toStoredActivity({ ...row, form: '', notes: '请带身份证' })];
    expect(scheduleChanges(before, changed).changed).toEqual([
      { title: '主题讲座', fields: [{ field: 'notes', from: '', to: '请带身份证' }] },
    ]);
  });

  it('reads a value it cannot understand, or nothing at all, as the default rather than failing the whole detail', () => {
    const odd = toStoredActivity({ ...row, type: 'retiredType', audiences: 'elderly', startsAt: 'yesterday', heldAt: 42 });
    expect(odd).toMatchObject({ type: 'other', audiences: [], startsAt: '1970-01-01T00:00:00.000Z', heldAt: null, title: '主题讲座' });
    expect(toStoredActivity(null)).toMatchObject({ title: '', status: 'planned', version: 1 });
  });
});
