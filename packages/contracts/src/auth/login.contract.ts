import { z } from 'zod';
import { safeText } from '../common/text.js';
import { ZId, ZInstant, ZLocale, ZRole } from '../common/domain.js';

export const ZLoginRequest = z.object({
  username: safeText({ min: 1, max: 64 }),
  /** Not trimmed: a password is taken as typed. */
  password: safeText({ min: 1, max: 256, trim: false }),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZSessionUser = z.object({
  id: ZId,
  username: z.string(),
  displayName: z.string(),
  roles: z.array(ZRole),
  unitId: ZId.nullable(),
  locale: ZLocale,
  /** Signed in with an initial or reset password: only setting a new one is open (docs/PRODUCT.md §6). */
  mustChangePassword: z.boolean(),
});
export type TSessionUser = z.infer<typeof ZSessionUser>;

export const ZLoginResponse = z.object({ accessToken: z.string(), expiresAt: ZInstant, user: ZSessionUser });
export type TLoginResponse = z.infer<typeof ZLoginResponse>;

/**
 * A sign-in throttle (docs/PRODUCT.md §6, sign-in protection): one address's failures on one account
 * (`pair`, waiting until `until` between tries), an account's failures from everywhere (`account`,
 * `slowed` when under attack: every address gets fewer free tries; it never blocks), or one
 * address's failures on any accounts (`address`, waiting until `until` when full).
 */
export const ZSignInThrottle = z.object({
  kind: z.enum(['pair', 'account', 'address']),
  /** As typed at sign-in (trimmed, lower-cased); it may name no account. */
  username: z.string().nullable(),
  /** An IPv4 address, or an IPv6 /64. */
  address: z.string().nullable(),
  failures: z.number().int(),
  until: ZInstant.nullable(),
  slowed: z.boolean(),
});
export type TSignInThrottle = z.infer<typeof ZSignInThrottle>;

export const ZSignInThrottles = z.object({ items: z.array(ZSignInThrottle) });
export type TSignInThrottles = z.infer<typeof ZSignInThrottles>;

/** Clears an account's throttles (on every address) and/or an address's (on every account). */
export const ZClearSignInThrottleRequest = z
  .object({ username: safeText({ max: 64 }).optional(), address: safeText({ max: 64 }).optional() })
  .strict()
  .refine((b) => !!b.username || !!b.address, { message: 'lw.blank', path: ['username'] });
export type TClearSignInThrottleRequest = z.infer<typeof ZClearSignInThrottleRequest>;

export const ZClearSignInThrottleResponse = z.object({ cleared: z.number().int() });
export type TClearSignInThrottleResponse = z.infer<typeof ZClearSignInThrottleResponse>;
