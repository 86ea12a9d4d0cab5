import type { TFieldMessageKey } from '../common/messages.js';

/**
 * The password policy (docs/PRODUCT.md §6, accounts and passwords), one rule set for the API and the
 * console's forms: 10 to 128 characters, at least two of letters, digits and other characters, not
 * containing the username. "Not the current one" needs the current password or its hash, so the API
 * checks it where it has them. Initial and one-time passwords the service makes are not held to it:
 * they must be changed at the first sign-in.
 */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export type TPasswordProblem = Extract<TFieldMessageKey, `lw.password${string}`>;

/** The first rule a new password breaks (an lw.* field message), or null. */
export function passwordProblem(password: string, username = ''): TPasswordProblem | null {
  // Counted in characters, not UTF-16 code units: 十个汉字 is ten.
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'lw.passwordTooShort';
  if (length > PASSWORD_MAX) return 'lw.passwordTooLong';
  const kinds = [/\p{L}/u, /\p{N}/u, /[^\p{L}\p{N}]/u].filter((re) => re.test(password)).length;
  if (kinds < 2) return 'lw.passwordOneKind';
  const name = username.trim().toLowerCase();
  if (name.length >= 3 && password.toLowerCase().includes(name)) return 'lw.passwordHasUsername';
  return null;
}
