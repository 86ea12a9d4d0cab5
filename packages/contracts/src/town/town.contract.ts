import { z } from 'zod';
import { ZId, ZInstant, ZParticipationState } from '../common/domain.js';
import { ZUnitRef } from '../participation/participation.contract.js';

/**
 * Whom the signed-in user supervises: the town of their unit when it is a town's community education
 * centre (镇/街道社区教育中心), whose coordinators follow up the town's late units; null otherwise.
 */
export const ZTownScope = z.object({ town: z.object({ id: ZId, name: z.string() }).nullable() });
export type TTownScope = z.infer<typeof ZTownScope>;

/** One unit of the town as its centre sees it: where it stands, what is late, whom to call. */
export const ZTownUnit = z.object({
  participationId: ZId,
  unit: ZUnitRef,
  state: ZParticipationState,
  planOverdue: z.boolean(),
  summaryOverdue: z.boolean(),
  latePlan: z.boolean(),
  lateSummary: z.boolean(),
  planSubmittedAt: ZInstant.nullable(),
  summarySubmittedAt: ZInstant.nullable(),
  /** The unit's contact person (联系人) and phone, as registered. */
  contactPerson: z.string(),
  phone: z.string(),
});
export type TTownUnit = z.infer<typeof ZTownUnit>;

/** The town's units in a campaign (本镇（街道）单位), late ones first, with the campaign's deadlines and the server's clock. */
export const ZTownUnitsResponse = z.object({
  town: z.object({ id: ZId, name: z.string() }),
  dueAt: z.object({ plan: ZInstant, summary: ZInstant }),
  now: ZInstant,
  items: z.array(ZTownUnit),
});
export type TTownUnitsResponse = z.infer<typeof ZTownUnitsResponse>;
