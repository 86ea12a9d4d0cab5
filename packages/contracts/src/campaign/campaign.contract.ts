import { z } from 'zod';
import { safeText } from '../common/text.js';
import { ZCampaignStatus, ZId, ZInstant, ZUnitKind } from '../common/domain.js';

/** The exemplar panel's criteria when a campaign names none (the notice's three). */
export const DEFAULT_SCORING_CRITERIA = ['事迹典型性', '示范带动', '材料完整'];

/** A campaign's rules: which unit kinds carry the notice's extra duties. */
export const ZCampaignRules = z.object({
  fourOnesKinds: z.array(ZUnitKind),
  freeClassKinds: z.array(ZUnitKind),
  photosRequired: z.number().int().min(1).max(10),
  reminderDaysBefore: z.array(z.number().int().min(1).max(30)),
  /** What the exemplar panel scores, each 0–100. */
  scoringCriteria: z
    .array(safeText({ min: 1, max: 20 }))
    .min(1)
    .max(8)
    .default(DEFAULT_SCORING_CRITERIA),
  /** Show the published exemplars on the ceremony wall as a rotating panel. */
  exemplarsOnWall: z.boolean().default(false),
});
export type TCampaignRules = z.output<typeof ZCampaignRules>;

export const DEFAULT_CAMPAIGN_RULES: TCampaignRules = {
  fourOnesKinds: ['school'],
  freeClassKinds: ['communityCentre'],
  photosRequired: 3,
  reminderDaysBefore: [3, 1],
  scoringCriteria: DEFAULT_SCORING_CRITERIA,
  exemplarsOnWall: false,
};

export const ZCampaignTimeline = z.object({
  planDueAt: ZInstant,
  weekStartsAt: ZInstant,
  weekEndsAt: ZInstant,
  launchAt: ZInstant,
  launchVenue: z.string(),
  summaryDueAt: ZInstant,
});
export type TCampaignTimeline = z.infer<typeof ZCampaignTimeline>;

export const ZCampaign = z.object({
  id: ZId,
  year: z.number().int(),
  title: z.string(),
  theme: z.string(),
  status: ZCampaignStatus,
  /** Of its settings (title, theme, timeline, rules): what an edit sends back. */
  version: z.number().int(),
  timeline: ZCampaignTimeline,
  rules: ZCampaignRules,
  /** Who residents ask about the week (office and phone), on the public calendar; '' while none is set. */
  enquiryContact: z.string(),
});
export type TCampaign = z.infer<typeof ZCampaign>;

export const ZListCampaignsResponse = z.object({ items: z.array(ZCampaign) });
export type TListCampaignsResponse = z.infer<typeof ZListCampaignsResponse>;
