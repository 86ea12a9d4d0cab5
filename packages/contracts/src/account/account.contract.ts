import { z } from 'zod';
import { ZId, ZInstant, ZRole } from '../common/domain.js';
import { ZPageQuery, page } from '../common/paging.js';
import { safeText, ZEmail } from '../common/text.js';
import { ZPhone } from '../participation/activity.contract.js';
import { passwordProblem } from './password-policy.js';

/** A new password: the policy's rules that need nothing but the password (passwordProblem); taken as typed, not trimmed. */
export const ZNewPassword = safeText({ min: 1, max: 512, trim: false }).superRefine((v, ctx) => {
  const problem = passwordProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** Changes the signed-in user's password; the answer is a fresh sign-in for this session (every other one ends). */
export const ZChangePasswordRequest = z
  .object({ currentPassword: safeText({ min: 1, max: 512, trim: false }), newPassword: ZNewPassword })
  .strict();
export type TChangePasswordRequest = z.input<typeof ZChangePasswordRequest>;

/** Asks for a reset link by e-mail: the username or the e-mail address of the account. */
export const ZForgotPasswordRequest = z.object({ account: safeText({ min: 1, max: 254 }) }).strict();
export type TForgotPasswordRequest = z.input<typeof ZForgotPasswordRequest>;

/** The same answer whether or not such an account exists. */
export const ZForgotPasswordResponse = z.object({ accepted: z.literal(true) });
export type TForgotPasswordResponse = z.infer<typeof ZForgotPasswordResponse>;

/** Sets a new password with a reset link's token (single use, 30 minutes). */
export const ZResetPasswordRequest = z.object({ token: safeText({ min: 1, max: 128 }), newPassword: ZNewPassword }).strict();
export type TResetPasswordRequest = z.input<typeof ZResetPasswordRequest>;

/** An account as the organiser manages it. */
export const ZAccount = z.object({
  id: ZId,
  username: z.string(),
  displayName: z.string(),
  roles: z.array(ZRole),
  unit: z.object({ id: ZId, code: z.string(), name: z.string() }).nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  /** Still signs in with an initial or reset password. */
  mustChangePassword: z.boolean(),
  lastLoginAt: ZInstant.nullable(),
});
export type TAccount = z.infer<typeof ZAccount>;

export const ZListAccountsQuery = ZPageQuery.extend({
  /** Username, name, e-mail or the unit's name or code. */
  q: safeText({ max: 60 }).optional(),
  role: ZRole.optional(),
  unitId: ZId.optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
}).strict();
export type TListAccountsQuery = z.input<typeof ZListAccountsQuery>;
export const ZListAccountsResponse = page(ZAccount);
export type TListAccountsResponse = z.infer<typeof ZListAccountsResponse>;

/** The organiser's edit of a person's contact: name, phone and e-mail (null or empty clears the last two). */
export const ZUpdateAccountRequest = z
  .object({
    displayName: safeText({ min: 1, max: 40 }),
    phone: z
      .union([z.literal(''), ZPhone])
      .nullable()
      .transform((v) => v || null),
    email: z
      .union([z.literal(''), ZEmail])
      .nullable()
      .transform((v) => v || null),
  })
  .strict();
export type TUpdateAccountRequest = z.input<typeof ZUpdateAccountRequest>;

export const ZSetAccountActiveRequest = z.object({ active: z.boolean() }).strict();
export type TSetAccountActiveRequest = z.input<typeof ZSetAccountActiveRequest>;

/** `password`: a one-time password, shown once; `email`: a reset link to the account's address (needs SMTP and an address). */
export const ZResetAccountPasswordRequest = z.object({ by: z.enum(['password', 'email']) }).strict();
export type TResetAccountPasswordRequest = z.input<typeof ZResetAccountPasswordRequest>;

export const ZResetAccountPasswordResponse = z.object({
  /** The one-time password (by `password`): shown this once, never stored in clear. */
  temporaryPassword: z.string().nullable(),
  /** Where the link went (by `email`). */
  emailedTo: z.string().nullable(),
});
export type TResetAccountPasswordResponse = z.infer<typeof ZResetAccountPasswordResponse>;
