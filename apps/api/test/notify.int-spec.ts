import type { TCampaign, TListNotificationsResponse, TNominationDetail, TNoticePreferences } from '@learnweek/contracts';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailSender } from '../src/modules/notification/mail-sender.js';
import { COALESCE_MS, nextDigestAt } from '../src/modules/notification/notification.service.js';
import { photo } from './files.js';
import { setup } from './harness.js';
import { startSmtp, type TReceivedMail } from './smtp.js';

/**
 * Everyone told what concerns them, in the app and by email through a real SMTP server: the
 * approvers of a submission (a burst coalesced into one email), the coordinators of a return with
 * every section's comment, of a campaign published and of its dates moved, a new account, a
 * nomination's steps; as each user chose per topic (at once, a daily digest, none); every email
 * in HTML with a plain-text part, its dates with their year, from MAIL_FROM_NAME.
 */
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let t: Awaited<ReturnType<typeof setup>>;
const PUBLIC_URL = 'https://learnweek.example.cn';
const CAMPAIGN = '2017年全民终身学习推进周';
const FROM_NAME = '常州市新北区教育局';

beforeAll(async () => {
  smtp = await startSmtp();
  t = await setup({ env: { SMTP_URL: `${smtp.url}?from=xxzx@example.cn`, PUBLIC_URL, MAIL_FROM_NAME: FROM_NAME } });
  // Every user of the fixture with an address, in Chinese.
  const addresses: Record<string, string> = {
    approver: 'shenhe@example.cn',
    [t.fixture.units.other.coordinator]: 'other@example.cn',
    [t.fixture.units.centre.coordinator]: 'centre@example.cn',
    [t.fixture.units.school.coordinator]: 'school@example.cn',
  };
  for (const [username, email] of Object.entries(addresses)) await withAddress(username, email);
});
afterAll(async () => {
  await t?.teardown();
  await smtp?.close();
});

const mail = () => t.app.get(MailSender);
/** Sends whatever is due now (held emails gathered first) and returns what the server accepted meanwhile. */
async function deliver(): Promise<TReceivedMail[]> {
  await mail().idle();
  const before = smtp.received.length;
  await mail().drain();
  return smtp.received.slice(before);
}
const bell = async (username: string) =>
  ((await t.http.get('/api/notifications').set(await t.as(username))).body as TListNotificationsResponse).items;
const emailsOf = (kind: string) => t.prisma.emailMessage.findMany({ where: { notification: { kind } }, orderBy: { createdAt: 'asc' } });

/** Drafts a plan with one free class for the elderly and submits it. */
async function submitPlan(unit: 'other' | 'centre') {
  const { participationId: id, coordinator } = t.fixture.units[unit];
  await t.event(id, coordinator, 'START_DRAFT');
  await t.http
    .put(`/api/participations/${id}/plan`)
    .set(await t.as(coordinator))
    .send({ text: '实施方案', version: 1 })
    .expect(200);
  await t.http
    .post(`/api/participations/${id}/activities`)
    .set(await t.as(coordinator))
    .send({
      title: '老年人智能手机课',
      type: 'freeClass',
      startsAt: '2017-10-24T01:00:00.000Z',
      endsAt: '2017-10-24T03:00:00.000Z',
      place: '活动室',
      personInCharge: '王老师',
      audiences: ['elderly'],
      free: true,
    })
    .expect(201);
  await t.event(id, coordinator, 'SUBMIT_PLAN');
  return id;
}

async function withAddress(username: string, email: string) {
  await t.http
    .put('/api/profile')
    .set(await t.as(username))
    .send({ email, locale: 'zh-CN' })
    .expect(200);
}

async function setPreferences(username: string, items: TNoticePreferences['items']) {
  const r = await t.http
    .put('/api/profile/notices')
    .set(await t.as(username))
    .send({ items });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as TNoticePreferences;
}

describe('submissions to the approvers', () => {
  it('reach the approver’s bell at once and mailbox within the minute: HTML and text, from MAIL_FROM_NAME', async () => {
    const id = await submitPlan('other');
    const [n] = await bell('approver');
    expect(n).toMatchObject({
      kind: 'planSubmitted',
      title: '新北区某培训学校（春江镇）已提交实施方案和活动安排表，请审核',
      participationId: id,
      campaignTitle: CAMPAIGN,
    });
    // The coordinators who submitted are not told of their own submission.
    expect((await bell(t.fixture.units.other.coordinator)).some((x) => x.kind === 'planSubmitted')).toBe(false);

    // Held for the minute, in case others come.
    const [queued] = await emailsOf('planSubmitted');
    expect(queued).toMatchObject({ to: 'shenhe@example.cn', status: 'held' });
    expect(queued!.nextAttemptAt.getTime()).toBe(t.clock.now().getTime() + COALESCE_MS);
    expect(await deliver()).toEqual([]);

    t.clock.advance(COALESCE_MS);
    const [m] = await deliver();
    expect(m).toMatchObject({
      to: 'shenhe@example.cn',
      subject: `【${CAMPAIGN}】新北区某培训学校（春江镇）已提交实施方案和活动安排表，请审核`,
    });
    expect(m!.from).toContain(FROM_NAME);
    expect(m!.from).toContain('<xxzx@example.cn>');
    expect(m!.text).toMatch(/^审核人甲：/);
    expect(m!.text).toContain(`办理：${PUBLIC_URL}/admin/participations/${id}`);
    expect(m!.html).toContain(`<a href="${PUBLIC_URL}/admin/participations/${id}"`);
    expect(m!.html).toContain('新北区某培训学校（春江镇）已提交实施方案和活动安排表');
    expect((await t.prisma.emailMessage.findFirstOrThrow({ where: { id: queued!.id } })).status).toBe('sent');
  });

  it('returned with a comment per section: the coordinator’s email and bell carry each of them; a burst of submissions is one email', async () => {
    const id = await submitPlan('centre');
    t.clock.advance(10_000);
    const returned = await t.event(id, 'approver', 'RETURN_PLAN', {
      comment: '请按意见修改',
      sectionComments: { plan: '请补充经费预算', schedule: '开放日请写明面向对象和预计人数' },
    });
    expect(returned.state).toBe('planReturned');
    await mail().idle();
    const back = smtp.received.filter((m) => m.to === 'centre@example.cn').at(-1)!;
    expect(back.subject).toBe(`【${CAMPAIGN}】春江镇社区教育中心：实施方案被退回，请按意见修改后重新提交`);
    expect(back.text).toContain('退回意见：请按意见修改\n实施方案：请补充经费预算\n活动安排表：开放日请写明面向对象和预计人数');
    for (const words of ['请按意见修改', '请补充经费预算', '开放日请写明面向对象和预计人数']) expect(back.html).toContain(words);
    expect((await bell(t.fixture.units.centre.coordinator))[0]).toMatchObject({
      kind: 'planReturned',
      body: '退回意见：请按意见修改\n实施方案：请补充经费预算\n活动安排表：开放日请写明面向对象和预计人数',
    });

    // Submitted again within the minute: the approver's two emails go as one.
    t.clock.advance(10_000);
    await t.event(id, t.fixture.units.centre.coordinator, 'SUBMIT_PLAN');
    expect((await bell('approver')).filter((x) => x.kind === 'planSubmitted' && x.participationId === id)).toHaveLength(2);
    expect(await deliver()).toEqual([]);
    t.clock.advance(COALESCE_MS - 20_000);
    const sent = await deliver();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'shenhe@example.cn', subject: '终身学习活动周：您有 2 条新通知' });
    expect(sent[0]!.text.match(/春江镇社区教育中心（春江镇）已提交实施方案和活动安排表/g)).toHaveLength(4); // each part's subject and title
    expect(sent[0]!.html).toContain(`${PUBLIC_URL}/admin/participations/${id}`);
    const parts = (await emailsOf('planSubmitted')).filter((e) => e.status === 'digested');
    expect(parts).toHaveLength(2);
    expect(new Set(parts.map((p) => p.digestId)).size).toBe(1);
  });
});

describe('preferences', () => {
  it('list the topics of the user’s roles, each at once by default, and refuse another’s topic or an unknown mode by field', async () => {
    const coordinator = t.fixture.units.school.coordinator;
    expect((await t.http.get('/api/profile/notices').set(await t.as(coordinator))).body).toEqual({
      items: ['review', 'deadline', 'campaign', 'nomination'].map((topic) => ({ topic, email: 'instant' })),
      digestHour: 8,
    });
    // A community education centre's coordinators also hear of their town's late units.
    expect(
      (await t.http.get('/api/profile/notices').set(await t.as(t.fixture.units.centre.coordinator))).body.items.map(
        (i: { topic: string }) => i.topic,
      ),
    ).toEqual(['review', 'deadline', 'escalation', 'campaign', 'nomination']);
    const escalation = await t.http
      .put('/api/profile/notices')
      .set(await t.as(coordinator))
      .send({ items: [{ topic: 'escalation', email: 'off' }] });
    expect(escalation.body.errors).toEqual([{ path: 'items.0.topic', message: '您不会收到“督办”类通知，无需设置' }]);
    expect((await t.http.get('/api/profile/notices').set(await t.as('approver'))).body.items).toEqual([
      { topic: 'submitted', email: 'instant' },
    ]);

    const foreign = await t.http
      .put('/api/profile/notices')
      .set(await t.as(coordinator))
      .send({ items: [{ topic: 'submitted', email: 'off' }] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([{ path: 'items.0.topic', message: '您不会收到“单位提交方案或总结”类通知，无需设置' }]);
    const bad = await t.http
      .put('/api/profile/notices')
      .set(await t.as(coordinator))
      .set('Accept-Language', 'en')
      .send({ items: [{ topic: 'review', email: 'weekly' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('items.0.email');

    expect((await setPreferences(coordinator, [{ topic: 'campaign', email: 'digest' }])).items.find((i) => i.topic === 'campaign')).toEqual(
      { topic: 'campaign', email: 'digest' },
    );
  });

  it('off: the notice is in the bell, and no email is queued', async () => {
    // A unit of its own whose plan awaits approval; its coordinator has an address.
    const { coordinator, participationId: id } = await t.newParticipation('planSubmitted');
    await withAddress(coordinator, 'off@example.cn');
    await setPreferences(coordinator, [{ topic: 'review', email: 'off' }]);
    await t.event(id, 'approver', 'APPROVE_PLAN');
    expect((await bell(coordinator))[0]).toMatchObject({ kind: 'planApproved' });
    expect(await emailsOf('planApproved')).toEqual([]);
  });
});

describe('the campaign’s coordinators', () => {
  it('hear of its dates moved, old → new with the year; one who chose the digest gets one email for the day', async () => {
    // The school's coordinator takes campaign notices in a daily digest.
    await setPreferences(t.fixture.units.school.coordinator, [{ topic: 'campaign', email: 'digest' }]);
    const { campaignId } = t.fixture;
    const c = (await t.http.get(`/api/campaigns/${campaignId}`).set(await t.as('organizer'))).body as TCampaign;
    t.clock.advance(1_000);
    const moved = { ...c.timeline, planDueAt: '2017-10-12T15:59:59.000Z', summaryDueAt: '2017-11-02T15:59:59.000Z' };
    await t.http
      .put(`/api/campaigns/${campaignId}`)
      .set(await t.as('organizer'))
      .send({ version: c.version, timeline: moved })
      .expect(200);
    await mail().idle();
    const lines = '实施方案截止：2017年10月10日 23:59 → 2017年10月12日 23:59\n活动总结截止：2017年10月31日 23:59 → 2017年11月2日 23:59';
    for (const unit of ['other', 'centre', 'school'] as const) {
      const { coordinator, participationId } = t.fixture.units[unit];
      expect((await bell(coordinator))[0], unit).toMatchObject({
        kind: 'datesChanged',
        title: '活动日期已调整，请按新的时间安排',
        body: lines,
        participationId,
      });
    }
    const m = smtp.received.filter((x) => x.to === 'other@example.cn').at(-1)!;
    expect(m.subject).toBe(`【${CAMPAIGN}】新北区某培训学校：活动日期已调整，请按新的时间安排`);
    expect(m.text).toContain(lines);
    expect(m.html).toContain('2017年10月10日 23:59 → 2017年10月12日 23:59');
    // An edit that moves no date tells nobody.
    const again = (await t.http.get(`/api/campaigns/${campaignId}`).set(await t.as('organizer'))).body as TCampaign;
    const before = await t.prisma.notification.count({ where: { kind: 'datesChanged' } });
    await t.http
      .put(`/api/campaigns/${campaignId}`)
      .set(await t.as('organizer'))
      .send({ version: again.version, theme: '学习让生活更美好' })
      .expect(200);
    expect(await t.prisma.notification.count({ where: { kind: 'datesChanged' } })).toBe(before);

    // The school's coordinator chose a daily digest for campaign notices: held until 08:00 China time.
    const [held] = await t.prisma.emailMessage.findMany({ where: { to: 'school@example.cn', notification: { kind: 'datesChanged' } } });
    expect(held).toMatchObject({ status: 'held' });
    expect(held!.nextAttemptAt).toEqual(nextDigestAt(t.clock.now()));
    expect(held!.nextAttemptAt.toISOString()).toBe('2017-10-02T00:00:00.000Z'); // the clock reads 1 October, 10:0x China time
  });

  it('hear of a campaign published, linked to their unit’s participation; the digest gathers the day’s notices into one email', async () => {
    // A campaign of its own with two units: a training school told at once, and one whose coordinator
    // takes campaign notices in a daily digest; its plans' due date moved (the digest's first notice), then cloned to 2018.
    const organizer = await t.as('organizer');
    const { campaignId } = await t.newCampaign();
    const school = await t.newParticipation('invited', { campaignId, name: '新北区某培训学校' });
    await withAddress(school.coordinator, 'instant@example.cn');
    const mine = await t.newParticipation('invited', { campaignId });
    await withAddress(mine.coordinator, 'digest@example.cn');
    await setPreferences(mine.coordinator, [{ topic: 'campaign', email: 'digest' }]);
    const own = (await t.http.get(`/api/campaigns/${campaignId}`).set(organizer)).body as TCampaign;
    t.clock.advance(1_000);
    await t.http
      .put(`/api/campaigns/${campaignId}`)
      .set(organizer)
      .send({ version: own.version, timeline: { ...own.timeline, planDueAt: '2017-10-12T15:59:59.000Z' } })
      .expect(200);
    const clone = await t.http.post(`/api/campaigns/${campaignId}/clone`).set(organizer).send({ year: 2018 });
    expect(clone.status, JSON.stringify(clone.body)).toBe(201);
    const draft = clone.body as TCampaign;
    t.clock.advance(1_000);
    await t.http.post(`/api/campaigns/${draft.id}/publish`).set(organizer).expect(200);
    await mail().idle();
    const { coordinator } = school;
    const [n] = await bell(coordinator);
    const participation = await t.prisma.participation.findFirstOrThrow({ where: { campaignId: draft.id, unitId: school.id } });
    expect(n).toMatchObject({
      kind: 'campaignPublished',
      title: '活动通知已发布：请于 2018年10月12日 23:59 前提交实施方案和活动安排表',
      participationId: participation.id,
      campaignTitle: draft.title,
    });
    const m = smtp.received.filter((x) => x.to === 'instant@example.cn').at(-1)!;
    expect(m.subject).toBe(`【${draft.title}】新北区某培训学校：活动通知已发布：请于 2018年10月12日 23:59 前提交实施方案和活动安排表`);
    expect(m.text).toContain(`办理：${PUBLIC_URL}/admin/participations/${participation.id}`);
    // Published again (it cannot be) or retried: told once.
    await t.http.post(`/api/campaigns/${draft.id}/publish`).set(organizer).expect(409);
    expect((await bell(coordinator)).filter((x) => x.kind === 'campaignPublished')).toHaveLength(1);

    // The digest: nothing before 08:00, then one email with both notices.
    expect((await deliver()).filter((x) => x.to === 'digest@example.cn')).toEqual([]);
    t.clock.set(new Date('2017-10-02T00:00:00.000Z'));
    const digest = (await deliver()).filter((x) => x.to === 'digest@example.cn');
    expect(digest).toHaveLength(1);
    expect(digest[0]!.subject).toBe('终身学习活动周：您有 2 条新通知');
    expect(digest[0]!.text).toContain('实施方案截止：2017年10月10日 23:59 → 2017年10月12日 23:59');
    expect(digest[0]!.text).toContain('活动通知已发布');
    expect(digest[0]!.html).toContain('活动通知已发布');
  });
});

describe('accounts and nominations', () => {
  it('tell a coordinator whose account the unit import created how to sign in, never the password', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('单位名单');
    ws.addRow(['单位编码*', '单位名称*', '单位类别*', '镇（街道）*', '联络员账号', '联络员姓名', '联络员邮箱']);
    ws.addRow(['X7', '春江第三小学', '中小学', '春江镇', 'coord-x7', '陈老师', 'chen@example.cn']);
    const r = await t.http
      .post('/api/units.xlsx')
      .set(await t.as('organizer'))
      .set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(Buffer.from(await book.xlsx.writeBuffer()));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const password = (r.body as { accounts: { initialPassword: string }[] }).accounts[0]!.initialPassword;
    await mail().idle();
    const m = smtp.received.filter((x) => x.to === 'chen@example.cn').at(-1)!;
    expect(m.subject).toBe('终身学习活动周管理平台账号开通通知');
    expect(m.text).toContain('账号：coord-x7');
    expect(m.text).toContain(`${PUBLIC_URL}/admin/login`);
    expect(m.html).toContain(`<a href="${PUBLIC_URL}/admin/login">`);
    expect(m.text).not.toContain(password);
    expect(m.html).not.toContain(password);
    const user = await t.prisma.user.findUniqueOrThrow({ where: { username: 'coord-x7' } });
    expect(await t.prisma.notification.findMany({ where: { userId: user.id }, select: { kind: true, title: true } })).toEqual([
      { kind: 'accountCreated', title: '您的账号 coord-x7（春江第三小学）已开通' },
    ]);
  });

  it('tell the nominating unit’s coordinators of a nomination returned (with the comment), shortlisted and published', async () => {
    const coordinator = t.fixture.units.other.coordinator;
    const created = await t.http
      .post(`/api/campaigns/${t.fixture.campaignId}/nominations`)
      .set(await t.as(coordinator))
      .send({
        kind: 'learningStar',
        name: '王秀英',
        ageGroup: '老年',
        story: '退休后坚持学习书法十年。',
        achievements: '市级书法比赛二等奖',
      });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as TNominationDetail).id;
    await t.http
      .post(`/api/nominations/${id}/photos`)
      .set(await t.as(coordinator))
      .attach('file', await photo(0), 'p.jpg')
      .expect(201);
    const send = async (user: string, type: string, extra: object = {}) => {
      t.clock.advance(1_000);
      const { version } = (await t.http.get(`/api/nominations/${id}`).set(await t.as('organizer'))).body as TNominationDetail;
      const r = await t.http
        .post(`/api/nominations/${id}/events`)
        .set(await t.as(user))
        .send({ type, version, ...extra });
      expect(r.status, `${type} ${JSON.stringify(r.body)}`).toBe(200);
    };
    await send(coordinator, 'SUBMIT');
    await send('organizer', 'RETURN', { comment: '请补充近三年的学习经历' });
    await mail().idle();
    expect((await bell(coordinator))[0]).toMatchObject({
      kind: 'nominationReturned',
      title: '推荐对象“王秀英”被退回，请按意见修改后重新提交',
      body: '请补充近三年的学习经历',
      campaignTitle: CAMPAIGN,
    });
    const m = smtp.received.filter((x) => x.to === 'other@example.cn').at(-1)!;
    expect(m.subject).toBe(`【${CAMPAIGN}】新北区某培训学校：推荐对象“王秀英”被退回，请按意见修改后重新提交`);
    expect(m.text).toContain('退回意见：请补充近三年的学习经历');
    expect(m.text).toContain(`${PUBLIC_URL}/admin/my-nominations`);

    await send(coordinator, 'SUBMIT');
    await send('organizer', 'SHORTLIST');
    expect((await bell(coordinator))[0]).toMatchObject({ kind: 'nominationShortlisted', title: '推荐对象“王秀英”已入围' });
    await send('organizer', 'SELECT');
    await send('organizer', 'PUBLISH');
    expect((await bell(coordinator)).map((n) => n.kind).slice(0, 2)).toEqual(['nominationPublished', 'nominationShortlisted']);
  });
});
