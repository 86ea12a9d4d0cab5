import type { TLocale } from '@learnweek/contracts';

/** How long a reset link works. */
export const RESET_LINK_MINUTES = 30;

/**
 * The e-mail carrying a reset link, in the recipient's language: asked for on the sign-in page
 * (`forgot`) or sent by the organiser (`organizer`). Plain text; kept apart so that the mail's
 * format can change in one place.
 */
export function passwordResetMail(
  locale: TLocale,
  who: { displayName: string; username: string },
  link: string,
  by: 'forgot' | 'organizer',
): { subject: string; text: string } {
  if (locale === 'en') {
    return {
      subject: `Set a new password for ${who.username}`,
      text: [
        `Dear ${who.displayName},`,
        '',
        by === 'forgot'
          ? `A new password was asked for the account ${who.username}.`
          : `The organizer has reset the password of your account ${who.username}.`,
        `Open this link within ${RESET_LINK_MINUTES} minutes to set a new one (it works once):`,
        link,
        '',
        by === 'forgot'
          ? 'If you did not ask for it, ignore this e-mail: your password stays as it is.'
          : 'Your previous password no longer works.',
      ].join('\n'),
    };
  }
  return {
    subject: `设置账号 ${who.username} 的新密码`,
    text: [
      `${who.displayName}：`,
      '',
      by === 'forgot' ? `有人为账号 ${who.username} 申请了重置密码。` : `组织办已重置您的账号 ${who.username} 的密码。`,
      `请在 ${RESET_LINK_MINUTES} 分钟内打开以下链接设置新密码（链接仅能使用一次）：`,
      link,
      '',
      by === 'forgot' ? '如非本人操作，请忽略本邮件，您的密码不会改变。' : '原密码已不能再使用。',
    ].join('\n'),
  };
}

/**
 * To an account's previous address when the organiser changes it: where reset links go from now on,
 * and whom to call if the person did not ask for it.
 */
export function emailChangedMail(
  locale: TLocale,
  who: { displayName: string; username: string },
  newAddress: string | null,
): { subject: string; text: string } {
  if (locale === 'en') {
    return {
      subject: `The e-mail address of ${who.username} was changed`,
      text: [
        `Dear ${who.displayName},`,
        '',
        newAddress
          ? `The organizer changed the e-mail address of your account ${who.username} to ${newAddress}. Password reset links go there from now on.`
          : `The organizer removed the e-mail address of your account ${who.username}. No password reset link will be sent to this address any more.`,
        'If you did not ask for this change, tell the organizing office at once.',
      ].join('\n'),
    };
  }
  return {
    subject: `账号 ${who.username} 的邮箱已更改`,
    text: [
      `${who.displayName}：`,
      '',
      newAddress
        ? `组织办已将您的账号 ${who.username} 的邮箱更改为 ${newAddress}，此后重置密码的链接将发往该邮箱。`
        : `组织办已删除您的账号 ${who.username} 的邮箱，此后不再向本邮箱发送重置密码的链接。`,
      '如非您本人要求，请立即联系活动周组织办。',
    ].join('\n'),
  };
}
