import type { TLocale } from '@learnweek/contracts';
import { chinaText } from '../../core/clock/china-time.js';
import type { TAccountNotice } from '../notification/notification.service.js';
import type { FailureReport } from './attempt-store.js';

/**
 * What the owner of an account under attack is told, once per window (the dedupe key names the
 * window's start): how many failed sign-ins since when (China time), and from which addresses,
 * newest first, each with its last time.
 */
export function signInFailureNotice(userId: string, username: string, report: Required<FailureReport>): TAccountNotice {
  const since = new Date(report.notice.since);
  return {
    kind: 'signInFailures',
    dedupeKey: `signInFailures:${userId}:${report.notice.since}`,
    text(locale: TLocale, recipient: string) {
      const en = locale === 'en';
      const from = report.notice.addresses.map((a) => `${a.address} (${chinaText(new Date(a.at), 'second')})`).join(en ? ', ' : '、');
      const title = en
        ? `${report.failures} failed sign-ins to your account ${username} since ${chinaText(since, 'minute')} (China time)`
        : `您的账号 ${username} 自 ${chinaText(since, 'minute')} 起已有 ${report.failures} 次登录失败`;
      const body = en
        ? `From: ${from}. If this was not you, change your password or tell the organizer.`
        : `来源地址：${from}。如非本人操作，请修改密码或告知组织办。`;
      const subject = en ? `Failed sign-ins to your account ${username}` : `账号 ${username} 多次登录失败`;
      const email = [
        en ? `Dear ${recipient},` : `${recipient}：`,
        '',
        title,
        body,
        '',
        en ? 'Your sign-in from another address is not affected.' : '您从其他地址登录不受影响。',
      ].join('\n');
      return { title, body, subject, email };
    },
  };
}
