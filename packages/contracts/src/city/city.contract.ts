import { z } from 'zod';
import { ZCampaignStatus, ZId } from '../common/domain.js';

/** The city board's year (China's calendar year of now, when not given). */
export const ZCityBoardQuery = z.object({ year: z.coerce.number().int().min(2000).max(2999).optional() }).strict();
export type TCityBoardQuery = z.input<typeof ZCityBoardQuery>;

/** What the board counts, for a district or for the city (the sum of its districts). */
export const ZCityFigures = z.object({
  /** Units invited. */
  units: z.number().int(),
  /** Plans submitted and not sent back (under review, approved or beyond). */
  plansSubmitted: z.number().int(),
  plansApproved: z.number().int(),
  /** Activities on the schedules, not cancelled. */
  activities: z.number().int(),
  /** People at the activities recorded held. */
  participants: z.number().int(),
  checkins: z.number().int(),
  /** Exemplars published. */
  exemplars: z.number().int(),
});
export type TCityFigures = z.infer<typeof ZCityFigures>;

export const ZCityBoardDistrict = ZCityFigures.extend({
  id: ZId,
  code: z.string(),
  name: z.string(),
  /** The district's campaigns of the year (its figures are theirs). */
  campaigns: z.array(z.object({ id: ZId, title: z.string(), status: ZCampaignStatus })),
});
export type TCityBoardDistrict = z.infer<typeof ZCityBoardDistrict>;

/** The city office's board: each district's progress in the year, and the city's totals (their sum). */
export const ZCityBoard = z.object({
  city: z.object({ id: ZId, code: z.string(), name: z.string() }),
  year: z.number().int(),
  districts: z.array(ZCityBoardDistrict),
  totals: ZCityFigures,
});
export type TCityBoard = z.infer<typeof ZCityBoard>;
