import { ZCampaignRules, ZCampaignStatus, type TCampaign } from '@learnweek/contracts';
import type { Campaign } from '@learnweek/db';

/** A campaign row as the contract's campaign: for the campaign slice and for the slices that load it with their own rows. */
export function toCampaign(c: Campaign): TCampaign {
  return {
    id: c.id,
    year: c.year,
    title: c.title,
    theme: c.theme,
    status: ZCampaignStatus.parse(c.status),
    version: c.version,
    timeline: {
      planDueAt: c.planDueAt.toISOString(),
      weekStartsAt: c.weekStartsAt.toISOString(),
      weekEndsAt: c.weekEndsAt.toISOString(),
      launchAt: c.launchAt.toISOString(),
      launchVenue: c.launchVenue,
      summaryDueAt: c.summaryDueAt.toISOString(),
    },
    rules: ZCampaignRules.parse(c.rules),
    enquiryContact: c.enquiryContact,
  };
}
