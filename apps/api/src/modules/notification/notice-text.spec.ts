import { describe, expect, it } from 'vitest';
import { plainMail, renderDigest } from './mail-layout.js';
import { noticeBody, noticeEmail, noticeTitle, type TNotice } from './notice-text.js';

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
      '实施方案和活动安排表将于 2017年10月10日 23:59 截止，请按时提交',
      '活动总结和典型照片已逾期（截止 2017年10月10日 23:59），请尽快提交',
      '实施方案和活动安排表已逾期（截止 2017年10月10日 23:59），请尽快提交',
      '春江中心小学（春江镇）的活动总结和典型照片已逾期（截止 2017年10月10日 23:59），请督促提交',
    ]);
    const en = NOTICES.map((n) => noticeTitle(n, subject, 'en'));
    expect(new Set(en).size).toBe(en.length);
    expect(en[4]).toBe('The plan and schedule are due on 10 October 2017 at 23:59: please submit them on time');
    // English throughout, but for the unit's own name.
    for (const t of en) expect(t.replace(/春江中心小学|春江镇/g, '')).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('make an email per kind naming the campaign and the unit, with the comment and the link', () => {
    for (const n of NOTICES) {
      for (const locale of ['zh-CN', 'en'] as const) {
        const m = noticeEmail(
          n,
          subject,
          { recipient: '王老师', comment: '请补充预算说明', link: 'https://x.cn/admin/participations/1' },
          locale,
        );
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

  it('carry every section’s comment of a return after the overall one, in the text, the HTML and the bell', () => {
    const n: TNotice = { kind: 'planReturned', sections: { schedule: '开放日请写明面向对象和预计人数', photos: '第2张照片<模糊>' } };
    const m = noticeEmail(
      n,
      subject,
      { recipient: '王老师', comment: '请补充预算说明', link: 'https://x.cn/admin/participations/1' },
      'zh-CN',
    );
    expect(m.text).toContain('退回意见：请补充预算说明\n活动安排表：开放日请写明面向对象和预计人数\n典型照片：第2张照片<模糊>');
    expect(m.html).toContain('开放日请写明面向对象和预计人数');
    expect(m.html).toContain('第2张照片&lt;模糊&gt;');
    expect(m.html).toContain('<a href="https://x.cn/admin/participations/1"');
    expect(noticeBody(n, '请补充预算说明', 'en')).toBe(
      'Comments: 请补充预算说明\nSchedule: 开放日请写明面向对象和预计人数\nPhotos: 第2张照片<模糊>',
    );
    // Without sections the bell shows the comment as it is.
    expect(noticeBody({ kind: 'planReturned' }, ' 请补充 ', 'zh-CN')).toBe('请补充');
  });

  it('name the dates that moved, old → new with their year, and the new kinds', () => {
    const moved: TNotice = { kind: 'datesChanged', changes: [{ date: 'planDueAt', from: dueAt, to: new Date('2017-10-12T15:59:00Z') }] };
    expect(noticeBody(moved, '', 'zh-CN')).toBe('实施方案截止：2017年10月10日 23:59 → 2017年10月12日 23:59');
    expect(noticeBody(moved, '', 'en')).toBe('Plan due: 10 October 2017 at 23:59 → 12 October 2017 at 23:59');
    expect(noticeTitle({ kind: 'planSubmitted' }, subject, 'zh-CN')).toBe('春江中心小学（春江镇）已提交实施方案和活动安排表，请审核');
    expect(noticeTitle({ kind: 'campaignPublished', planDueAt: dueAt }, subject, 'zh-CN')).toBe(
      '活动通知已发布：请于 2017年10月10日 23:59 前提交实施方案和活动安排表',
    );
    expect(noticeTitle({ kind: 'nominationShortlisted', name: '张阿姨' }, subject, 'zh-CN')).toBe('推荐对象“张阿姨”已入围');
    expect(
      noticeEmail({ kind: 'summarySubmitted' }, subject, { recipient: '审核人', comment: '', link: 'https://x.cn/' }, 'zh-CN').subject,
    ).toBe('【2017年全民终身学习推进周】春江中心小学（春江镇）已提交活动总结和典型照片，请审核');
  });

  it('link a published campaign’s email to its notice, beside the unit’s participation', () => {
    const mail = noticeEmail(
      { kind: 'campaignPublished', planDueAt: dueAt },
      subject,
      { recipient: '王老师', comment: '', link: 'https://x.cn/admin/participations/p1', notice: 'https://x.cn/admin/notice/c1' },
      'zh-CN',
    );
    expect(mail.text).toContain('活动通知：https://x.cn/admin/notice/c1');
    expect(mail.text).toContain('https://x.cn/admin/participations/p1');
    expect(mail.html).toContain('https://x.cn/admin/notice/c1');
  });

  it('gather several emails into one digest: each notice’s subject and core, without their greetings and footers', () => {
    const a = noticeEmail({ kind: 'planSubmitted' }, subject, { recipient: '审核人', comment: '', link: 'https://x.cn/a' }, 'zh-CN');
    const b = noticeEmail(
      { kind: 'planSubmitted' },
      { ...subject, unit: '春江图书馆' },
      { recipient: '审核人', comment: '', link: 'https://x.cn/b' },
      'zh-CN',
    );
    const d = renderDigest('审核人', [a, b], 'zh-CN');
    expect(d.subject).toBe('终身学习活动周：您有 2 条新通知');
    expect(d.text.match(/审核人：/g)).toHaveLength(1);
    expect(d.text.match(/请勿直接回复/g)).toHaveLength(1);
    expect(d.text).toContain(`1. ${a.subject}`);
    expect(d.text).toContain('办理：https://x.cn/b');
    expect(d.html).toContain('<a href="https://x.cn/b">');
  });

  it('keep an organizer’s plain notice whole in a digest: its body and its link, one greeting, one footer', () => {
    const organizer = {
      subject: '活动日期已更改',
      ...plainMail('组织办', '启动仪式改为10月26日。\n各单位请相应调整。\n\nhttps://x.cn/c', 'zh-CN'),
    };
    const d = renderDigest('组织办', [organizer, organizer], 'zh-CN');
    expect(d.text.match(/启动仪式改为10月26日。\n各单位请相应调整。\n\nhttps:\/\/x\.cn\/c/g)).toHaveLength(2);
    expect(d.text.match(/组织办：/g)).toHaveLength(1);
    expect(d.text.match(/请勿直接回复/g)).toHaveLength(1);
  });
});
