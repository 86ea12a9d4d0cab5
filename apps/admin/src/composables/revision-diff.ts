import {
  fieldChanges,
  PLAN_DIFF_FIELDS,
  scheduleChanges,
  type TFieldChange,
  type TPlanRevision,
  type TScheduleChanges,
  type TSummaryRevision,
} from '@learnweek/contracts';
import { diffChars, type ChangeObject } from 'diff';

export { PLAN_DIFF_FIELDS };

/** A long text field that changed, character by character (deleted and inserted runs). */
export interface TTextChange {
  field: string;
  parts: ChangeObject<string>[];
}

export interface TRevisionDiff {
  /** The long texts, character by character. */
  texts: TTextChange[];
  /** The short fields, old → new. */
  fields: TFieldChange[];
  /** A plan's schedule: rows added, removed and each changed row's fields old → new. */
  schedule: TScheduleChanges | null;
}

const textChanges = (pairs: readonly (readonly [string, string, string])[]): TTextChange[] =>
  pairs.filter(([, a, b]) => a !== b).map(([field, a, b]) => ({ field, parts: diffChars(a, b) }));

/**
 * What changed between two submitted revisions of a plan: the text fields character by character,
 * the schedule rows matched by title (an import gives rows new ids), each changed field old → new.
 */
export function planDiff(previous: TPlanRevision, current: TPlanRevision): TRevisionDiff {
  return {
    texts: textChanges(PLAN_DIFF_FIELDS.map((f) => [f, previous[f], current[f]] as const)),
    fields: [],
    schedule: scheduleChanges(previous.activities, current.activities),
  };
}

/** What changed between two submitted summaries: the text character by character, the figures, the disc and the photos old → new. */
export function summaryDiff(previous: TSummaryRevision, current: TSummaryRevision): TRevisionDiff {
  return {
    texts: textChanges([['summaryText', previous.text, current.text]]),
    fields: fieldChanges(previous, current, ['activitiesHeld', 'participants', 'discDelivered', 'photoIds']),
    schedule: null,
  };
}

/** Nothing changed at all. */
export const isEmptyDiff = (d: TRevisionDiff) =>
  !d.texts.length &&
  !d.fields.length &&
  (!d.schedule || (!d.schedule.added.length && !d.schedule.removed.length && !d.schedule.changed.length));
