import { describe, expect, it } from 'vitest';
import { noticeEmail, noticeTitle, type TNotice } from './notice-text.js';

const subject = { campaign: '2017年全民终身学习推进周', unit: '春江中心小学', town: '春江镇' };
const dueAt = new Date('2017-10-10T15:59:00Z');
const NOTICES: TNotice[] = [
  { kind: 'planReturned' },
  { kind: 'planApproved' },
  { kind: 'summaryReturned' },
  { kind: 'summaryAccepted' },
  { kind: 'deadlineReminder', deadline: 'plan', dueAt, overdue: false },
  { kind: 'deadlineReminder', deadline: 'summary', dueAt, overdue: true },
  { kind: 'overdue', deadline: 'plan', dueAt },
  { kind: 'escalation', deadline: 'summary', dueAt },
];

describe('notice texts', () => {
  it('have one text per kind in each language, due dates in China time', () => {
    expect(NOTICES.map((n) => noticeTitle(n, subject, 'zh-CN'))).toEqual([
      '实施方案被退回，请按意见修改后重新提交',
      '实施方案已审核通过',
      '活动总结被退回，请按意见修改后重新提交',
      '活动总结已审核通过',
      '实施方案和活动安排表将于 10月10日 23:59 截止，请按时提交',
      '活动总结和典型照片已逾期（截止 10月10日 23:59），请尽快提交',
      '实施方案和活动安排表已逾期（截止 10月10日 23:59），请尽快提交',
      '春江中心小学（春江镇）的活动总结和典型照片已逾期（截止 10月10日 23:59），请督促提交',
    ]);
    const en = NOTICES.map((n) => noticeTitle(n, subject, 'en'));
    expect(new Set(en).size).toBe(en.length);
    expect(en[4]).toBe('The plan and schedule are due on 10 October at 23:59: please submit them on time');
    // English throughout, but for the unit's own name.
    for (const t of en) expect(t.replace(/春江中心小学|春江镇/g, '')).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('make an email per kind naming the campaign and the unit, with the comment and the link', () => {
    for (const n of NOTICES) {
      for (const locale of ['zh-CN', 'en'] as const) {
        const m = noticeEmail(n, subject, { recipient: '王老师', comment: '请补充预算说明', link: 'https://x.cn/admin/participations/1' }, locale);
        expect(m.subject, `${n.kind} ${locale}`).toContain(subject.campaign);
        expect(m.subject, `${n.kind} ${locale}`).toContain(subject.unit);
        expect(m.text).toContain('请补充预算说明');
        expect(m.text).toContain('https://x.cn/admin/participations/1');
        expect(m.text).toContain(locale === 'en' ? 'Unit: 春江中心小学 (春江镇)' : '单位：春江中心小学（春江镇）');
      }
    }
    const plain = noticeEmail({ kind: 'planApproved' }, subject, { recipient: '王老师', comment: ' ', link: 'https://x.cn/' }, 'zh-CN');
    expect(plain.text).not.toContain('意见');
  });
});
