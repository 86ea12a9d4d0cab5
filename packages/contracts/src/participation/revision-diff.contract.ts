import { z } from 'zod';
import { ZActivityType, ZInstant } from '../common/domain.js';
import { ACTIVITY_FIELDS, type TActivityField } from './activity.contract.js';
import { PLAN_FIELDS } from './plan.contract.js';

/**
 * What changed between two versions of a plan, a schedule or a summary: every changed field with
 * its old and new value. One definition for the approver's 历次提交 (two submitted revisions) and
 * for a schedule import's preview (the schedule as it is against the uploaded table).
 */

/** A field's value as it was or is: text, a number, yes/no, a list (audiences, photos) or none. */
export const ZFieldValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);
export type TFieldValue = z.infer<typeof ZFieldValue>;

/** One changed field: its name (a `field.*` label), the old value and the new. */
export const ZFieldChange = z.object({ field: z.string(), from: ZFieldValue, to: ZFieldValue });
export type TFieldChange = z.infer<typeof ZFieldChange>;

/** The schedule-table fields compared row by row (rows are matched by title: an import gives rows new ids): every field but the title. */
export type TActivityDiffField = Exclude<TActivityField, 'title'>;
export const ACTIVITY_DIFF_FIELDS = ACTIVITY_FIELDS.filter((f): f is TActivityDiffField => f !== 'title');
export const PLAN_DIFF_FIELDS = PLAN_FIELDS;
export const SUMMARY_DIFF_FIELDS = ['text', 'activitiesHeld', 'participants', 'discDelivered', 'photoIds'] as const;

/** A row added or removed, named by what a reader recognises it by. */
export const ZActivityBrief = z.object({ title: z.string(), type: ZActivityType, startsAt: ZInstant, endsAt: ZInstant, place: z.string() });
export type TActivityBrief = z.infer<typeof ZActivityBrief>;

export const ZScheduleChanges = z.object({
  added: z.array(ZActivityBrief),
  removed: z.array(ZActivityBrief),
  changed: z.array(z.object({ title: z.string(), fields: z.array(ZFieldChange) })),
  /** Rows the same before and after. */
  unchanged: z.number().int(),
});
export type TScheduleChanges = z.infer<typeof ZScheduleChanges>;

type TComparable = Record<TActivityDiffField, TFieldValue> & TActivityBrief;

const same = (a: TFieldValue, b: TFieldValue) => JSON.stringify(a) === JSON.stringify(b);
/** Instants compared as instants (a stored revision may spell one with or without milliseconds). */
const normal = (field: string, v: TFieldValue): TFieldValue =>
  typeof v === 'string' && (field === 'startsAt' || field === 'endsAt') && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : v;
const brief = (a: TComparable): TActivityBrief => ({
  title: a.title,
  type: a.type,
  startsAt: normal('startsAt', a.startsAt) as string,
  endsAt: normal('endsAt', a.endsAt) as string,
  place: a.place,
});

/** The fields of `fields` whose value differs, old → new. */
export function fieldChanges<F extends string>(
  before: Record<F, TFieldValue>,
  after: Record<F, TFieldValue>,
  fields: readonly F[],
): TFieldChange[] {
  return fields.flatMap((field) => {
    const from = normal(field, before[field]);
    const to = normal(field, after[field]);
    return same(from, to) ? [] : [{ field, from, to }];
  });
}

/**
 * The schedule before → after: rows matched by title (two rows of one title in their order),
 * each matched row's changed fields old → new, the rows only after (added) and only before (removed).
 */
export function scheduleChanges(before: readonly TComparable[], after: readonly TComparable[]): TScheduleChanges {
  const waiting = new Map<string, TComparable[]>();
  for (const b of before) waiting.set(b.title, [...(waiting.get(b.title) ?? []), b]);
  const out: TScheduleChanges = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const a of after) {
    const b = waiting.get(a.title)?.shift();
    if (!b) {
      out.added.push(brief(a));
      continue;
    }
    const fields = fieldChanges(b, a, ACTIVITY_DIFF_FIELDS);
    if (fields.length) out.changed.push({ title: a.title, fields });
    else out.unchanged += 1;
  }
  out.removed = [...waiting.values()].flat().map(brief);
  return out;
}
