import { z } from 'zod';
import { ZActivity } from './activity.contract.js';
import { ZId, ZInstant } from '../common/domain.js';

export const ZPlanFields = z.object({
  leadingBody: z.string().trim().max(2_000),
  budgetNote: z.string().trim().max(2_000),
  publicity: z.string().trim().max(2_000),
  text: z.string().trim().max(20_000),
});

export const ZUpdatePlanRequest = ZPlanFields.partial().strict();
export type TUpdatePlanRequest = z.infer<typeof ZUpdatePlanRequest>;

export const ZPlan = ZPlanFields.extend({ revision: z.number().int(), updatedAt: ZInstant.nullable() });
export type TPlan = z.infer<typeof ZPlan>;

export const ZPlanRevision = ZPlanFields.extend({
  id: ZId,
  revision: z.number().int(),
  activities: z.array(ZActivity),
  submittedAt: ZInstant,
});
export type TPlanRevision = z.infer<typeof ZPlanRevision>;
