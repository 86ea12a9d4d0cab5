import { z } from 'zod';
import { ZLocale } from '../common/domain.js';
import { ZEmail } from '../common/text.js';

/**
 * Where and in which language the signed-in user hears of notices: in the app always, by email
 * too when an address is set (and the service has SMTP_URL).
 */
export const ZProfile = z.object({
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  locale: ZLocale,
  /** Whether this service sends email at all (SMTP_URL set): an address is kept either way. */
  emailEnabled: z.boolean(),
});
export type TProfile = z.infer<typeof ZProfile>;

/** Sets the address (null removes it) and the language of notices and emails. */
export const ZUpdateProfileRequest = z.object({ email: ZEmail.nullable(), locale: ZLocale }).strict();
export type TUpdateProfileRequest = z.input<typeof ZUpdateProfileRequest>;
