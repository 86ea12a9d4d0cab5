import { z } from 'zod';
import { safeText } from '../common/text.js';
import { ZActivity } from './activity.contract.js';
import { ZId, ZInstant, ZVersion } from '../common/domain.js';

export const ZPlanFields = z.object({
  leadingBody: safeText({ max: 2_000, multiline: true }),
  budgetNote: safeText({ max: 2_000, multiline: true }),
  publicity: safeText({ max: 2_000, multiline: true }),
  text: safeText({ max: 20_000, multiline: true }),
});

/** The plan's own fields (besides its schedule), in the form's order: the form, the diff and a submission's copy read them. */
export type TPlanField = keyof typeof ZPlanFields.shape;
export const PLAN_FIELDS = Object.keys(ZPlanFields.shape) as TPlanField[];

/** Any of the fields, with the `version` of the plan they were edited from (409 with the current plan when it moved). */
export const ZUpdatePlanRequest = ZPlanFields.partial().extend({ version: ZVersion }).strict();
export type TUpdatePlanRequest = z.infer<typeof ZUpdatePlanRequest>;

/** `version`: what an edit sends back (docs/ARCHITECTURE.md, "Versions"); `revision`: the number of the next submission. */
export const ZPlan = ZPlanFields.extend({ version: z.number().int(), revision: z.number().int(), updatedAt: ZInstant.nullable() });
export type TPlan = z.infer<typeof ZPlan>;
/** The answer to a plan edit: the plan with the participation it belongs to. */
export const ZSavedPlan = ZPlan.extend({ participationId: ZId });
export type TSavedPlan = z.infer<typeof ZSavedPlan>;

export const ZPlanRevision = ZPlanFields.extend({
  id: ZId,
  revision: z.number().int(),
  activities: z.array(ZActivity),
  submittedAt: ZInstant,
});
export type TPlanRevision = z.infer<typeof ZPlanRevision>;
