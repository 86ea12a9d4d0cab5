import type { TActivity, TPlanRevision } from '@learnweek/contracts';
import { diffChars, type ChangeObject } from 'diff';

export const PLAN_DIFF_FIELDS = ['leadingBody', 'budgetNote', 'publicity', 'text'] as const;
const ACTIVITY_DIFF_FIELDS = ['type', 'form', 'startsAt', 'endsAt', 'place', 'audiences', 'expectedParticipants', 'personInCharge', 'phone', 'free', 'notes'] as const;

export interface TRevisionDiff {
  fields: { field: (typeof PLAN_DIFF_FIELDS)[number]; parts: ChangeObject<string>[] }[];
  added: string[];
  removed: string[];
  changed: { title: string; fields: (typeof ACTIVITY_DIFF_FIELDS)[number][] }[];
}

/**
 * What changed between two submitted revisions of a plan: the text fields character by
 * character, the schedule rows by title (an import gives rows new ids) and, per row, which fields.
 */
export function planDiff(previous: TPlanRevision, current: TPlanRevision): TRevisionDiff {
  const fields = PLAN_DIFF_FIELDS.filter((f) => previous[f] !== current[f]).map((field) => ({ field, parts: diffChars(previous[field], current[field]) }));
  const byTitle = (rows: TActivity[]) => new Map(rows.map((a) => [a.title, a]));
  const before = byTitle(previous.activities);
  const after = byTitle(current.activities);
  const same = (a: TActivity, b: TActivity, f: (typeof ACTIVITY_DIFF_FIELDS)[number]) => JSON.stringify(a[f]) === JSON.stringify(b[f]);
  return {
    fields,
    added: [...after.keys()].filter((t) => !before.has(t)),
    removed: [...before.keys()].filter((t) => !after.has(t)),
    changed: [...after.entries()].flatMap(([title, a]) => {
      const b = before.get(title);
      const changedFields = b ? ACTIVITY_DIFF_FIELDS.filter((f) => !same(a, b, f)) : [];
      return changedFields.length ? [{ title, fields: changedFields }] : [];
    }),
  };
}
