import { z } from 'zod';
import { ZId, ZInstant } from '../common/domain.js';

export const ZUpdateSummaryRequest = z
  .object({
    text: z.string().trim().max(20_000),
    activitiesHeld: z.number().int().min(0).max(10_000),
    participants: z.number().int().min(0).max(10_000_000),
  })
  .partial()
  .strict();
export type TUpdateSummaryRequest = z.infer<typeof ZUpdateSummaryRequest>;

export const ZSummary = z.object({
  text: z.string(),
  activitiesHeld: z.number().int(),
  participants: z.number().int(),
  discDelivered: z.boolean(),
  revision: z.number().int(),
  updatedAt: ZInstant.nullable(),
});
export type TSummary = z.infer<typeof ZSummary>;

export const ZSummaryRevision = z.object({
  id: ZId,
  revision: z.number().int(),
  text: z.string(),
  activitiesHeld: z.number().int(),
  participants: z.number().int(),
  discDelivered: z.boolean(),
  photoIds: z.array(ZId),
  submittedAt: ZInstant,
});
export type TSummaryRevision = z.infer<typeof ZSummaryRevision>;

export const ZPhoto = z.object({
  id: ZId,
  activityId: ZId.nullable(),
  caption: z.string(),
  dateCheck: z.enum(['insideWeek', 'outsideWeek', 'noExif']),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  url: z.string(),
  thumbUrl: z.string(),
});
export type TPhoto = z.infer<typeof ZPhoto>;
