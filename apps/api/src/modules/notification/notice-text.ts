import { formatMessage, NOTICE_MESSAGES, NOTICE_OWED, type TDeadline, type TLocale } from '@learnweek/contracts';

/** What happened, as the services say it: the text is made here, in each recipient's language. */
export type TNotice =
  | { kind: 'planReturned' | 'planApproved' | 'summaryReturned' | 'summaryAccepted' }
  /** Before the due date, or (a reviewer's reminder) after it. */
  | { kind: 'deadlineReminder'; deadline: TDeadline; dueAt: Date; overdue: boolean }
  /** To the unit's coordinators when a deadline passed, and to its town's community education centre. */
  | { kind: 'overdue' | 'escalation'; deadline: TDeadline; dueAt: Date };
export type TNoticeKind = TNotice['kind'];

/** Whose notice it is: the campaign and the unit the participation belongs to. */
export interface TNoticeSubject {
  campaign: string;
  unit: string;
  town: string;
}

/** A due date as the bureau writes it (China Standard Time). */
const due = (d: Date, locale: TLocale) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);

/** The notice's line in the app (the bell) and the heart of its email (the texts: NOTICE_MESSAGES). */
export function noticeTitle(n: TNotice, s: TNoticeSubject, locale: TLocale): string {
  if (!('deadline' in n)) return NOTICE_MESSAGES[n.kind][locale];
  const kind = n.kind === 'deadlineReminder' && n.overdue ? 'overdue' : n.kind;
  return formatMessage(NOTICE_MESSAGES[kind][locale], { owed: NOTICE_OWED[n.deadline][locale], due: due(n.dueAt, locale), unit: s.unit, town: s.town });
}

/**
 * The email of a notice: one per kind, in the recipient's language, naming the campaign and the
 * unit, with the reviewer's comment when there is one and a link to where it is dealt with.
 */
export function noticeEmail(
  n: TNotice,
  s: TNoticeSubject,
  m: { recipient: string; comment: string; link: string },
  locale: TLocale,
): { subject: string; text: string } {
  const en = locale === 'en';
  const title = noticeTitle(n, s, locale);
  // An escalation's title names the unit already.
  const subject = n.kind === 'escalation' ? (en ? `[${s.campaign}] ${title}` : `【${s.campaign}】${title}`) : en ? `[${s.campaign}] ${s.unit}: ${title}` : `【${s.campaign}】${s.unit}：${title}`;
  const returned = n.kind === 'planReturned' || n.kind === 'summaryReturned';
  const comment = m.comment.trim() ? (en ? `${returned ? 'Comments' : 'Reviewer’s note'}: ${m.comment.trim()}` : `${returned ? '退回意见' : '审核意见'}：${m.comment.trim()}`) : '';
  const lines = en
    ? [`Dear ${m.recipient},`, '', title, ...(comment ? ['', comment] : []), '', `Campaign: ${s.campaign}`, `Unit: ${s.unit} (${s.town})`, `Open: ${m.link}`, '', '-- Sent by the lifelong learning week service; replies are not read.']
    : [`${m.recipient}：`, '', title, ...(comment ? ['', comment] : []), '', `活动：${s.campaign}`, `单位：${s.unit}（${s.town}）`, `办理：${m.link}`, '', '—— 本邮件由终身学习活动周管理平台自动发送，请勿直接回复。'];
  return { subject, text: lines.join('\n') };
}
