import { z } from 'zod';

/**
 * Readiness: whether this instance can serve now. `db` is the probe's finding: `slow` (no answer
 * within its own short timeout, or no free connection), `locked` (a check-in could not take its lock
 * on `Checkin`), `down` (unreachable). Anything but `ok` answers 503 with the same body.
 */
export const ZHealthResponse = z.object({ status: z.enum(['ok', 'degraded']), db: z.enum(['ok', 'slow', 'locked', 'down']) });
export type THealthResponse = z.infer<typeof ZHealthResponse>;
export type TDbHealth = THealthResponse['db'];

/**
 * Readiness of everything an instance serves with: the database as `/health` probes it, and Redis
 * when REDIS_URL is set (`none` without it: one instance alone needs none). `down`: no PONG within
 * the probe's bound. Anything but `ok` (or `none`) answers 503 with the same body.
 */
export const ZReadyResponse = ZHealthResponse.extend({ redis: z.enum(['ok', 'down', 'none']) });
export type TReadyResponse = z.infer<typeof ZReadyResponse>;
export type TRedisHealth = TReadyResponse['redis'];

/** Liveness: the process answers (nothing else is asked). */
export const ZLiveResponse = z.object({ status: z.literal('ok') });
export type TLiveResponse = z.infer<typeof ZLiveResponse>;
