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
});
export type TSessionUser = z.infer<typeof ZSessionUser>;

export const ZLoginResponse = z.object({ accessToken: z.string(), expiresAt: ZInstant, user: ZSessionUser });
export type TLoginResponse = z.infer<typeof ZLoginResponse>;
