import { z } from 'zod';
import { ZInstant } from '../common/domain.js';

/** The dates of a timeline an edit would set (launchVenue aside): what the preview is asked about. */
export const ZTimelinePreviewQuery = z
  .object({ planDueAt: ZInstant, weekStartsAt: ZInstant, weekEndsAt: ZInstant, launchAt: ZInstant, summaryDueAt: ZInstant })
  .strict();
export type TTimelinePreviewQuery = z.input<typeof ZTimelinePreviewQuery>;

export const TIMELINE_DATE_KEYS = ['planDueAt', 'weekStartsAt', 'weekEndsAt', 'launchAt', 'summaryDueAt'] as const;
export const ZTimelineDateKey = z.enum(TIMELINE_DATE_KEYS);
export type TTimelineDateKey = z.infer<typeof ZTimelineDateKey>;

/** At most this many of the activities that would leave the week are named (all are counted). */
export const TIMELINE_PREVIEW_LIST_MAX = 20;

/**
 * What changing a published campaign's dates would do, before it is saved: the dates moving (old →
 * new), the units' activities that were inside the week and would fall outside it, and the units that
 * still owe a deliverable whose new deadline has already passed.
 */
export const ZTimelinePreview = z.object({
  changes: z.array(z.object({ key: ZTimelineDateKey, from: ZInstant, to: ZInstant })),
  /** Activities inside the current week that the new one leaves out (of units taking part). */
  activitiesOutside: z.number().int(),
  /** The first of them (TIMELINE_PREVIEW_LIST_MAX), by start. */
  activities: z.array(z.object({ unit: z.string(), title: z.string(), startsAt: ZInstant })),
  /** Units still owing the plan or the summary whose new deadline is already past (they would be overdue at once). */
  becomeOverdue: z.number().int(),
  /** Distinct units concerned: with an activity leaving the week, or overdue at once. */
  unitsAffected: z.number().int(),
});
export type TTimelinePreview = z.infer<typeof ZTimelinePreview>;
