import { describe, expect, it } from 'vitest';
import { ZEmail } from '../common/text.js';
import { API_ROUTES } from '../routes.js';
import { AUDIT_KIND_LABELS, AUDIT_KINDS, auditKindLabel, auditKindNamed } from './audit-kinds.js';
import { AUDIT_KIND_FORMAT, auditWhat, ZAuditKind, ZListAuditQuery } from './audit.contract.js';
import { routeAuditKind } from '../common/endpoint.js';

describe('the audit log’s vocabulary', () => {
  it('names every kind in both languages, each of the format the database checks', () => {
    for (const k of AUDIT_KINDS) {
      expect(k).toMatch(AUDIT_KIND_FORMAT);
      expect(auditKindNamed(k), `${k}: add its name to AUDIT_KIND_LABELS`).toBe(true);
      expect(auditKindLabel(k, 'en'), k).not.toBe('');
    }
    // No label for a kind nobody records.
    expect(Object.keys(AUDIT_KIND_LABELS).filter((k) => !AUDIT_KINDS.includes(k))).toEqual([]);
  });

  it('gives every write route its kind, `<tag>.<name>`, and downloads of personal data `export.downloaded`', () => {
    const kinds = new Map(API_ROUTES.map((r) => [`${r.method.toUpperCase()} ${r.path}`, routeAuditKind(r)]));
    expect(kinds.get('POST /participations/:id/events')).toBe('participations.sendEvent');
    expect(kinds.get('POST /checkin-sessions/:id/attendees.xlsx')).toBe('check-in.importAttendees');
    expect(kinds.get('GET /campaigns/:id/exemplars.docx')).toBe('export.downloaded');
    expect(kinds.get('GET /checkin-sessions/:id/checkins.xlsx')).toBe('export.downloaded');
    // Reads, blank templates, posters, photos: nothing.
    for (const read of ['GET /participations/:id', 'GET /units/template.xlsx', 'GET /checkin-sessions/:id/poster.pdf', 'GET /files/:id'])
      expect(kinds.get(read), read).toBeUndefined();
    // A resident's check-in is its own record.
    expect(kinds.get('POST /checkin-sessions/:id/checkins')).toBeUndefined();
  });

  it('names a kind without a label by itself, and checks the format of a kind asked for', () => {
    expect(auditKindLabel('never.heardOf', 'zh-CN')).toBe('never.heardOf');
    expect(ZAuditKind.safeParse('participations.sendEvent').success).toBe(true);
    expect(ZAuditKind.safeParse('DROP TABLE').error?.issues[0]?.message).toBe('lw.auditKind');
  });

  it('says what an entry did in one line: dates in China time, counts, the deadline reminded of', () => {
    const edit = {
      kind: 'campaign.updated' as const,
      target: '2017年推进周',
      counts: {},
      changes: [
        { field: 'planDueAt', before: '2017-10-10T15:59:59.000Z', after: '2017-10-12T15:59:59.000Z' },
        { field: 'rules.photosRequired', before: '3', after: '5' },
      ],
    };
    expect(auditWhat(edit, 'zh-CN')).toBe('2017年推进周；方案截止: 2017/10/10 23:59 → 2017/10/12 23:59；规则 photosRequired: 3 → 5');
    expect(auditWhat(edit, 'en')).toBe('2017年推进周; Plans due: 10/10/2017, 23:59 → 12/10/2017, 23:59; Rule photosRequired: 3 → 5');
    const reminders = { kind: 'reminders.sent' as const, target: 'summary', changes: [], counts: { units: 3, notified: 2 } };
    expect(auditWhat(reminders, 'zh-CN')).toBe('活动总结和典型照片；单位 3，已提醒 2');
    expect(auditWhat(reminders, 'en')).toBe('summary and photos; 3 units, 2 notified');
    const cleared = { kind: 'signIn.throttleCleared' as const, target: 'staff @ 203.0.113.9', changes: [], counts: { cleared: 4 } };
    expect(auditWhat(cleared, 'zh-CN')).toBe('staff @ 203.0.113.9；解除限制 4');
    expect(auditWhat(cleared, 'en')).toBe('staff @ 203.0.113.9; 4 throttles cleared');
    const step = { kind: 'participations.sendEvent', target: 'SUBMIT_PLAN', changes: [], counts: {} };
    expect(auditWhat(step, 'zh-CN')).toBe('提交方案');
    const bulk = { kind: 'participations.sendBulkEvent', target: 'APPROVE_PLAN', changes: [], counts: { applied: 3, failed: 1 } };
    expect(auditWhat(bulk, 'zh-CN')).toBe('通过方案；成功 3，未成功 1');
  });

  it('takes a range in order only', () => {
    expect(ZListAuditQuery.safeParse({ from: '2017-10-01T00:00:00Z', to: '2017-10-02T00:00:00Z' }).success).toBe(true);
    expect(
      ZListAuditQuery.safeParse({ from: '2017-10-02T00:00:00Z', to: '2017-10-01T00:00:00Z' }).error?.issues.map((i) => [
        i.path.join('.'),
        i.message,
      ]),
    ).toEqual([['to', 'lw.rangeOrder']]);
  });
});

describe('ZEmail', () => {
  it('takes an address, trimmed, and refuses the rest with lw.email or a safe-text reason', () => {
    expect(ZEmail.parse('  xxzx@example.cn ')).toBe('xxzx@example.cn');
    expect(ZEmail.safeParse('not-an-address').error?.issues[0]?.message).toBe('lw.email');
    expect(ZEmail.safeParse('a@b.cn\u0000').error?.issues[0]?.message).toBe('lw.textControl');
    expect(ZEmail.safeParse(`${'a'.repeat(250)}@b.cn`).success).toBe(false);
    expect(ZEmail.safeParse('').error?.issues[0]?.message).toBe('lw.blank');
  });
});
