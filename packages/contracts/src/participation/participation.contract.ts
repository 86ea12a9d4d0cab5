import { z } from 'zod';
import { safeText } from '../common/text.js';
import {
  ZId,
  ZInstant,
  ZParticipationEventType,
  ZParticipationState,
  ZReviewSection,
  ZUnitKind,
  USER_PARTICIPATION_EVENTS,
  ZVersion,
} from '../common/domain.js';
import { ZPageQuery, page } from '../common/paging.js';
import { ZProblem } from '../common/problems.js';
import { ZActivity } from './activity.contract.js';
import { ZPlan, ZPlanRevision } from './plan.contract.js';
import { ZPhoto, ZSummary, ZSummaryRevision } from './summary.contract.js';

export const ZUnitRef = z.object({ id: ZId, code: z.string(), name: z.string(), kind: ZUnitKind, town: z.string() });
export type TUnitRef = z.infer<typeof ZUnitRef>;

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ZListParticipationsQuery = ZPageQuery.extend({
  state: ZParticipationState.optional(),
  kind: ZUnitKind.optional(),
  town: safeText({ max: 40 }).optional(),
  late: booleanQuery.optional(),
  overdue: booleanQuery.optional(),
  q: safeText({ max: 60 }).optional(),
}).strict();
export type TListParticipationsQuery = z.input<typeof ZListParticipationsQuery>;

export const ZParticipationListItem = z.object({
  id: ZId,
  unit: ZUnitRef,
  state: ZParticipationState,
  version: z.number().int(),
  latePlan: z.boolean(),
  lateSummary: z.boolean(),
  planOverdue: z.boolean(),
  summaryOverdue: z.boolean(),
  planSubmittedAt: ZInstant.nullable(),
  summarySubmittedAt: ZInstant.nullable(),
  updatedAt: ZInstant,
});
export type TParticipationListItem = z.infer<typeof ZParticipationListItem>;

export const ZListParticipationsResponse = page(ZParticipationListItem);
export type TListParticipationsResponse = z.infer<typeof ZListParticipationsResponse>;

export const ZTransition = z.object({
  id: z.string(),
  event: ZParticipationEventType,
  from: ZParticipationState,
  to: ZParticipationState,
  actor: z.string(),
  comment: z.string().nullable(),
  sectionComments: z.partialRecord(ZReviewSection, z.string()).nullable(),
  at: ZInstant,
});
export type TTransition = z.infer<typeof ZTransition>;

export const ZParticipationDetail = ZParticipationListItem.extend({
  campaignId: ZId,
  plan: ZPlan,
  planRevisions: z.array(ZPlanRevision),
  activities: z.array(ZActivity),
  summary: ZSummary,
  summaryRevisions: z.array(ZSummaryRevision),
  photos: z.array(ZPhoto),
  history: z.array(ZTransition),
  /** Events the caller may send now (the machine's `can()` for this caller and clock). */
  allowedEvents: z.array(ZParticipationEventType),
  /** The server's clock when it answered: days left are counted from it, not from the device's. */
  now: ZInstant,
  /** What stands between the caller and the next submission, by the machine's guards. */
  problems: z.array(ZProblem.and(z.object({ message: z.string() }))),
});
export type TParticipationDetail = z.infer<typeof ZParticipationDetail>;

export const ZSendEventRequest = z
  .object({
    type: z.enum(USER_PARTICIPATION_EVENTS),
    comment: safeText({ max: 2_000, multiline: true }).optional(),
    sectionComments: z.partialRecord(ZReviewSection, safeText({ max: 2_000, multiline: true })).optional(),
    version: ZVersion,
  })
  .strict();
export type TSendEventRequest = z.infer<typeof ZSendEventRequest>;

export const ZSendEventResponse = z.object({
  state: ZParticipationState,
  version: z.number().int(),
  allowedEvents: z.array(ZParticipationEventType),
});
export type TSendEventResponse = z.infer<typeof ZSendEventResponse>;

/** One review step for many participations (bulk approve): each applies or fails alone. */
export const ZBulkEventRequest = z
  .object({
    type: z.enum(['APPROVE_PLAN', 'ACCEPT_SUMMARY']),
    comment: safeText({ max: 2_000, multiline: true }).optional(),
    items: z
      .array(z.object({ id: ZId, version: ZVersion }).strict())
      .min(1)
      .max(500),
  })
  .strict();
export type TBulkEventRequest = z.infer<typeof ZBulkEventRequest>;

export const ZBulkEventResponse = z.object({
  applied: z.number().int(),
  failed: z.number().int(),
  items: z.array(
    z.object({
      id: ZId,
      ok: z.boolean(),
      state: ZParticipationState.optional(),
      version: z.number().int().optional(),
      /** Why it failed, in the caller's language (stale version, not allowed now, guard reasons). */
      statusCode: z.number().int().optional(),
      message: z.string().optional(),
    }),
  ),
});
export type TBulkEventResponse = z.infer<typeof ZBulkEventResponse>;
