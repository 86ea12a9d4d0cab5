import { z } from 'zod';
import { safeText } from '../common/text.js';
import { ZId, ZInstant, ZVersion } from '../common/domain.js';

/** The summary's own fields (the text and the figures), in the form's order: the form, the conflict view and a submission's copy read them. */
export const ZSummaryFields = z.object({
  text: safeText({ max: 20_000, multiline: true }),
  activitiesHeld: z.number().int().min(0).max(10_000),
  participants: z.number().int().min(0).max(10_000_000),
});
export type TSummaryField = keyof typeof ZSummaryFields.shape;
export const SUMMARY_FIELDS = Object.keys(ZSummaryFields.shape) as TSummaryField[];

export const ZUpdateSummaryRequest = ZSummaryFields.partial().extend({ version: ZVersion }).strict();
export type TUpdateSummaryRequest = z.infer<typeof ZUpdateSummaryRequest>;

export const ZSummary = ZSummaryFields.extend({
  /** The approver's confirmation that the photo disc (光盘) was received. */
  discDelivered: z.boolean(),
  /** The coordinator's word that the disc was sent (it stands in for the photos until the approver confirms), and their note. */
  discSentAt: ZInstant.nullable(),
  discNote: z.string(),
  version: z.number().int(),
  revision: z.number().int(),
  updatedAt: ZInstant.nullable(),
});
export type TSummary = z.infer<typeof ZSummary>;

export const ZSummaryRevision = ZSummaryFields.extend({
  id: ZId,
  revision: z.number().int(),
  discDelivered: z.boolean(),
  photoIds: z.array(ZId),
  submittedAt: ZInstant,
});
export type TSummaryRevision = z.infer<typeof ZSummaryRevision>;

/** Was the photo taken inside the week (EXIF date)? Without a date the approver decides. */
export const ZPhotoDateCheck = z.enum(['insideWeek', 'outsideWeek', 'noExif']);
export type TPhotoDateCheck = z.infer<typeof ZPhotoDateCheck>;

export const ZPhoto = z.object({
  id: ZId,
  activityId: ZId.nullable(),
  caption: z.string(),
  dateCheck: ZPhotoDateCheck,
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  takenAt: ZInstant.nullable(),
  /** Signed, expiring links to the served copies (web size and thumbnail; no metadata). */
  url: z.string(),
  thumbUrl: z.string(),
});
export type TPhoto = z.infer<typeof ZPhoto>;

/** The multipart fields sent with a photo (the file itself is the `file` part). */
export const ZUploadPhotoFields = z.object({ activityId: ZId, caption: safeText({ max: 100 }).default('') }).strict();
export type TUploadPhotoFields = z.infer<typeof ZUploadPhotoFields>;

/** An approver's mark: the photo disc (光盘) was delivered instead of uploads. */
export const ZDiscRequest = z.object({ delivered: z.boolean() }).strict();
export type TDiscRequest = z.infer<typeof ZDiscRequest>;

/** The coordinator's word: the photo disc (光盘) was sent (with a note: how, when, to whom), or not after all. */
export const ZDiscSentRequest = z.object({ sent: z.boolean(), note: safeText({ max: 500, multiline: true }).default('') }).strict();
export type TDiscSentRequest = z.input<typeof ZDiscSentRequest>;

export const ZServedFileQuery = z
  // d: the file's district, signed with the rest (a link made in no district has none).
  .object({ size: z.enum(['web', 'thumb']), exp: z.coerce.number().int(), d: ZId.optional(), sig: safeText({ max: 100 }) })
  .strict();
