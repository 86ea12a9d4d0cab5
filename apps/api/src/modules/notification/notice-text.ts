import {
  formatMessage,
  NOTICE_DATES,
  NOTICE_MESSAGES,
  NOTICE_OWED,
  REVIEW_SECTION_LABELS,
  REVIEW_SECTIONS,
  type TDeadline,
  type TLocale,
  type TNoticeDate,
  type TReviewSection,
} from '@learnweek/contracts';
import { mailFooter, renderMail } from './mail-layout.js';

/** A campaign date that moved: the `datesChanged` notice names each, old → new. */
export interface TDateChange {
  date: TNoticeDate;
  from: Date;
  to: Date;
}

/** What happened, as the services say it: the text is made here, in each recipient's language. */
export type TNotice =
  /** To the unit's coordinators: a review step, with the reviewer's comment per section besides the overall one. */
  | { kind: 'planReturned' | 'planApproved' | 'summaryReturned' | 'summaryAccepted'; sections?: Partial<Record<TReviewSection, string>> }
  /** To the approvers: a unit submitted. */
  | { kind: 'planSubmitted' | 'summarySubmitted' }
  /** To every invited unit's coordinators: the campaign is open, and when the plan is due (its notice linked once issued). */
  | { kind: 'campaignPublished'; planDueAt: Date; noticeIssued?: boolean }
  /** To every invited unit's coordinators: the dates that moved, old → new. */
  | { kind: 'datesChanged'; changes: readonly TDateChange[] }
  /** To the nominating unit's coordinators. */
  | { kind: 'nominationShortlisted' | 'nominationReturned' | 'nominationPublished'; name: string }
  /** Before the due date, or (a reviewer's reminder) after it. */
  | { kind: 'deadlineReminder'; deadline: TDeadline; dueAt: Date; overdue: boolean }
  /** To the unit's coordinators when a deadline passed, and to its town's community education centre. */
  | { kind: 'overdue' | 'escalation'; deadline: TDeadline; dueAt: Date };
export type TNoticeKind = TNotice['kind'];

/** Whose notice it is: the campaign and the unit the participation (or nomination) belongs to. */
export interface TNoticeSubject {
  campaign: string;
  unit: string;
  town: string;
}

/** A date as the bureau writes it, with its year (China Standard Time): 2027年12月17日 23:59, 17 December 2027 at 23:59. */
export const noticeDate = (d: Date, locale: TLocale) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);

/** The notice's line in the app (the bell) and the heart of its email (the texts: NOTICE_MESSAGES). */
export function noticeTitle(n: TNotice, s: TNoticeSubject, locale: TLocale): string {
  const values: Record<string, string> = { unit: s.unit, town: s.town };
  let kind: keyof typeof NOTICE_MESSAGES = n.kind;
  if ('deadline' in n) {
    if (n.kind === 'deadlineReminder' && n.overdue) kind = 'overdue';
    Object.assign(values, { owed: NOTICE_OWED[n.deadline][locale], due: noticeDate(n.dueAt, locale) });
  }
  if (n.kind === 'campaignPublished') values.due = noticeDate(n.planDueAt, locale);
  if ('name' in n) values.name = n.name;
  return formatMessage(NOTICE_MESSAGES[kind][locale], values);
}

/** Labelled lines beside the title: the reviewer's comments (overall, then each section's), the dates that moved. */
function noticeNotes(n: TNotice, comment: string, locale: TLocale): { label: string; text: string }[] {
  const en = locale === 'en';
  const notes: { label: string; text: string }[] = [];
  const returned = n.kind === 'planReturned' || n.kind === 'summaryReturned' || n.kind === 'nominationReturned';
  if (comment.trim())
    notes.push({ label: en ? (returned ? 'Comments' : 'Reviewer’s note') : returned ? '退回意见' : '审核意见', text: comment.trim() });
  if ('sections' in n && n.sections) {
    for (const section of REVIEW_SECTIONS) {
      const text = n.sections[section]?.trim();
      if (text) notes.push({ label: REVIEW_SECTION_LABELS[section][locale], text });
    }
  }
  if (n.kind === 'datesChanged') {
    for (const c of n.changes)
      notes.push({ label: NOTICE_DATES[c.date][locale], text: `${noticeDate(c.from, locale)} → ${noticeDate(c.to, locale)}` });
  }
  return notes;
}

/** The notice's text under its title in the app: the same notes as its email, one a line. */
export function noticeBody(n: TNotice, comment: string, locale: TLocale): string {
  const notes = noticeNotes(n, comment, locale);
  // A lone overall comment reads as itself, as it always did.
  if (notes.length === 1 && comment.trim()) return comment.trim();
  return notes.map((x) => `${x.label}${locale === 'en' ? ': ' : '：'}${x.text}`).join('\n');
}

/** Kinds whose title names the unit already (the subject does not repeat it). */
const NAMES_UNIT: ReadonlySet<TNoticeKind> = new Set(['escalation', 'planSubmitted', 'summarySubmitted']);

/**
 * The email of a notice: one per kind, in the recipient's language, naming the campaign and the
 * unit, with the reviewer's comments (overall and per section) or the dates that moved, and a
 * link to where it is dealt with (and, `notice`, to the campaign's notice); as plain text and as HTML.
 */
export function noticeEmail(
  n: TNotice,
  s: TNoticeSubject,
  m: { recipient: string; comment: string; link: string; notice?: string },
  locale: TLocale,
): { subject: string; text: string; html: string } {
  const en = locale === 'en';
  const title = noticeTitle(n, s, locale);
  const subject = NAMES_UNIT.has(n.kind)
    ? en
      ? `[${s.campaign}] ${title}`
      : `【${s.campaign}】${title}`
    : en
      ? `[${s.campaign}] ${s.unit}: ${title}`
      : `【${s.campaign}】${s.unit}：${title}`;
  const mail = renderMail(
    {
      greeting: en ? `Dear ${m.recipient},` : `${m.recipient}：`,
      lead: title,
      // A published campaign's notice (its public page), beside the link to the unit's participation.
      notes: [...noticeNotes(n, m.comment, locale), ...(m.notice ? [{ label: en ? 'The notice' : '活动通知', text: m.notice }] : [])],
      facts: en
        ? [
            { label: 'Campaign', value: s.campaign },
            { label: 'Unit', value: `${s.unit} (${s.town})` },
          ]
        : [
            { label: '活动', value: s.campaign },
            { label: '单位', value: `${s.unit}（${s.town}）` },
          ],
      link: { label: en ? 'Open' : '办理', url: m.link },
      footer: mailFooter(locale),
    },
    locale,
  );
  return { subject, ...mail };
}
