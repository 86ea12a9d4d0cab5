import { z } from 'zod';
import { ZInstant } from '../common/domain.js';
import { safeText } from '../common/text.js';

/**
 * What a ceremony screen or a desk says over the live socket every DEVICE_HEARTBEAT_MS
 * (checkin.contract.ts): its app's version and, for a desk, the check-ins waiting in its queue and
 * when it last synced. The control room shows them; only screen and desk-link tokens send them.
 */
export const ZHeartbeat = z
  .object({
    version: safeText({ min: 1, max: 40 }),
    queueLength: z.number().int().min(0).max(1_000_000).optional(),
    lastSyncAt: ZInstant.optional(),
  })
  .strict();
export type THeartbeat = z.infer<typeof ZHeartbeat>;
export type THeartbeatReply = { ok: true } | { ok: false; error: 'badRequest' | 'forbidden' | 'unavailable' };
