import { z } from 'zod';
import { ZAudience, ZId, ZInstant, ZParticipationState } from '../common/domain.js';
import { ZPageQuery, page } from '../common/paging.js';
import { ZUnitRef } from '../participation/participation.contract.js';
import { ZPhoto, ZPhotoDateCheck } from '../participation/summary.contract.js';

const count = z.number().int().min(0);
export const ZStateCounts = z.partialRecord(ZParticipationState, count);
export type TStateCounts = z.infer<typeof ZStateCounts>;

/** Participations of one unit kind or one town. */
export const ZBoardGroup = z.object({ key: z.string(), total: count, byState: ZStateCounts, late: count, overdue: count });
export type TBoardGroup = z.infer<typeof ZBoardGroup>;

/** The status board of a campaign (docs/PRODUCT.md §4): where every unit stands and what the week has done. */
export const ZStatusBoard = z.object({
  campaignId: ZId,
  at: ZInstant,
  total: count,
  byState: ZStateCounts,
  late: z.object({ plan: count, summary: count }),
  overdue: z.object({ plan: count, summary: count }),
  byKind: z.array(ZBoardGroup),
  byTown: z.array(ZBoardGroup),
  activities: z.object({ planned: count, held: count, cancelled: count, expectedParticipants: count, actualParticipants: count }),
  /** Activities (not cancelled) reaching each audience: the coverage of the vulnerable groups. */
  audiences: z.partialRecord(ZAudience, count),
  /** Units bound to the "four ones" (schools) and how many have all four in their schedule. */
  fourOnes: z.object({ units: count, complete: count }),
  /** Units bound to a free class (community centres), how many have one for a vulnerable group, and the classes. */
  freeClasses: z.object({ units: count, complete: count, classes: count }),
});
export type TStatusBoard = z.infer<typeof ZStatusBoard>;

/** The organizer's photo gallery: every summary photo of the campaign, newest first. */
export const ZGalleryQuery = ZPageQuery.extend({ dateCheck: ZPhotoDateCheck.optional() }).strict();
export type TGalleryQuery = z.input<typeof ZGalleryQuery>;
export const ZGalleryResponse = page(ZPhoto.extend({ participationId: ZId, unit: ZUnitRef, activityTitle: z.string().nullable() }));
export type TGalleryResponse = z.infer<typeof ZGalleryResponse>;
