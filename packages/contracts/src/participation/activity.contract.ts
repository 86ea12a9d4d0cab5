import { z } from 'zod';
import { safeText } from '../common/text.js';
import { ZActivityStatus, ZActivityType, ZAudience, ZId, ZInstant, ZVersion } from '../common/domain.js';

/** A mobile (13812345678, +86 138 1234 5678) or a landline with area code (0519-85123456), kept as typed. */
const PHONE_DIGITS = /^(1\d{10}|0\d{9,11})$/;
export const ZPhone = safeText({ max: 20 }).refine(
  (v) => PHONE_DIGITS.test(v.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '')),
  'lw.phone',
);
const text = (max: number, multiline = false) => safeText({ max, multiline });
const required = (max: number) => safeText({ min: 1, max });

/** The schedule-table columns, with no defaults (so that a partial update never resets a field). */
const activityFields = {
  title: required(100),
  type: ZActivityType,
  form: text(40),
  startsAt: ZInstant,
  endsAt: ZInstant,
  place: required(100),
  audiences: z
    .array(ZAudience)
    .max(8)
    .refine((a) => new Set(a).size === a.length, 'lw.duplicateAudience'),
  expectedParticipants: z.number().int().min(0).max(100_000),
  personInCharge: required(40),
  phone: z.union([ZPhone, z.literal('')]),
  free: z.boolean(),
  notes: text(500, true),
};

/** A schedule-table field: what a plan edit may change, what the export's table and a revision's diff read (one declaration: `activityFields`). */
export type TActivityField = keyof typeof activityFields;
/** The schedule-table fields, in the table's order. */
export const ACTIVITY_FIELDS = Object.keys(activityFields) as TActivityField[];

/** 简要情况: a few paragraphs, kept with their line breaks. */
export const REPORT_MAX = 1000;

const endsAfterStart = (a: { startsAt?: string; endsAt?: string }) =>
  !a.startsAt || !a.endsAt || Date.parse(a.endsAt) >= Date.parse(a.startsAt);

export const ZCreateActivityRequest = z
  .object({
    ...activityFields,
    form: activityFields.form.default(''),
    audiences: activityFields.audiences.default([]),
    expectedParticipants: activityFields.expectedParticipants.default(0),
    phone: activityFields.phone.default(''),
    free: activityFields.free.default(false),
    notes: activityFields.notes.default(''),
  })
  .strict()
  .refine(endsAfterStart, { message: 'lw.endsBeforeStart', path: ['endsAt'] });
export type TCreateActivityRequest = z.input<typeof ZCreateActivityRequest>;

/**
 * Any subset of the fields, with the row's `version` they were edited from. From the week's start
 * until the summary is submitted: `status` held (only once the activity has started) with
 * `actualParticipants` and a multi-line `report` (简要情况), corrected the same way, withdrawn with
 * `status` planned; cancelled with a `cancelReason` (also once the plan is approved, before the week).
 */
export const ZUpdateActivityRequest = z
  .object(activityFields)
  .partial()
  .extend({
    status: ZActivityStatus.optional(),
    actualParticipants: z.number().int().min(0).max(100_000).optional(),
    report: text(REPORT_MAX, true).optional(),
    cancelReason: text(200).optional(),
    version: ZVersion,
  })
  .strict()
  .refine(endsAfterStart, { message: 'lw.endsBeforeStart', path: ['endsAt'] })
  .refine((a) => a.status !== 'held' || a.actualParticipants !== undefined, {
    message: 'lw.heldNeedsParticipants',
    path: ['actualParticipants'],
  })
  .refine((a) => a.status !== 'cancelled' || !!a.cancelReason?.trim(), {
    message: 'lw.cancelNeedsReason',
    path: ['cancelReason'],
  });
export type TUpdateActivityRequest = z.infer<typeof ZUpdateActivityRequest>;

export const ZActivity = z.object({
  id: ZId,
  version: z.number().int(),
  sortNo: z.number().int(),
  title: z.string(),
  type: ZActivityType,
  form: z.string(),
  startsAt: ZInstant,
  endsAt: ZInstant,
  place: z.string(),
  audiences: z.array(ZAudience),
  expectedParticipants: z.number().int(),
  personInCharge: z.string(),
  phone: z.string(),
  free: z.boolean(),
  notes: z.string(),
  status: ZActivityStatus,
  actualParticipants: z.number().int().nullable(),
  report: z.string().nullable(),
  cancelReason: z.string().nullable(),
  heldAt: ZInstant.nullable(),
});
export type TActivity = z.infer<typeof ZActivity>;

export const ACTIVITY_RECORD_ACTIONS = ['held', 'corrected', 'withdrawn', 'cancelled', 'reinstated'] as const;
export const ZActivityRecordAction = z.enum(ACTIVITY_RECORD_ACTIONS);
export type TActivityRecordAction = z.infer<typeof ZActivityRecordAction>;

/** One change of what happened at an activity, as the row was after it (oldest first). */
export const ZActivityRecord = z.object({
  id: z.string(),
  action: ZActivityRecordAction,
  status: ZActivityStatus,
  actualParticipants: z.number().int().nullable(),
  report: z.string().nullable(),
  cancelReason: z.string().nullable(),
  actorLabel: z.string(),
  at: ZInstant,
});
export type TActivityRecord = z.infer<typeof ZActivityRecord>;
export const ZActivityRecordsResponse = z.object({ items: z.array(ZActivityRecord) });
export type TActivityRecordsResponse = z.infer<typeof ZActivityRecordsResponse>;

export const ZListActivitiesResponse = z.object({ items: z.array(ZActivity) });
export type TListActivitiesResponse = z.infer<typeof ZListActivitiesResponse>;

/** GET …/activities.xlsx?template=1 gives the blank template with pick lists. */
export const ZScheduleExportQuery = z
  .object({
    template: z
      .enum(['0', '1', 'true', 'false'])
      .optional()
      .transform((v) => v === '1' || v === 'true'),
  })
  .strict();

/** The public calendar of the week (no sign-in): approved units' activities open to residents, without personal contacts. */
export const ZPublicActivitiesQuery = z.object({ town: safeText({ max: 40 }).optional(), free: z.enum(['true']).optional() }).strict();
export const ZPublicActivities = z.object({
  campaign: z.object({
    id: ZId,
    title: z.string(),
    theme: z.string(),
    weekStartsAt: ZInstant,
    weekEndsAt: ZInstant,
    /** Who residents ask (the organiser's campaign setting); '' when none is set. */
    enquiryContact: z.string(),
  }),
  /** The launch ceremony (启动仪式), open to everyone; listed on its day before the units' activities. */
  ceremony: z.object({ startsAt: ZInstant, venue: z.string(), day: z.string() }),
  towns: z.array(z.string()),
  items: z.array(
    z.object({
      id: ZId,
      title: z.string(),
      type: ZActivityType,
      unitName: z.string(),
      town: z.string(),
      place: z.string(),
      startsAt: ZInstant,
      endsAt: ZInstant,
      /** Its China calendar days (YYYY-MM-DD, Asia/Shanghai), first to last: a multi-day activity is listed on each. */
      days: z.array(z.string()),
      audiences: z.array(ZAudience),
      free: z.boolean(),
      held: z.boolean(),
      cancelled: z.boolean(),
    }),
  ),
});
export type TPublicActivities = z.infer<typeof ZPublicActivities>;

/**
 * What a stored revision's activity reads for a field it lacks (it was frozen before the field was
 * added) or holds in an older shape: the value a row had by default then, so that comparing an old
 * revision with a new one names only what the unit changed. Every field of `ZActivity` has one
 * (`satisfies TActivity`): a new field does not compile until it says what old revisions read.
 */
const STORED_ACTIVITY_DEFAULTS = {
  id: '00000000-0000-4000-8000-000000000000',
  version: 1,
  sortNo: 0,
  title: '',
  type: 'other',
  form: '',
  startsAt: '1970-01-01T00:00:00.000Z',
  endsAt: '1970-01-01T00:00:00.000Z',
  place: '',
  audiences: [],
  expectedParticipants: 0,
  personInCharge: '',
  phone: '',
  free: false,
  notes: '',
  status: 'planned',
  actualParticipants: null,
  report: null,
  cancelReason: null,
  heldAt: null,
} as const satisfies TActivity;

/** `shape` with each field falling back to its default when missing or unreadable. */
function withDefaults<S extends Record<string, z.ZodType>>(shape: S, defaults: { [K in keyof S]: z.output<S[K]> }) {
  const fields = Object.fromEntries(
    (Object.entries(shape) as [keyof S & string, z.ZodType][]).map(([k, schema]) => [k, schema.catch(defaults[k])]),
  );
  return z.object(fields as { [K in keyof S]: z.ZodCatch<S[K]> });
}

/** Instants as JSON stores them: a `Date` serialised (…Z), or a time with its offset; kept as the instant. */
const storedInstant = z.union([z.iso.datetime({ offset: true }), z.date()]).transform((v) => new Date(v).toISOString());

/**
 * Version 1 of an activity as a submitted plan revision stores it (PlanRevision.activities, JSON):
 * the schedule row as it was (the database row serialised, before 2026-12 with its own extra
 * columns, which are dropped), each field read with its default. A change old revisions cannot be
 * read through by a default (a renamed field, a new meaning) adds a version 2 beside it.
 */
export const ZStoredActivityV1 = withDefaults(
  {
    ...ZActivity.shape,
    startsAt: storedInstant,
    endsAt: storedInstant,
    heldAt: storedInstant.nullable(),
  },
  STORED_ACTIVITY_DEFAULTS,
);
/** A stored activity of any version, as the contract's activity. */
export const toStoredActivity = (raw: unknown): TActivity => ZStoredActivityV1.parse(raw ?? {});
