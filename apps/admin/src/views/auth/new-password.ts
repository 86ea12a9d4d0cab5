import { fieldMessage, passwordProblem, type TLocale } from '@learnweek/contracts';

/**
 * The console's own check of a new password before it is sent, by the policy the API applies
 * (passwordProblem of @learnweek/contracts) and the two entries agreeing: the message for the field
 * it concerns, or null. The API checks again, and also that it is not the current one.
 */
export function newPasswordRefusal(
  form: { newPassword: string; confirmPassword: string },
  username: string,
  locale: TLocale,
  mismatch: string,
): { field: 'newPassword' | 'confirmPassword'; message: string } | null {
  const problem = passwordProblem(form.newPassword, username);
  if (problem) return { field: 'newPassword', message: fieldMessage(problem, locale) };
  if (form.newPassword !== form.confirmPassword) return { field: 'confirmPassword', message: mismatch };
  return null;
}
