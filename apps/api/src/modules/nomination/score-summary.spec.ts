import { describe, expect, it } from 'vitest';
import { summarizeScores } from './score-summary.js';

const C = ['事迹典型性', '示范带动', '材料完整'];
const row = (panelistId: string, ...scores: number[]) => scores.map((score, i) => ({ panelistId, criterion: C[i]!, score }));

describe('summarizeScores', () => {
  it('averages each panelist over the criteria, then the panelists, with their spread', () => {
    const s = summarizeScores([...row('a', 90, 80, 70), ...row('b', 60, 60, 60), ...row('c', 100, 90, 80)], C);
    expect(s).toEqual({ scoredBy: 3, mean: 76.67, min: 60, max: 90, spread: 12.47 });
  });

  it('counts only panelists who scored every criterion, and ignores unknown criteria', () => {
    const s = summarizeScores([...row('a', 90, 90, 90), ...row('b', 10, 10), { panelistId: 'a', criterion: '其他', score: 0 }], C);
    expect(s).toEqual({ scoredBy: 1, mean: 90, min: 90, max: 90, spread: 0 });
    expect(summarizeScores([], C)).toEqual({ scoredBy: 0, mean: null, min: null, max: null, spread: null });
  });
});
