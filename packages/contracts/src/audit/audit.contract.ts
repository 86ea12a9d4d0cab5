import { z } from 'zod';
import { ZId, ZInstant, type TLocale } from '../common/domain.js';
import { ZPageQuery, page } from '../common/paging.js';
import { safeText } from '../common/text.js';

/**
 * What the organizer's audit log records: campaign edits, publish and close, unit imports and
 * (de)activations, reminders sent, exports downloaded, ceremony screens issued and revoked, desk links
 * issued and revoked, sign-in throttles cleared, check-ins voided and held ones reviewed.
 * (de)activations, reminders sent, exports downloaded, ceremony screens and desk links issued and revoked.
 */
export const AUDIT_KINDS = [
  'campaign.updated',
  'campaign.published',
  'campaign.closed',
  'units.imported',
  'unit.deactivated',
  'unit.reactivated',
  'reminders.sent',
  'export.downloaded',
  'screen.issued',
  'screen.revoked',
  'checkin.voided',
  'checkins.approved',
  'signIn.throttleCleared',
  'desk.issued',
  'desk.revoked',
] as const;
export const ZAuditKind = z.enum(AUDIT_KINDS);
export type TAuditKind = z.infer<typeof ZAuditKind>;

/**
 * A changed field with its value before and after: a campaign's title, theme, dates (instants),
 * launch venue, or one of its rules (`rules.<name>`, the value as JSON).
 */
export const ZAuditChange = z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() });
export type TAuditChange = z.infer<typeof ZAuditChange>;

export const ZAuditEntry = z.object({
  /** Ascending with time (a bigint, as text). */
  id: z.string(),
  kind: ZAuditKind,
  at: ZInstant,
  /** Who: the user (null for the scheduler) and their name at the time. */
  actor: z.object({ id: ZId.nullable(), label: z.string(), username: z.string().nullable() }),
  campaign: z.object({ id: ZId, title: z.string() }).nullable(),
  /**
   * What it was done to, named as it was then: a campaign, a unit ("name (code)"), a file, a
   * screen; for reminders the deadline reminded of (plan | summary).
   */
  target: z.string(),
  changes: z.array(ZAuditChange),
  /** What it did, counted (created, updated, invited, accounts, units, notified, alreadyReminded). */
  counts: z.record(z.string(), z.number().int()),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

const filters = {
  kind: ZAuditKind.optional(),
  /** Part of the actor's name or username. */
  actor: safeText({ max: 64 }).optional(),
  campaignId: ZId.optional(),
  /** From this instant on (inclusive) … */
  from: ZInstant.optional(),
  /** … up to this one (exclusive). */
  to: ZInstant.optional(),
};
const rangeInOrder = (q: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  if (q.from && q.to && Date.parse(q.to) < Date.parse(q.from)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'lw.rangeOrder' });
};

/** The log, newest first, filtered by kind, actor, campaign and time. */
export const ZListAuditQuery = ZPageQuery.extend(filters).strict().superRefine(rangeInOrder);
export type TListAuditQuery = z.input<typeof ZListAuditQuery>;
export const ZListAuditResponse = page(ZAuditEntry);
export type TListAuditResponse = z.infer<typeof ZListAuditResponse>;
/** The same filters for the .xlsx export (every matching entry). */
export const ZAuditExportQuery = z.object(filters).strict().superRefine(rangeInOrder);
export type TAuditExportQuery = z.input<typeof ZAuditExportQuery>;

type Labels<K extends string> = Record<K, Record<TLocale, string>>;

export const AUDIT_KIND_LABELS: Labels<TAuditKind> = {
  'campaign.updated': { 'zh-CN': '修改活动', en: 'Campaign edited' },
  'campaign.published': { 'zh-CN': '发布活动', en: 'Campaign published' },
  'campaign.closed': { 'zh-CN': '结束归档', en: 'Campaign closed' },
  'units.imported': { 'zh-CN': '导入单位', en: 'Units imported' },
  'unit.deactivated': { 'zh-CN': '停用单位', en: 'Unit deactivated' },
  'unit.reactivated': { 'zh-CN': '启用单位', en: 'Unit reactivated' },
  'reminders.sent': { 'zh-CN': '发送催报', en: 'Reminders sent' },
  'export.downloaded': { 'zh-CN': '下载导出', en: 'Export downloaded' },
  'screen.issued': { 'zh-CN': '发放大屏令牌', en: 'Screen issued' },
  'screen.revoked': { 'zh-CN': '吊销大屏令牌', en: 'Screen revoked' },
  'checkin.voided': { 'zh-CN': '作废签到', en: 'Check-in voided' },
  'checkins.approved': { 'zh-CN': '核对待确认签到', en: 'Held check-ins reviewed' },
  'signIn.throttleCleared': { 'zh-CN': '解除登录限制', en: 'Sign-in throttle cleared' },
  'desk.issued': { 'zh-CN': '发放签到台链接', en: 'Desk link issued' },
  'desk.revoked': { 'zh-CN': '吊销签到台链接', en: 'Desk link revoked' },
};

/** Names of the fields a campaign edit records. */
export const AUDIT_FIELD_LABELS: Record<string, Record<TLocale, string>> = {
  title: { 'zh-CN': '标题', en: 'Title' },
  theme: { 'zh-CN': '主题', en: 'Theme' },
  planDueAt: { 'zh-CN': '方案截止', en: 'Plans due' },
  weekStartsAt: { 'zh-CN': '活动周开始', en: 'Week starts' },
  weekEndsAt: { 'zh-CN': '活动周结束', en: 'Week ends' },
  launchAt: { 'zh-CN': '启动仪式', en: 'Launch ceremony' },
  launchVenue: { 'zh-CN': '启动仪式地点', en: 'Launch venue' },
  summaryDueAt: { 'zh-CN': '总结截止', en: 'Summaries due' },
  enquiryContact: { 'zh-CN': '咨询联系方式', en: 'Enquiries' },
};

export const AUDIT_COUNT_LABELS: Record<string, Record<TLocale, string>> = {
  created: { 'zh-CN': '新增', en: 'created' },
  updated: { 'zh-CN': '更新', en: 'updated' },
  invited: { 'zh-CN': '邀请', en: 'invited' },
  accounts: { 'zh-CN': '新账号', en: 'new accounts' },
  units: { 'zh-CN': '单位', en: 'units' },
  notified: { 'zh-CN': '已提醒', en: 'notified' },
  alreadyReminded: { 'zh-CN': '当日已提醒', en: 'already reminded today' },
  cleared: { 'zh-CN': '解除限制', en: 'throttles cleared' },
};

const REMINDED: Record<string, Record<TLocale, string>> = {
  plan: { 'zh-CN': '实施方案和活动安排表', en: 'plan and schedule' },
  summary: { 'zh-CN': '活动总结和典型照片', en: 'summary and photos' },
};

const DATE_FIELD = /At$/;

/** A recorded value as a reader sees it: instants in China time, rules as recorded. */
export function auditValueText(field: string, value: string | null, locale: TLocale): string {
  if (value === null || value === '') return '—';
  if (DATE_FIELD.test(field) && !Number.isNaN(Date.parse(value))) {
    return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(new Date(value));
  }
  return value;
}

export const auditFieldLabel = (field: string, locale: TLocale) => AUDIT_FIELD_LABELS[field]?.[locale] ?? (field.startsWith('rules.') ? `${locale === 'en' ? 'Rule' : '规则'} ${field.slice(6)}` : field);

/** What an entry did, in one line of the reader's language (the page's "what" column, the export's). */
export function auditWhat(e: Pick<TAuditEntry, 'kind' | 'target' | 'changes' | 'counts'>, locale: TLocale): string {
  const sep = locale === 'en' ? '; ' : '；';
  const target = e.kind === 'reminders.sent' ? (REMINDED[e.target]?.[locale] ?? e.target) : e.target;
  const changes = e.changes.map((c) => `${auditFieldLabel(c.field, locale)}: ${auditValueText(c.field, c.before, locale)} → ${auditValueText(c.field, c.after, locale)}`);
  const counts = Object.entries(e.counts).map(([k, n]) => (locale === 'en' ? `${n} ${AUDIT_COUNT_LABELS[k]?.en ?? k}` : `${AUDIT_COUNT_LABELS[k]?.['zh-CN'] ?? k} ${n}`));
  return [target, ...changes, counts.join(locale === 'en' ? ', ' : '，')].filter(Boolean).join(sep);
}
