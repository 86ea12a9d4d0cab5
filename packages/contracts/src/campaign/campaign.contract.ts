import { z } from 'zod';
import { ZCampaignStatus, ZId, ZInstant, ZNominationKind, ZUnitKind } from '../common/domain.js';

export const ZNominationQuotaRule = z.object({ unitKind: ZUnitKind, kind: ZNominationKind, max: z.number().int().min(0).max(50) });

/** A campaign's rules: which unit kinds carry the notice's extra duties. */
export const ZCampaignRules = z.object({
  fourOnesKinds: z.array(ZUnitKind),
  freeClassKinds: z.array(ZUnitKind),
  photosRequired: z.number().int().min(1).max(10),
  reminderDaysBefore: z.array(z.number().int().min(1).max(30)),
  nominationQuotas: z.array(ZNominationQuotaRule),
});
export type TCampaignRules = z.infer<typeof ZCampaignRules>;

export const DEFAULT_CAMPAIGN_RULES: TCampaignRules = {
  fourOnesKinds: ['school'],
  freeClassKinds: ['communityCentre'],
  photosRequired: 3,
  reminderDaysBefore: [3, 1],
  nominationQuotas: [],
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
  timeline: ZCampaignTimeline,
  rules: ZCampaignRules,
});
export type TCampaign = z.infer<typeof ZCampaign>;

export const ZListCampaignsResponse = z.object({ items: z.array(ZCampaign) });
export type TListCampaignsResponse = z.infer<typeof ZListCampaignsResponse>;
