import type { TActivity, TPlanRevision } from '@learnweek/contracts';
import { describe, expect, it } from 'vitest';
import { planDiff } from '../src/composables/revision-diff';

const activity = (title: string, extra: Partial<TActivity> = {}): TActivity => ({
  id: crypto.randomUUID(),
  version: 1,
  sortNo: 1,
  title,
  type: 'lecture',
  form: '',
  startsAt: '2017-10-24T01:00:00.000Z',
  endsAt: '2017-10-24T03:00:00.000Z',
  place: '报告厅',
  audiences: ['students'],
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
  ...extra,
});
const revision = (n: number, fields: Partial<TPlanRevision>): TPlanRevision => ({
  id: crypto.randomUUID(),
  revision: n,
  leadingBody: '领导小组',
  budgetNote: '',
  publicity: '',
  text: '实施方案正文',
  activities: [],
  submittedAt: '2017-10-01T00:00:00.000Z',
  ...fields,
});

describe('planDiff', () => {
  it('shows changed text fields character by character and the schedule rows added, removed and changed', () => {
    const before = revision(1, { activities: [activity('主题讲座'), activity('主题板报', { type: 'poster' })] });
    const after = revision(2, {
      publicity: '微信公众号',
      text: '实施方案新正文',
      activities: [activity('主题讲座', { place: '学校礼堂', expectedParticipants: 300 }), activity('志愿服务', { type: 'volunteer' })],
    });
    const d = planDiff(before, after);
    expect(d.fields.map((f) => f.field)).toEqual(['publicity', 'text']);
    expect(d.fields[1]!.parts.map((p) => [p.added ? '+' : p.removed ? '-' : '=', p.value])).toEqual([['=', '实施方案'], ['+', '新'], ['=', '正文']]);
    expect(d.added).toEqual(['志愿服务']);
    expect(d.removed).toEqual(['主题板报']);
    expect(d.changed).toEqual([{ title: '主题讲座', fields: ['place', 'expectedParticipants'] }]);
  });

  it('finds nothing between two equal revisions', () => {
    const rows = [activity('主题讲座')];
    expect(planDiff(revision(1, { activities: rows }), revision(2, { activities: rows }))).toEqual({ fields: [], added: [], removed: [], changed: [] });
  });
});
