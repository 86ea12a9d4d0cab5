import { z } from 'zod';
import type { TLocale, TRole } from '../common/domain.js';

/**
 * What a notice is about, as a user chooses how to hear of it by email (the app's bell shows every
 * notice). A notice about the user's own account (created, sign-ins) has no topic: always emailed.
 */
export const NOTICE_TOPICS = ['submitted', 'review', 'deadline', 'escalation', 'campaign', 'nomination', 'system'] as const;
export const ZNoticeTopic = z.enum(NOTICE_TOPICS);
export type TNoticeTopic = z.infer<typeof ZNoticeTopic>;

/** A topic as a refusal names it (the console's own labels: its locale files, `notify.topic`). */
export const NOTICE_TOPIC_LABELS: Record<TNoticeTopic, Record<TLocale, string>> = {
  submitted: { 'zh-CN': '单位提交方案或总结', en: 'plans and summaries submitted' },
  review: { 'zh-CN': '审核结果', en: 'review results' },
  deadline: { 'zh-CN': '截止提醒和逾期', en: 'deadlines' },
  escalation: { 'zh-CN': '督办', en: 'follow-ups' },
  campaign: { 'zh-CN': '活动发布和日期调整', en: 'campaign published, dates changed' },
  nomination: { 'zh-CN': '推荐评选进展', en: 'nominations' },
  system: { 'zh-CN': '启动仪式现场设备', en: 'ceremony devices' },
};

/** By email at once, in one daily digest, or not at all. */
export const EMAIL_MODES = ['instant', 'digest', 'off'] as const;
export const ZEmailMode = z.enum(EMAIL_MODES);
export type TEmailMode = z.infer<typeof ZEmailMode>;

/** The topic of each kind of notice (kinds not listed: the account's own, always emailed). */
export const NOTICE_TOPIC_OF: Readonly<Record<string, TNoticeTopic>> = {
  planSubmitted: 'submitted',
  summarySubmitted: 'submitted',
  planReturned: 'review',
  planApproved: 'review',
  summaryReturned: 'review',
  summaryAccepted: 'review',
  deadlineReminder: 'deadline',
  overdue: 'deadline',
  escalation: 'escalation',
  townDigest: 'escalation',
  campaignPublished: 'campaign',
  datesChanged: 'campaign',
  nominationShortlisted: 'nomination',
  nominationReturned: 'nomination',
  nominationPublished: 'nomination',
  deviceOffline: 'system',
};

/** The topics each role hears of: a user's preferences list those of their roles. */
export const ROLE_NOTICE_TOPICS: Readonly<Record<TRole, readonly TNoticeTopic[]>> = {
  organizer: ['system'],
  approver: ['submitted'],
  coordinator: ['review', 'deadline', 'escalation', 'campaign', 'nomination'],
  checkinStaff: [],
  city: [],
};

/** The topics of a user with these roles, in NOTICE_TOPICS' order. */
export const noticeTopicsOf = (roles: readonly TRole[]): TNoticeTopic[] =>
  NOTICE_TOPICS.filter((t) => roles.some((r) => ROLE_NOTICE_TOPICS[r].includes(t)));

/** The hour (China time) the daily digest is sent. */
export const DIGEST_HOUR = 8;

export const ZNoticePreference = z.object({ topic: ZNoticeTopic, email: ZEmailMode }).strict();
export type TNoticePreference = z.infer<typeof ZNoticePreference>;

/** The signed-in user's choice per topic of theirs (`instant` unless chosen otherwise), and when the digest goes. */
export const ZNoticePreferences = z.object({
  items: z.array(ZNoticePreference),
  /** The hour (China time) of the daily digest. */
  digestHour: z.number().int().min(0).max(23),
});
export type TNoticePreferences = z.infer<typeof ZNoticePreferences>;

/** Sets some topics' mode (the others keep theirs); a topic not among the user's is refused. */
export const ZUpdateNoticePreferencesRequest = z.object({ items: z.array(ZNoticePreference).min(1).max(NOTICE_TOPICS.length) }).strict();
export type TUpdateNoticePreferencesRequest = z.input<typeof ZUpdateNoticePreferencesRequest>;
