import type { TLocale } from '../common/domain.js';
import { routeAuditKind, type TEndpoint } from '../common/endpoint.js';
import { API_ROUTES } from '../routes.js';
import { AUDIT_EVENT_KINDS } from './audit.contract.js';

type TLabel = Record<TLocale, string>;

/** The kinds the routes record: `<tag>.<name>` of every write route (downloads record `export.downloaded`). */
export const AUDIT_ROUTE_KINDS: readonly string[] = [
  ...new Set(API_ROUTES.map((r) => routeAuditKind(r)).filter((k): k is string => k !== undefined)),
];

/** Every kind the log holds: the services' own and the routes'. */
export const AUDIT_KINDS: readonly string[] = [...new Set<string>([...AUDIT_EVENT_KINDS, ...AUDIT_ROUTE_KINDS])];

/**
 * Routes whose service records a richer entry of its own kind instead (a campaign edit's dates
 * before and after, a sign-in's address): the route's kind then never appears in the log.
 */
export const AUDIT_RECORDED_INSTEAD: Record<string, readonly string[]> = {
  'auth.login': ['signIn.succeeded'],
  'auth.clearThrottle': ['signIn.throttleCleared'],
  'campaigns.update': ['campaign.updated'],
  'campaigns.publish': ['campaign.published'],
  'campaigns.close': ['campaign.closed'],
  'units.setActive': ['unit.deactivated', 'unit.reactivated'],
  'units.import': ['units.imported'],
  'console.remind': ['reminders.sent'],
  'check-in.issueDevice': ['screen.issued', 'desk.issued'],
  'check-in.revokeDevice': ['screen.revoked', 'desk.revoked'],
  'check-in.voidCheckins': ['checkin.voided'],
  'check-in.reviewHeld': ['checkins.approved'],
};

/** The kinds a reader filters by: every kind the log may hold (not the routes' whose richer entry stands for them), in the order of their names. */
export const auditFilterKinds = (locale: TLocale): string[] =>
  AUDIT_KINDS.filter((k) => !(k in AUDIT_RECORDED_INSTEAD))
    .slice()
    .sort((a, b) => auditKindLabel(a, locale).localeCompare(auditKindLabel(b, locale), locale));

/**
 * The name of each kind in both languages. A route's kind without one here is named from its
 * declaration (auditKindLabel); audit-kinds.spec.ts fails until every kind has a Chinese name.
 */
export const AUDIT_KIND_LABELS: Record<string, TLabel> = {
  // The services' own entries.
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
  'signIn.succeeded': { 'zh-CN': '登录', en: 'Signed in' },
  'signIn.failed': { 'zh-CN': '登录失败', en: 'Sign-in failed' },
  'deadline.overdueMarked': { 'zh-CN': '标记逾期', en: 'Marked overdue' },
  'week.started': { 'zh-CN': '活动周开始', en: 'Week started' },
  'week.ended': { 'zh-CN': '活动周结束', en: 'Week ended' },
  // The routes' (a route with a richer entry of its own above records that one instead).
  'auth.login': { 'zh-CN': '登录', en: 'Signed in' },
  'auth.clearThrottle': { 'zh-CN': '解除登录限制', en: 'Sign-in throttle cleared' },
  'campaigns.create': { 'zh-CN': '新建活动', en: 'Campaign created' },
  'campaigns.update': { 'zh-CN': '修改活动', en: 'Campaign edited' },
  'campaigns.publish': { 'zh-CN': '发布活动', en: 'Campaign published' },
  'campaigns.close': { 'zh-CN': '结束归档', en: 'Campaign closed' },
  'campaigns.clone': { 'zh-CN': '复制活动', en: 'Campaign cloned' },
  'campaigns.setNotice': { 'zh-CN': '编辑通知', en: 'Notice edited' },
  'campaigns.issueNumber': { 'zh-CN': '编发文字号', en: 'Document number issued' },
  'units.createTown': { 'zh-CN': '新增镇（街道）', en: 'Town added' },
  'units.setActive': { 'zh-CN': '停用或启用单位', en: 'Unit (de)activated' },
  'units.import': { 'zh-CN': '导入单位', en: 'Units imported' },
  'participations.updatePlan': { 'zh-CN': '编辑实施方案', en: 'Plan edited' },
  'participations.createActivity': { 'zh-CN': '安排表新增一行', en: 'Schedule row added' },
  'participations.updateActivity': { 'zh-CN': '安排表修改一行', en: 'Schedule row edited' },
  'participations.deleteActivity': { 'zh-CN': '安排表删除一行', en: 'Schedule row removed' },
  'participations.importSchedule': { 'zh-CN': '导入活动安排表', en: 'Schedule imported' },
  'participations.uploadPhoto': { 'zh-CN': '上传照片', en: 'Photo uploaded' },
  'participations.deletePhoto': { 'zh-CN': '删除照片', en: 'Photo removed' },
  'participations.markDisc': { 'zh-CN': '标记光盘', en: 'Photo disc marked' },
  'participations.updateSummary': { 'zh-CN': '编辑活动总结', en: 'Summary edited' },
  'participations.sendBulkEvent': { 'zh-CN': '批量审核', en: 'Bulk review' },
  'participations.sendEvent': { 'zh-CN': '流程操作', en: 'Workflow step' },
  'console.remind': { 'zh-CN': '发送催报', en: 'Reminders sent' },
  'exemplars.create': { 'zh-CN': '新增推荐', en: 'Nomination created' },
  'exemplars.update': { 'zh-CN': '编辑推荐', en: 'Nomination edited' },
  'exemplars.addPhoto': { 'zh-CN': '上传推荐照片', en: 'Nomination photo added' },
  'exemplars.deletePhoto': { 'zh-CN': '删除推荐照片', en: 'Nomination photo removed' },
  'exemplars.sendEvent': { 'zh-CN': '评选操作', en: 'Nomination step' },
  'exemplars.score': { 'zh-CN': '评分', en: 'Scored' },
  'exemplars.setQuotas': { 'zh-CN': '设置推荐名额', en: 'Quotas set' },
  'exemplars.setPanel': { 'zh-CN': '设置评审组', en: 'Panel named' },
  'check-in.createSession': { 'zh-CN': '新建签到场次', en: 'Check-in session created' },
  'check-in.voidCheckins': { 'zh-CN': '作废签到', en: 'Check-ins voided' },
  'check-in.reviewHeld': { 'zh-CN': '核对待确认签到', en: 'Held check-ins reviewed' },
  'check-in.startRehearsal': { 'zh-CN': '开始压力演练', en: 'Rehearsal started' },
  'check-in.reportRehearsal': { 'zh-CN': '提交演练报告', en: 'Rehearsal reported' },
  'check-in.issueDevice': { 'zh-CN': '发放大屏或签到台链接', en: 'Screen or desk link issued' },
  'check-in.revokeDevice': { 'zh-CN': '吊销大屏或签到台链接', en: 'Screen or desk link revoked' },
  'check-in.importAttendees': { 'zh-CN': '导入预登记名单', en: 'Attendee list imported' },
  'notifications.read': { 'zh-CN': '标记通知已读', en: 'Notice marked read' },
  'notifications.updateProfile': { 'zh-CN': '修改个人设置', en: 'Profile changed' },
  'notifications.updatePreferences': { 'zh-CN': '修改邮件通知方式', en: 'E-mail preferences changed' },
  'units.previewImport': { 'zh-CN': '预览单位名单导入', en: 'Unit import previewed' },
  'participations.previewScheduleImport': { 'zh-CN': '预览活动安排表导入', en: 'Schedule import previewed' },
  'participations.markDiscSent': { 'zh-CN': '登记光盘已寄送', en: 'Photo disc sent' },
  'exemplars.setNotice': { 'zh-CN': '设置先进公示', en: 'Exemplar notice set' },
  'exemplars.clearNotice': { 'zh-CN': '取消先进公示', en: 'Exemplar notice removed' },
  'accounts.changePassword': { 'zh-CN': '修改密码', en: 'Password changed' },
  'accounts.forgotPassword': { 'zh-CN': '申请重置密码', en: 'Password reset asked for' },
  'accounts.resetPassword': { 'zh-CN': '通过链接重置密码', en: 'Password reset by link' },
  'accounts.update': { 'zh-CN': '修改账号联系方式', en: 'Account contact edited' },
  'accounts.setActive': { 'zh-CN': '停用或启用账号', en: 'Account (de)activated' },
  'accounts.resetUserPassword': { 'zh-CN': '重置他人密码', en: 'Password reset for a user' },
  'town.digestSent': { 'zh-CN': '发送镇（街道）督办汇总', en: 'Town follow-up digest sent' },
};

const ROUTE_OF_KIND = new Map<string, TEndpoint>(
  API_ROUTES.filter((r) => routeAuditKind(r) !== undefined && routeAuditKind(r) !== 'export.downloaded').map((r) => [
    routeAuditKind(r)!,
    r,
  ]),
);
const CJK = /[\u3400-\u9fff][\u3400-\u9fff（）·、，]*/;

/**
 * A kind's name in the reader's language: its label, else one taken from its route's declaration
 * (the Chinese term its summary names, e.g. 活动安排表; the summary's first clause in English),
 * else the kind itself.
 */
export function auditKindLabel(kind: string, locale: TLocale): string {
  const label = AUDIT_KIND_LABELS[kind]?.[locale];
  if (label) return label;
  const route = ROUTE_OF_KIND.get(kind);
  if (!route) return kind;
  if (locale === 'zh-CN') return CJK.exec(route.summary)?.[0] ?? kind;
  return (
    route.summary
      .split(/[:;(.]/)[0]!
      .trim()
      .slice(0, 60) || kind
  );
}

/** Whether a kind has a Chinese name (its own label or its route's summary's term): what audit-kinds.spec.ts holds every kind to. */
export const auditKindNamed = (kind: string): boolean => CJK.test(auditKindLabel(kind, 'zh-CN'));
