import { z } from 'zod';
import { safeText } from '../common/text.js';
import { ZInstant, ZVersion } from '../common/domain.js';
import { ZCampaignRules } from './campaign.contract.js';

/** The order of a campaign's dates (the database checks the first two as well). */
const timelineChecks = (
  t: { planDueAt: string; weekStartsAt: string; weekEndsAt: string; launchAt: string; summaryDueAt: string },
  ctx: z.RefinementCtx,
) => {
  const at = (k: keyof typeof t) => Date.parse(t[k]);
  if (at('weekEndsAt') <= at('weekStartsAt')) ctx.addIssue({ code: 'custom', path: ['weekEndsAt'], message: 'lw.weekOrder' });
  if (at('summaryDueAt') < at('weekEndsAt')) ctx.addIssue({ code: 'custom', path: ['summaryDueAt'], message: 'lw.summaryAfterWeek' });
  if (at('planDueAt') > at('weekStartsAt')) ctx.addIssue({ code: 'custom', path: ['planDueAt'], message: 'lw.planBeforeWeek' });
  if (at('launchAt') < at('weekStartsAt') || at('launchAt') > at('weekEndsAt'))
    ctx.addIssue({ code: 'custom', path: ['launchAt'], message: 'lw.launchInWeek' });
};

export const ZCampaignTimelineInput = z
  .object({
    planDueAt: ZInstant,
    weekStartsAt: ZInstant,
    weekEndsAt: ZInstant,
    launchAt: ZInstant,
    launchVenue: safeText({ min: 1, max: 100 }),
    summaryDueAt: ZInstant,
  })
  .strict()
  .superRefine(timelineChecks);

/** A new campaign (a draft): every active unit is invited; publish when the notice goes out. */
export const ZCreateCampaignRequest = z
  .object({
    year: z.number().int().min(2000).max(2999),
    title: safeText({ min: 1, max: 100 }),
    theme: safeText({ max: 200 }).default(''),
    timeline: ZCampaignTimelineInput,
    rules: ZCampaignRules.optional(),
    enquiryContact: safeText({ max: 100 }).default(''),
  })
  .strict();
export type TCreateCampaignRequest = z.input<typeof ZCreateCampaignRequest>;

/** Edit a draft or published campaign: year, title, theme, dates (moving a due date moves its overdue marks), rules; with the `version` edited from. The year is its own field: a new title does not change it. */
export const ZUpdateCampaignRequest = z
  .object({
    version: ZVersion,
    year: z.number().int().min(2000).max(2999).optional(),
    title: safeText({ min: 1, max: 100 }).optional(),
    theme: safeText({ max: 200 }).optional(),
    timeline: ZCampaignTimelineInput.optional(),
    rules: ZCampaignRules.optional(),
    enquiryContact: safeText({ max: 100 }).optional(),
  })
  .strict();
export type TUpdateCampaignRequest = z.input<typeof ZUpdateCampaignRequest>;

/** Next year's campaign from this one: the same units and rules, the dates moved by whole years, no submissions. */
export const ZCloneCampaignRequest = z
  .object({
    year: z.number().int().min(2000).max(2999),
    title: safeText({ min: 1, max: 100 }).optional(),
  })
  .strict();
export type TCloneCampaignRequest = z.input<typeof ZCloneCampaignRequest>;

/** Closing a campaign: with units outstanding (a plan or summary not in and approved) it is refused (409 `confirmationRequired`, with the counts) unless `confirmOutstanding`. */
export const ZCloseCampaignRequest = z.object({ confirmOutstanding: z.boolean().optional() }).strict();
export type TCloseCampaignRequest = z.infer<typeof ZCloseCampaignRequest>;
