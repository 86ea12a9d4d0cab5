import { z } from 'zod';
import { ZCheckinSource, ZId, ZInstant } from '../common/domain.js';
import { ZPhone } from '../participation/activity.contract.js';

export const ZCheckinSession = z.object({
  id: ZId,
  campaignId: ZId,
  name: z.string(),
  venue: z.string(),
  kind: z.enum(['main', 'sub']),
  opensAt: ZInstant,
  closesAt: ZInstant,
});
export type TCheckinSession = z.infer<typeof ZCheckinSession>;

export const ZListCheckinSessionsResponse = z.object({ items: z.array(ZCheckinSession) });

export const ZCreateCheckinRequest = z
  .object({
    name: z.string().trim().min(1, 'lw.blank').max(40),
    unitId: ZId.optional(),
    phone: ZPhone.optional(),
    attendeeId: ZId.optional(),
    deviceKey: z.string().trim().min(8).max(80).optional(),
    idempotencyKey: z.string().trim().min(8).max(80),
    secret: z.string().max(200).optional(),
  })
  .strict();
export type TCreateCheckinRequest = z.infer<typeof ZCreateCheckinRequest>;

export const ZCheckin = z.object({
  id: ZId,
  sessionId: ZId,
  name: z.string(),
  unitId: ZId.nullable(),
  isResident: z.boolean(),
  source: ZCheckinSource,
  at: ZInstant,
});
export type TCheckin = z.infer<typeof ZCheckin>;

export const ZCreateCheckinResponse = z.object({ checkin: ZCheckin, duplicate: z.boolean(), message: z.string() });
export type TCreateCheckinResponse = z.infer<typeof ZCreateCheckinResponse>;

export const ZCheckinStats = z.object({
  sessionId: ZId,
  total: z.number().int(),
  byUnit: z.array(z.object({ unitId: ZId.nullable(), name: z.string(), count: z.number().int() })),
  byTown: z.array(z.object({ town: z.string(), count: z.number().int() })),
  newest: z.array(z.object({ id: ZId, maskedName: z.string(), unitName: z.string().nullable(), at: ZInstant })),
});
export type TCheckinStats = z.infer<typeof ZCheckinStats>;
