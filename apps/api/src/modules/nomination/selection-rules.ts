import { NOMINATION_KINDS, NOMINATION_REQUIRED_FIELDS, type TFieldError, type TNominationKind, type TProblem } from '@learnweek/contracts';

/**
 * The exemplar selection's own rules beside the workflow's guards (docs/PRODUCT.md §7): the fields a
 * kind must have before it leaves its unit, the panel's completeness before 拟表彰 and 公布, and the
 * ranking per kind.
 */

const REQUIRED_MESSAGES = { yearsRunning: 'lw.yearsRunningRequired', participantsReached: 'lw.participantsReachedRequired' } as const;

/** The kind's required fields left empty, as field errors (the form shows each under its item). */
export function missingRequiredFields(
  kind: TNominationKind,
  n: { yearsRunning: number | null; participantsReached: number | null },
): TFieldError[] {
  const required: readonly (keyof typeof REQUIRED_MESSAGES)[] = NOMINATION_REQUIRED_FIELDS[kind];
  return required.filter((f) => n[f] === null).map((f) => ({ path: f, message: REQUIRED_MESSAGES[f] }));
}

/**
 * How many of the panel have scored every criterion of a nomination: `scoresIncomplete` while some
 * have not (an empty panel asks nothing), null when all have.
 */
export function incompleteScores(
  scores: readonly { panelistId: string; criterion: string }[],
  criteria: readonly string[],
  panel: readonly string[],
): Extract<TProblem, { code: 'scoresIncomplete' }> | null {
  const scoredBy = panel.filter((id) => criteria.every((c) => scores.some((s) => s.panelistId === id && s.criterion === c))).length;
  return scoredBy < panel.length ? { code: 'scoresIncomplete', scoredBy, panel: panel.length } : null;
}

/**
 * The ranking: each kind on its own (learning stars, then brand projects), highest mean first,
 * unscored last; equal means share a rank.
 */
export function rankByKind<T extends { kind: TNominationKind; score: { mean: number | null } | null }>(
  items: readonly T[],
): (T & { rank: number })[] {
  return NOMINATION_KINDS.flatMap((kind) => {
    const sorted = items.filter((n) => n.kind === kind).sort((a, b) => (b.score?.mean ?? -1) - (a.score?.mean ?? -1));
    const mean = (x: T) => x.score?.mean ?? -1;
    return sorted.map((n) => ({ ...n, rank: sorted.findIndex((m) => mean(m) === mean(n)) + 1 }));
  });
}
