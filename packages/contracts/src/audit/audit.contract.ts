import { z } from 'zod';
import { ZId, ZInstant, type TLocale } from '../common/domain.js';
import { ZPageQuery, page } from '../common/paging.js';
import { NOMINATION_EVENT_LABELS, PARTICIPATION_EVENT_LABELS } from '../common/labels.js';
import { safeText } from '../common/text.js';

/**
 * The audit log records every write (docs/SECURITY.md, "The audit log"). Its kinds are of two sorts:
 * a route's own, `<tag>.<name>` of the declaration (`participations.sendEvent`), recorded by one
 * interceptor for every successful write route (AUDIT_KINDS in audit-kinds.ts gathers them), and the
 * kinds below, recorded by the services themselves: a richer entry of a route (a campaign edit's
 * dates before and after) or what no route does (sign-ins, the scheduler's marks).
 */
export const AUDIT_EVENT_KINDS = [
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
  'signIn.succeeded',
  'signIn.failed',
  'deadline.overdueMarked',
  'week.started',
  'week.ended',
  'town.digestSent',
] as const;
export type TAuditEventKind = (typeof AUDIT_EVENT_KINDS)[number];

/**
 * The shape of every kind, the database's CHECK too (`AuditEntry_kind_check`): an area (a route's
 * tag, `check-in` included, or a service's `signIn`), a dot, a camel-case name. A new route's kind fits it with no
 * migration; a test holds that every kind has a label in both languages (audit-kinds.spec.ts).
 */
export const AUDIT_KIND_FORMAT = /^[a-z][a-zA-Z0-9-]{0,31}\.[a-zA-Z][a-zA-Z0-9]{0,47}$/;
export const ZAuditKind = z.string().regex(AUDIT_KIND_FORMAT, 'lw.auditKind');
export type TAuditKind = string;

/** Who did it: a signed-in user, a desk link, a ceremony screen, the system (the scheduler), or nobody signed in (a failed sign-in). */
export const AUDIT_ACTOR_KINDS = ['user', 'desk', 'kiosk', 'system', 'anonymous'] as const;
export const ZAuditActorKind = z.enum(AUDIT_ACTOR_KINDS);
export type TAuditActorKind = z.infer<typeof ZAuditActorKind>;

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
  /**
   * Who: the user (null for anyone else) and the name at the time (a user's, a desk's or screen's, the
   * username a failed sign-in gave; 系统 for the scheduler), and which kind of actor.
   */
  actor: z.object({ id: ZId.nullable(), label: z.string(), username: z.string().nullable(), kind: ZAuditActorKind }),
  campaign: z.object({ id: ZId, title: z.string() }).nullable(),
  /** The unit it concerns (a participation's, a nomination's, an overdue mark's), named as it is now. */
  unit: z.object({ id: ZId, name: z.string(), code: z.string() }).nullable(),
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
  unitId: ZId.optional(),
  /** From this instant on (inclusive) … */
  from: ZInstant.optional(),
  /** … up to this one (exclusive). */
  to: ZInstant.optional(),
};
const rangeInOrder = (q: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  if (q.from && q.to && Date.parse(q.to) < Date.parse(q.from)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'lw.rangeOrder' });
};

/** The log, newest first, filtered by kind, actor, campaign, unit and time. */
export const ZListAuditQuery = ZPageQuery.extend(filters).strict().superRefine(rangeInOrder);
export type TListAuditQuery = z.input<typeof ZListAuditQuery>;
export const ZListAuditResponse = page(ZAuditEntry);
export type TListAuditResponse = z.infer<typeof ZListAuditResponse>;
/** The same filters for the .xlsx export (every matching entry). */
export const ZAuditExportQuery = z.object(filters).strict().superRefine(rangeInOrder);
export type TAuditExportQuery = z.input<typeof ZAuditExportQuery>;

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
  escalated: { 'zh-CN': '督办通知', en: 'escalations' },
  participations: { 'zh-CN': '参与单位', en: 'participations' },
  items: { 'zh-CN': '条目', en: 'items' },
  applied: { 'zh-CN': '成功', en: 'applied' },
  failed: { 'zh-CN': '未成功', en: 'failed' },
};

const REMINDED: Record<string, Record<TLocale, string>> = {
  plan: { 'zh-CN': '实施方案和活动安排表', en: 'plan and schedule' },
  summary: { 'zh-CN': '活动总结和典型照片', en: 'summary and photos' },
};

/** A workflow step's event, a route entry's target (`audit.target: 'type'`), as the reader says it. */
const EVENT_TARGETS: Record<string, Record<TLocale, string>> = { ...PARTICIPATION_EVENT_LABELS, ...NOMINATION_EVENT_LABELS };

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

export const auditFieldLabel = (field: string, locale: TLocale) =>
  AUDIT_FIELD_LABELS[field]?.[locale] ?? (field.startsWith('rules.') ? `${locale === 'en' ? 'Rule' : '规则'} ${field.slice(6)}` : field);

/** What an entry was done to, as the reader says it: a deadline reminded of, a workflow step, else as recorded. */
export const auditTargetText = (e: Pick<TAuditEntry, 'kind' | 'target'>, locale: TLocale): string =>
  e.kind === 'reminders.sent' || e.kind === 'deadline.overdueMarked'
    ? (REMINDED[e.target]?.[locale] ?? e.target)
    : (EVENT_TARGETS[e.target]?.[locale] ?? e.target);

/** What an entry counted, in one phrase of the reader's language. */
export const auditCountsText = (counts: Record<string, number>, locale: TLocale): string =>
  Object.entries(counts)
    .map(([k, n]) => (locale === 'en' ? `${n} ${AUDIT_COUNT_LABELS[k]?.en ?? k}` : `${AUDIT_COUNT_LABELS[k]?.['zh-CN'] ?? k} ${n}`))
    .join(locale === 'en' ? ', ' : '，');

/** What an entry did, in one line of the reader's language (the page's "what" column, the export's). */
export function auditWhat(e: Pick<TAuditEntry, 'kind' | 'target' | 'changes' | 'counts'>, locale: TLocale): string {
  const sep = locale === 'en' ? '; ' : '；';
  const target = auditTargetText(e, locale);
  const changes = e.changes.map(
    (c) =>
      `${auditFieldLabel(c.field, locale)}: ${auditValueText(c.field, c.before, locale)} → ${auditValueText(c.field, c.after, locale)}`,
  );
  return [target, ...changes, auditCountsText(e.counts, locale)].filter(Boolean).join(sep);
}
