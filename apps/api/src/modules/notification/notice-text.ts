import type { TDeadline, TLocale } from '@learnweek/contracts';

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

const OWED: Record<TDeadline, Record<TLocale, string>> = {
  plan: { 'zh-CN': '实施方案和活动安排表', en: 'plan and schedule' },
  summary: { 'zh-CN': '活动总结和典型照片', en: 'summary and photos' },
};

/** A due date as the bureau writes it (China Standard Time). */
const due = (d: Date, locale: TLocale) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);

/** The notice's line in the app (the bell) and the heart of its email. */
export function noticeTitle(n: TNotice, s: TNoticeSubject, locale: TLocale): string {
  const en = locale === 'en';
  switch (n.kind) {
    case 'planReturned':
      return en ? 'The plan was returned: revise it as commented and submit it again' : '实施方案被退回，请按意见修改后重新提交';
    case 'planApproved':
      return en ? 'The plan was approved' : '实施方案已审核通过';
    case 'summaryReturned':
      return en ? 'The summary was returned: revise it as commented and submit it again' : '活动总结被退回，请按意见修改后重新提交';
    case 'summaryAccepted':
      return en ? 'The summary was accepted' : '活动总结已审核通过';
    case 'deadlineReminder':
      if (n.overdue) return overdue(n, locale);
      return en ? `The ${OWED[n.deadline].en} are due on ${due(n.dueAt, locale)}: please submit them on time` : `${OWED[n.deadline]['zh-CN']}将于 ${due(n.dueAt, locale)} 截止，请按时提交`;
    case 'overdue':
      return overdue(n, locale);
    case 'escalation':
      return en
        ? `${s.unit} (${s.town}): the ${OWED[n.deadline].en} are overdue (due ${due(n.dueAt, locale)}); please follow it up`
        : `${s.unit}（${s.town}）的${OWED[n.deadline]['zh-CN']}已逾期（截止 ${due(n.dueAt, locale)}），请督促提交`;
  }
}

const overdue = (n: { deadline: TDeadline; dueAt: Date }, locale: TLocale) =>
  locale === 'en'
    ? `The ${OWED[n.deadline].en} are overdue (due ${due(n.dueAt, locale)}): please submit them as soon as possible`
    : `${OWED[n.deadline]['zh-CN']}已逾期（截止 ${due(n.dueAt, locale)}），请尽快提交`;

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
