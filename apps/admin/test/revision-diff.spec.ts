import type { TActivity, TPlanRevision, TSummaryRevision } from '@learnweek/contracts';
import { describe, expect, it } from 'vitest';
import { isEmptyDiff, planDiff, summaryDiff } from '../src/composables/revision-diff';
import { activityRow } from './fixtures';

const activity = (title: string, extra: Partial<TActivity> = {}): TActivity =>
  activityRow({
    id: crypto.randomUUID(),
    title,
    startsAt: '2017-10-24T01:00:00.000Z',
    endsAt: '2017-10-24T03:00:00.000Z',
    place: '报告厅',
    audiences: ['students'],
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
  it('shows changed text fields character by character and the schedule rows added, removed and changed old → new', () => {
    const before = revision(1, { activities: [activity('主题讲座'), activity('主题板报', { type: 'poster' })] });
    const after = revision(2, {
      publicity: '微信公众号',
      text: '实施方案新正文',
      activities: [activity('主题讲座', { place: '学校礼堂', expectedParticipants: 300 }), activity('志愿服务', { type: 'volunteer' })],
    });
    const d = planDiff(before, after);
    expect(d.texts.map((f) => f.field)).toEqual(['publicity', 'text']);
    expect(d.texts[1]!.parts.map((p) => [p.added ? '+' : p.removed ? '-' : '=', p.value])).toEqual([
      ['=', '实施方案'],
      ['+', '新'],
      ['=', '正文'],
    ]);
    expect(d.schedule!.added.map((a) => a.title)).toEqual(['志愿服务']);
    expect(d.schedule!.removed.map((a) => a.title)).toEqual(['主题板报']);
    expect(d.schedule!.changed).toEqual([
      {
        title: '主题讲座',
        fields: [
          { field: 'place', from: '报告厅', to: '学校礼堂' },
          { field: 'expectedParticipants', from: 100, to: 300 },
        ],
      },
    ]);
  });

  it('finds nothing between two equal revisions, instants compared as instants', () => {
    const rows = [activity('主题讲座')];
    const d = planDiff(
      revision(1, { activities: [activity('主题讲座', { startsAt: '2017-10-24T01:00:00Z' })] }),
      revision(2, { activities: rows }),
    );
    expect(isEmptyDiff(d)).toBe(true);
  });
});

describe('summaryDiff', () => {
  const summary = (n: number, fields: Partial<TSummaryRevision>): TSummaryRevision => ({
    id: crypto.randomUUID(),
    revision: n,
    text: '总结',
    activitiesHeld: 3,
    participants: 200,
    discDelivered: false,
    photoIds: [],
    submittedAt: '2017-11-01T00:00:00.000Z',
    ...fields,
  });
  it('gives the figures, the disc and the photos old → new', () => {
    const d = summaryDiff(summary(1, {}), summary(2, { participants: 260, discDelivered: true, photoIds: [crypto.randomUUID()] }));
    expect(d.texts).toEqual([]);
    expect(d.fields.map((f) => [f.field, f.from, Array.isArray(f.to) ? f.to.length : f.to])).toEqual([
      ['participants', 200, 260],
      ['discDelivered', false, true],
      ['photoIds', [], 1],
    ]);
  });
});
