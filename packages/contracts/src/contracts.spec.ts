import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_TYPE_LABELS,
  ACTIVITY_TYPES,
  AUDIENCE_LABELS,
  AUDIENCES,
  PARTICIPATION_EVENT_LABELS,
  PARTICIPATION_EVENTS,
  PARTICIPATION_STATE_LABELS,
  PARTICIPATION_STATES,
  problemMessage,
  UNIT_KIND_LABELS,
  UNIT_KINDS,
  ZCreateActivityRequest,
  ZProblem,
  ZUpdateActivityRequest,
  type TProblem,
} from './index.js';

const row = {
  title: '主题讲座',
  type: 'lecture',
  startsAt: '2017-10-24T09:00:00+08:00',
  endsAt: '2017-10-24T11:00:00+08:00',
  place: '报告厅',
  personInCharge: '王老师',
};

describe('labels', () => {
  it('name every member of every vocabulary in both languages', () => {
    const pairs: [readonly string[], Record<string, Record<string, string>>][] = [
      [UNIT_KINDS, UNIT_KIND_LABELS],
      [ACTIVITY_TYPES, ACTIVITY_TYPE_LABELS],
      [AUDIENCES, AUDIENCE_LABELS],
      [PARTICIPATION_STATES, PARTICIPATION_STATE_LABELS],
      [PARTICIPATION_EVENTS, PARTICIPATION_EVENT_LABELS],
    ];
    for (const [keys, labels] of pairs) {
      expect(Object.keys(labels).sort()).toEqual([...keys].sort());
      for (const k of keys) {
        expect(labels[k]!['zh-CN']).toMatch(/\p{Script=Han}/u);
        expect(labels[k]!.en).toMatch(/^[A-Z]/);
      }
    }
  });
});

describe('problem messages', () => {
  const all: TProblem[] = [
    { code: 'campaignNotPublished' },
    { code: 'planTextMissing' },
    { code: 'noActivityInWeek' },
    { code: 'activityOutsideWeek', activityTitle: 'Book club' },
    { code: 'fourOnesMissing', missing: ['classMeeting', 'poster'] },
    { code: 'freeClassMissing' },
    { code: 'summaryTextMissing' },
    { code: 'photosCount', count: 2, required: 3 },
    { code: 'commentRequired' },
    { code: 'nominationIncomplete', missing: ['story', 'photos'] },
    { code: 'quotaExceeded', kind: 'brandProject', max: 1 },
    { code: 'scoresIncomplete', scoredBy: 1, panel: 2 },
    { code: 'campaignOutstanding', units: 64, plans: 12, summaries: 52 },
  ];
  it('cover every problem code in both languages', () => {
    expect(all.map((p) => p.code).sort()).toEqual(ZProblem.options.map((o) => o.shape.code.value).sort());
    for (const p of all) {
      expect(problemMessage(p, 'zh-CN')).toMatch(/\p{Script=Han}/u);
      expect(problemMessage(p, 'en')).not.toMatch(/\p{Script=Han}{2}/u);
    }
    expect(problemMessage(all[4]!)).toBe('学校须覆盖“四个一”：缺少主题班会、主题板报');
    expect(problemMessage(all[10]!, 'en')).toBe(
      'Your unit may nominate at most 1 Lifelong-learning brand project this year; the quota is used up',
    );
    expect(problemMessage(all[11]!)).toBe('评审尚未完成：已评 1 / 2，还有 1 位评审未评分。确认仍要继续吗？');
    expect(problemMessage(all[12]!)).toBe(
      '还有 64 个单位未完成：12 个单位的实施方案、52 个单位的活动总结尚未提交或审核通过。结束后这些单位不能再提交。确认结束吗？',
    );
  });
});

describe('activity contracts', () => {
  it('fill defaults on create and refuse an end before the start', () => {
    expect(ZCreateActivityRequest.parse(row)).toMatchObject({ form: '', audiences: [], expectedParticipants: 0, free: false });
    const backwards = ZCreateActivityRequest.safeParse({ ...row, endsAt: '2017-10-24T08:00:00+08:00' });
    expect(backwards.success).toBe(false);
    expect(backwards.error?.issues[0]).toMatchObject({ path: ['endsAt'], message: 'lw.endsBeforeStart' });
  });

  it('never reset unspecified fields on update, ask for participants when held, and name the version edited', () => {
    expect(ZUpdateActivityRequest.parse({ title: '新名称', version: 3 })).toEqual({ title: '新名称', version: 3 });
    expect(ZUpdateActivityRequest.safeParse({ title: '新名称' }).error?.issues[0]?.path).toEqual(['version']);
    expect(ZUpdateActivityRequest.safeParse({ status: 'held', version: 1 }).error?.issues[0]?.path).toEqual(['actualParticipants']);
    expect(ZUpdateActivityRequest.safeParse({ phone: '110', version: 1 }).success).toBe(false);
    expect(ZUpdateActivityRequest.safeParse({ phone: '13812345678', version: 1 }).success).toBe(true);
    expect(ZUpdateActivityRequest.safeParse({ audiences: ['elderly', 'elderly'], version: 1 }).success).toBe(false);
  });
});
