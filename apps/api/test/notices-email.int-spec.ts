import { Logger } from '@nestjs/common';
import type { TListNotificationsResponse, TProfile } from '@learnweek/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAIL_RETRY_DELAYS_MS, MailSender } from '../src/modules/notification/mail-sender.js';
import { DeadlineService } from '../src/modules/participation/deadlines/deadline.service.js';
import { setup, T } from './harness.js';
import { startSmtp } from './smtp.js';

/**
 * Notices by email, against a real SMTP server started here: sent after the change commits, in
 * the recipient's language, naming the campaign and the unit, with a link; a refused or failed
 * send never fails the request, is logged and retried, and is kept as failed after the last try.
 */
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let t: Awaited<ReturnType<typeof setup>>;
const PUBLIC_URL = 'https://learnweek.example.cn';
const CAMPAIGN = '2017年全民终身学习推进周';

beforeAll(async () => {
  smtp = await startSmtp();
  t = await setup({ env: { SMTP_URL: `${smtp.url}?from=xxzx@example.cn`, PUBLIC_URL } });
});
afterAll(async () => {
  await t?.teardown();
  await smtp?.close();
});

const mail = () => t.app.get(MailSender);

async function setProfile(username: string, body: { email: string | null; locale: 'zh-CN' | 'en' }) {
  const r = await t.http
    .put('/api/profile')
    .set(await t.as(username))
    .send(body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as TProfile;
}

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

describe('the profile', () => {
  it('shows and sets the signed-in user’s email and language, and whether email is sent at all', async () => {
    const before = await t.http.get('/api/profile').set(await t.as('approver'));
    expect(before.body).toEqual({ username: 'approver', displayName: '审核人甲', email: null, locale: 'zh-CN', emailEnabled: true });
    expect(await setProfile('approver', { email: '  shenhe@example.cn ', locale: 'en' })).toMatchObject({
      email: 'shenhe@example.cn',
      locale: 'en',
    });
    expect((await t.http.get('/api/auth/me').set(await t.as('approver'))).body.locale).toBe('en');
    expect(await setProfile('approver', { email: null, locale: 'zh-CN' })).toMatchObject({ email: null, locale: 'zh-CN' });
  });

  it('refuses a malformed address or language field by field, in the caller’s language', async () => {
    const auth = await t.as('approver');
    const zh = await t.http.put('/api/profile').set(auth).send({ email: 'not-an-address', locale: 'zh-CN' });
    expect(zh.status).toBe(400);
    expect(zh.body.errors).toEqual([{ path: 'email', message: '请输入有效的电子邮箱地址（如 name@example.com）' }]);
    const en = await t.http.put('/api/profile').set(auth).set('Accept-Language', 'en').send({ email: 'a@b.cn\u0000', locale: 'fr' });
    expect(en.status).toBe(400);
    expect(en.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'locale']);
    expect(en.body.errors.find((e: { path: string }) => e.path === 'email').message).toMatch(/control character/);
    const long = await t.http
      .put('/api/profile')
      .set(auth)
      .send({ email: `${'a'.repeat(250)}@b.cn`, locale: 'zh-CN' });
    expect(long.status).toBe(400);
    expect((await t.http.get('/api/profile').set(auth)).body.email).toBeNull();
  });
});

describe('notices by email', () => {
  it('emails the coordinator when a plan is returned: after commit, naming the campaign and the unit, with the comment and a link', async () => {
    const { coordinator } = t.fixture.units.other;
    await setProfile(coordinator, { email: 'n1@example.cn', locale: 'zh-CN' });
    const id = await submitPlan('other');
    const sent = smtp.received.length;
    await t.event(id, 'approver', 'RETURN_PLAN', { comment: '请补充预算说明' });
    await smtp.waitForAttempts(sent + 1);
    await mail().idle();
    const m = smtp.received.at(-1)!;
    expect(m.to).toBe('n1@example.cn');
    expect(m.from).toContain('xxzx@example.cn');
    expect(m.from).toContain('区教育局终身学习活动周'); // MAIL_FROM_NAME's default
    expect(m.html).toContain('退回意见');
    expect(m.subject).toBe(`【${CAMPAIGN}】新北区某培训学校：实施方案被退回，请按意见修改后重新提交`);
    expect(m.text).toContain('退回意见：请补充预算说明');
    expect(m.text).toContain(`活动：${CAMPAIGN}`);
    expect(m.text).toContain('单位：新北区某培训学校（春江镇）');
    expect(m.text).toContain(`${PUBLIC_URL}/admin/participations/${id}`);
    const row = await t.prisma.emailMessage.findFirstOrThrow({ where: { to: 'n1@example.cn' }, orderBy: { createdAt: 'desc' } });
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });

    // The notice in the app names its campaign too.
    const inApp = (await t.http.get('/api/notifications').set(await t.as(coordinator))).body as TListNotificationsResponse;
    expect(inApp.items[0]).toMatchObject({
      kind: 'planReturned',
      campaignTitle: CAMPAIGN,
      title: '实施方案被退回，请按意见修改后重新提交',
      body: '请补充预算说明',
    });
  });

  it('writes in the recipient’s language: the notice and the email of an approval in English', async () => {
    // A training school of its own in the fixture's town, its plan submitted.
    const { townId } = await t.prisma.unit.findUniqueOrThrow({ where: { id: t.fixture.units.other.id } });
    const { coordinator, participationId: id } = await t.newParticipation('planSubmitted', { name: '新北区某培训学校', townId });
    await setProfile(coordinator, { email: 'en@example.cn', locale: 'en' });
    t.clock.advance(60_000);
    const sent = smtp.attempts;
    await t.event(id, 'approver', 'APPROVE_PLAN');
    await smtp.waitForAttempts(sent + 1);
    const m = smtp.received.at(-1)!;
    expect(m.subject).toBe(`[${CAMPAIGN}] 新北区某培训学校: The plan was approved`);
    expect(m.text).toMatch(/^Dear 新北区某培训学校联络员,/);
    expect(m.text).toContain(`Unit: 新北区某培训学校 (春江镇)`);
    const inApp = (await t.http.get('/api/notifications').set(await t.as(coordinator))).body as TListNotificationsResponse;
    expect(inApp.items[0]).toMatchObject({ kind: 'planApproved', title: 'The plan was approved', campaignTitle: CAMPAIGN });
  });

  it('sends nothing to users without an address, and one email per notice created (a repeated reminder sends none)', async () => {
    // A campaign of its own: two units that still owe the plan (one coordinator with an address), one that submitted it.
    const { campaignId } = await t.newCampaign({ title: '提醒推进周' });
    const late = await t.newParticipation('invited', { campaignId, kind: 'communityCentre', name: '提醒镇社区教育中心' });
    await t.newParticipation('drafting', { campaignId });
    await t.newParticipation('planSubmitted', { campaignId });
    await setProfile(late.coordinator, { email: 'remind@example.cn', locale: 'zh-CN' });
    const before = await t.prisma.emailMessage.count();
    t.clock.advance(60_000);
    const auth = await t.as('organizer');
    const first = await t.http.post(`/api/campaigns/${campaignId}/deadlines/reminders`).set(auth).send({ deadline: 'plan' });
    expect(first.body).toMatchObject({ notified: 2 }); // the two that still owe the plan
    await smtp.waitForAttempts(smtp.attempts + 1);
    await mail().idle();
    const queued = await t.prisma.emailMessage.findMany({ where: { createdAt: { gte: t.clock.now() } }, include: { notification: true } });
    expect(await t.prisma.emailMessage.count()).toBe(before + 1);
    expect(queued.map((q) => [q.to, q.status, q.notification?.kind])).toEqual([['remind@example.cn', 'sent', 'deadlineReminder']]);
    const m = smtp.received.at(-1)!;
    expect(m.subject).toBe('【提醒推进周】提醒镇社区教育中心：实施方案和活动安排表将于 2017年10月10日 23:59 截止，请按时提交');

    const again = await t.http.post(`/api/campaigns/${campaignId}/deadlines/reminders`).set(auth).send({ deadline: 'plan' });
    expect(again.body).toMatchObject({ notified: 0 });
    expect(await t.prisma.emailMessage.count()).toBe(before + 1);
  });

  it('never fails the request when the server refuses: logs it, retries after a delay, and sends it', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await setProfile(t.fixture.units.centre.coordinator, { email: 'c1@example.cn', locale: 'zh-CN' });
    const id = await submitPlan('centre');
    smtp.refuseNext(1);
    const seen = smtp.attempts;
    const r = await t.http
      .post(`/api/participations/${id}/events`)
      .set(await t.as('approver'))
      .send({ type: 'RETURN_PLAN', version: (await t.detail(id)).version, comment: '活动对象请写具体' });
    expect(r.status).toBe(200);
    await smtp.waitForAttempts(seen + 1);
    await mail().idle();
    const row = () => t.prisma.emailMessage.findFirstOrThrow({ where: { notification: { participationId: id, kind: 'planReturned' } } });
    const refused = await row();
    expect(refused).toMatchObject({ status: 'pending', attempts: 1 });
    expect(refused.lastError).toMatch(/451/);
    expect(refused.nextAttemptAt.getTime()).toBe(t.clock.now().getTime() + MAIL_RETRY_DELAYS_MS[0]);
    expect(warn.mock.calls.some(([msg]) => String(msg).includes('c1@example.cn') && String(msg).includes('attempt 1 of 5'))).toBe(true);

    // Not due yet: nothing is sent; a minute later it is.
    expect(await mail().drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    t.clock.advance(MAIL_RETRY_DELAYS_MS[0]);
    expect(await mail().drain()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await row()).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(smtp.received.at(-1)!.subject).toContain('春江镇社区教育中心：实施方案被退回');
    warn.mockRestore();
  });

  it('gives up after the last attempt, keeps the email as failed and logs an error: nothing is lost silently', async () => {
    const error = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    // A unit of its own, its plan submitted; its coordinator has an address.
    const { participationId: id, coordinator } = await t.newParticipation('planSubmitted');
    await setProfile(coordinator, { email: 'refused@example.cn', locale: 'zh-CN' });
    smtp.refuseNext(Number.POSITIVE_INFINITY);
    const seen = smtp.attempts;
    await t.event(id, 'approver', 'APPROVE_PLAN');
    await smtp.waitForAttempts(seen + 1);
    await mail().idle();
    for (const delay of MAIL_RETRY_DELAYS_MS) {
      t.clock.advance(delay);
      await mail().drain();
    }
    const row = await t.prisma.emailMessage.findFirstOrThrow({ where: { notification: { participationId: id, kind: 'planApproved' } } });
    expect(row).toMatchObject({ status: 'failed', attempts: 5, sentAt: null });
    expect(row.lastError).toMatch(/451/);
    expect(smtp.attempts).toBe(seen + 5);
    expect(error.mock.calls.some(([msg]) => String(msg).includes(row.id) && String(msg).includes('given up'))).toBe(true);
    // Given up: later runs leave it alone.
    t.clock.advance(86_400_000);
    expect(await mail().drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    smtp.refuseNext(0);
    error.mockRestore();
  });

  it('sends the scheduler’s overdue notices, and the town centre’s digest naming each late unit’s contact, linking to the town’s list', async () => {
    // A campaign of its own in a town of its own: a school that still owes its plan, a unit that
    // submitted it, and the town's community centre; it counts only its own rows and emails.
    const { campaignId } = await t.newCampaign({ title: '督办推进周' });
    const town = await t.prisma.town.create({ data: { name: '督办镇' } });
    const school = await t.newParticipation('invited', { campaignId, kind: 'school', name: '督办中心小学', townId: town.id });
    await t.newParticipation('planSubmitted', { campaignId, townId: town.id });
    const centre = await t.newUnit({ kind: 'communityCentre', name: '督办镇社区教育中心', townId: town.id });
    await setProfile(school.coordinator, { email: 's1@example.cn', locale: 'zh-CN' });
    await setProfile(centre.coordinator, { email: 'town@example.cn', locale: 'zh-CN' });
    await t.prisma.unit.update({ where: { id: school.id }, data: { contactPerson: '张老师', phone: '13812345678' } });
    t.clock.set(new Date(T.planDueAt.getTime() + 60_000));
    await t.app.get(DeadlineService).tick();
    // Only the school still owes its plan; one digest for its town.
    expect(await t.prisma.participation.count({ where: { campaignId, planOverdueAt: { not: null } } })).toBe(1);
    expect(await t.prisma.notification.count({ where: { campaignId, kind: 'townDigest' } })).toBe(1);
    await mail().idle();
    await mail().drain();
    const last = smtp.received.filter((m) => ['s1@example.cn', 'town@example.cn'].includes(m.to)).sort((a, b) => a.to.localeCompare(b.to));
    expect(last).toHaveLength(2);
    expect(last[0]).toMatchObject({
      to: 's1@example.cn',
      subject: '【督办推进周】督办中心小学：实施方案和活动安排表已逾期（截止 2017年10月10日 23:59），请尽快提交',
    });
    expect(last[1]).toMatchObject({ to: 'town@example.cn', subject: '【督办推进周】督办：督办镇有 1 家单位逾期未交，请督促提交' });
    expect(last[1]!.text).toContain(
      '· 督办中心小学：实施方案和活动安排表已逾期 1 分钟（截止 2017年10月10日 23:59）；联系人：张老师，13812345678',
    );
    expect(last[1]!.text).toContain(`本镇（街道）单位：${PUBLIC_URL}/admin/town`);
  });
});
