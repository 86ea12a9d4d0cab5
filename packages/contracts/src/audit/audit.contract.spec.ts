import { describe, expect, it } from 'vitest';
import { ZEmail } from '../common/text.js';
import { AUDIT_KIND_LABELS, AUDIT_KINDS, auditWhat, ZListAuditQuery } from './audit.contract.js';

describe('the audit log’s vocabulary', () => {
  it('names every kind in both languages', () => {
    expect(Object.keys(AUDIT_KIND_LABELS).sort()).toEqual([...AUDIT_KINDS].sort());
    for (const k of AUDIT_KINDS) expect(AUDIT_KIND_LABELS[k]['zh-CN'] && AUDIT_KIND_LABELS[k].en, k).toBeTruthy();
  });

  it('says what an entry did in one line: dates in China time, counts, the deadline reminded of', () => {
    const edit = { kind: 'campaign.updated' as const, target: '2017年推进周', counts: {}, changes: [{ field: 'planDueAt', before: '2017-10-10T15:59:59.000Z', after: '2017-10-12T15:59:59.000Z' }, { field: 'rules.photosRequired', before: '3', after: '5' }] };
    expect(auditWhat(edit, 'zh-CN')).toBe('2017年推进周；方案截止: 2017/10/10 23:59 → 2017/10/12 23:59；规则 photosRequired: 3 → 5');
    expect(auditWhat(edit, 'en')).toBe('2017年推进周; Plans due: 10/10/2017, 23:59 → 12/10/2017, 23:59; Rule photosRequired: 3 → 5');
    const reminders = { kind: 'reminders.sent' as const, target: 'summary', changes: [], counts: { units: 3, notified: 2 } };
    expect(auditWhat(reminders, 'zh-CN')).toBe('活动总结和典型照片；单位 3，已提醒 2');
    expect(auditWhat(reminders, 'en')).toBe('summary and photos; 3 units, 2 notified');
    const cleared = { kind: 'signIn.throttleCleared' as const, target: 'staff @ 203.0.113.9', changes: [], counts: { cleared: 4 } };
    expect(auditWhat(cleared, 'zh-CN')).toBe('staff @ 203.0.113.9；解除限制 4');
    expect(auditWhat(cleared, 'en')).toBe('staff @ 203.0.113.9; 4 throttles cleared');
  });

  it('takes a range in order only', () => {
    expect(ZListAuditQuery.safeParse({ from: '2017-10-01T00:00:00Z', to: '2017-10-02T00:00:00Z' }).success).toBe(true);
    expect(ZListAuditQuery.safeParse({ from: '2017-10-02T00:00:00Z', to: '2017-10-01T00:00:00Z' }).error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['to', 'lw.rangeOrder']]);
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
