import type { TScoreSummary } from '@learnweek/contracts';

/**
 * The panel's verdict on one nomination: each panelist's total is the mean of their scores
 * over the campaign's criteria (only panelists who scored every criterion count); the
 * nomination's score is the mean of those totals, its spread their standard deviation.
 */
export function summarizeScores(
  scores: readonly { panelistId: string; criterion: string; score: number }[],
  criteria: readonly string[],
): TScoreSummary {
  const byPanelist = new Map<string, Map<string, number>>();
  for (const s of scores) {
    if (!criteria.includes(s.criterion)) continue;
    const m = byPanelist.get(s.panelistId) ?? new Map<string, number>();
    m.set(s.criterion, s.score);
    byPanelist.set(s.panelistId, m);
  }
  const totals = [...byPanelist.values()]
    .filter((m) => m.size === criteria.length)
    .map((m) => [...m.values()].reduce((a, b) => a + b, 0) / criteria.length);
  if (totals.length === 0) return { scoredBy: 0, mean: null, min: null, max: null, spread: null };
  const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
  const spread = Math.sqrt(totals.reduce((a, t) => a + (t - mean) ** 2, 0) / totals.length);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    scoredBy: totals.length,
    mean: round(mean),
    min: round(Math.min(...totals)),
    max: round(Math.max(...totals)),
    spread: round(spread),
  };
}
