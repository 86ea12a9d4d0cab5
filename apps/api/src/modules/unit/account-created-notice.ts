import type { TLocale } from '@learnweek/contracts';
import type { TAccountNotice } from '../notification/notification.service.js';

/**
 * What a coordinator whose account a unit import created is told: their username, their unit and
 * where to sign in. Never the password: the organizer hands the initial one over (the import's
 * one-time list), and the first sign-in changes it.
 */
export function accountCreatedNotice(userId: string, username: string, unit: string): TAccountNotice {
  return {
    kind: 'accountCreated',
    dedupeKey: `accountCreated:${userId}`,
    link: '/admin/login',
    text(locale: TLocale, recipient: string) {
      const en = locale === 'en';
      const title = en ? `Your account ${username} for ${unit} is ready` : `您的账号 ${username}（${unit}）已开通`;
      const body = en
        ? 'Sign in with this username and the initial password the organizer gives you, then set a password of your own.'
        : '请用此账号和组织办另行提供的初始密码登录，登录后设置您自己的密码。';
      const subject = en ? 'Your account for the lifelong learning week service' : '终身学习活动周管理平台账号开通通知';
      const email = (
        en
          ? [
              `Dear ${recipient},`,
              '',
              `An account for ${unit} was created for you on the lifelong learning week service.`,
              '',
              `Username: ${username}`,
              'Password: the initial one the organizer gives you (never sent by email)',
              '',
              body,
            ]
          : [
              `${recipient}：`,
              '',
              `组织办已为您（${unit}）开通终身学习活动周管理平台账号。`,
              '',
              `账号：${username}`,
              '初始密码：由组织办另行提供（不通过邮件发送）',
              '',
              body,
            ]
      ).join('\n');
      return { title, body, subject, email };
    },
  };
}
