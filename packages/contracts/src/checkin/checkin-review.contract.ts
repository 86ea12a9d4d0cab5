import { z } from 'zod';
import { ZId, ZInstant } from '../common/domain.js';
import { safeText } from '../common/text.js';

/**
 * The organiser's review of self check-ins (docs/PRODUCT.md, 签到): those held because one address
 * sent a burst of new people, and check-ins that should not count (voided, with a reason).
 */
export const ZHeldCheckin = z.object({
  id: ZId,
  name: z.string(),
  unitName: z.string().nullable(),
  town: z.string().nullable(),
  /** The sender's address, as a short tag: holds from one address are told apart by it. */
  address: z.string(),
  at: ZInstant,
});
export type THeldCheckin = z.infer<typeof ZHeldCheckin>;
export const ZListHeldCheckinsResponse = z.object({ items: z.array(ZHeldCheckin) });
export type TListHeldCheckinsResponse = z.infer<typeof ZListHeldCheckinsResponse>;

const ids = z.array(ZId).max(1_000);
/** Held check-ins approved (counted from now, at the moment they were sent) or discarded. */
export const ZReviewHeldRequest = z
  .object({ approve: ids.default([]), discard: ids.default([]) })
  .strict()
  .refine((r) => r.approve.length + r.discard.length > 0, { path: ['approve'], message: 'lw.blank' });
export type TReviewHeldRequest = z.input<typeof ZReviewHeldRequest>;
export const ZReviewHeldResponse = z.object({ approved: z.number().int(), discarded: z.number().int(), total: z.number().int() });
export type TReviewHeldResponse = z.infer<typeof ZReviewHeldResponse>;

/** Check-ins that should not count: removed from every figure, the wall's included; the audit log keeps who, when and why. */
export const ZVoidCheckinsRequest = z
  .object({ checkinIds: z.array(ZId).min(1).max(1_000), reason: safeText({ min: 1, max: 200 }) })
  .strict();
export type TVoidCheckinsRequest = z.infer<typeof ZVoidCheckinsRequest>;
export const ZVoidCheckinsResponse = z.object({ voided: z.number().int(), total: z.number().int() });
export type TVoidCheckinsResponse = z.infer<typeof ZVoidCheckinsResponse>;
