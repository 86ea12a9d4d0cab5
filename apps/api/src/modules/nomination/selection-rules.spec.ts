import { describe, expect, it } from 'vitest';
import { incompleteScores, missingRequiredFields, rankByKind } from './selection-rules.js';

const C = ['事迹', '成效'];

describe('exemplar selection rules', () => {
  it('asks a brand project for its years running and people reached, a learning star for neither', () => {
    expect(missingRequiredFields('brandProject', { yearsRunning: null, participantsReached: 0 })).toEqual([
      { path: 'yearsRunning', message: 'lw.yearsRunningRequired' },
    ]);
    expect(missingRequiredFields('brandProject', { yearsRunning: 3, participantsReached: null })).toEqual([
      { path: 'participantsReached', message: 'lw.participantsReachedRequired' },
    ]);
    expect(missingRequiredFields('learningStar', { yearsRunning: null, participantsReached: null })).toEqual([]);
  });

  it('counts the panelists who scored every criterion', () => {
    const scores = [
      { panelistId: 'a', criterion: '事迹' },
      { panelistId: 'a', criterion: '成效' },
      { panelistId: 'b', criterion: '事迹' },
      { panelistId: 'x', criterion: '事迹' },
      { panelistId: 'x', criterion: '成效' },
    ];
    expect(incompleteScores(scores, C, ['a', 'b'])).toEqual({ code: 'scoresIncomplete', scoredBy: 1, panel: 2 });
    expect(incompleteScores(scores, C, ['a'])).toBeNull();
    expect(incompleteScores([], C, [])).toBeNull();
  });

  it('ranks each kind on its own, unscored last, equal means sharing a rank', () => {
    const n = (name: string, kind: 'learningStar' | 'brandProject', mean: number | null) => ({ name, kind, score: { mean } });
    const ranked = rankByKind([
      n('甲', 'brandProject', 70),
      n('乙', 'learningStar', null),
      n('丙', 'learningStar', 90),
      n('丁', 'brandProject', 95),
      n('戊', 'learningStar', 90),
    ]);
    expect(ranked.map((r) => [r.name, r.kind, r.rank])).toEqual([
      ['丙', 'learningStar', 1],
      ['戊', 'learningStar', 1],
      ['乙', 'learningStar', 3],
      ['丁', 'brandProject', 1],
      ['甲', 'brandProject', 2],
    ]);
  });
});
