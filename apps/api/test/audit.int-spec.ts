import { AUDIT_KINDS, AUDIT_KIND_FORMAT, type TAuditEntry, type TCampaign, type TListAuditResponse } from '@learnweek/contracts';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineService } from '../src/modules/participation/deadlines/deadline.service.js';
import { binary } from './files.js';
import { PASSWORD, setup, T } from './harness.js';

/**
 * The organizer's audit log: who did what and when, for campaign edits (dates before and after),
 * publish and close, unit imports and (de)activations, reminders, exports and screens; filtered,
 * exported as .xlsx, append-only in the database itself.
 */
let t: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  t = await setup();
});
afterAll(async () => {
  await t?.teardown();
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const log = async (query = '', user = 'organizer') => {
  const r = await t.http.get(`/api/audit${query}`).set(await t.as(user));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as TListAuditResponse;
};
const latest = async (kind: string) => (await log(`?kind=${kind}&pageSize=1`)).items[0]!;

async function unitSheet(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('单位名单');
  ws.addRow(['单位编码*', '单位名称*', '单位类别*', '镇（街道）*', '联络员账号', '联络员姓名']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('the audit log', () => {
  it('records a campaign edit with each changed date before and after, by whom and when; an edit that changes nothing is no entry', async () => {
    const { campaignId } = t.fixture;
    const campaign = (await t.http.get(`/api/campaigns/${campaignId}`).set(await t.as('organizer'))).body as TCampaign;
    const planDueAt = '2017-10-12T15:59:59.000Z';
    t.clock.set(new Date('2017-10-01T03:04:05.000Z'));
    const r = await t.http
      .put(`/api/campaigns/${campaignId}`)
      .set(await t.as('organizer'))
      .send({ version: campaign.version, timeline: { ...campaign.timeline, planDueAt }, theme: '学习让生活更美好' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const e = await latest('campaign.updated');
    expect(e).toEqual({
      id: expect.any(String),
      kind: 'campaign.updated',
      at: '2017-10-01T03:04:05.000Z',
      actor: { id: expect.any(String), label: '组织办', username: 'organizer', kind: 'user' },
      campaign: { id: campaignId, title: '2017年全民终身学习推进周' },
      unit: null,
      target: '2017年全民终身学习推进周',
      changes: [
        { field: 'theme', before: '推动全民终身学习', after: '学习让生活更美好' },
        { field: 'planDueAt', before: T.planDueAt.toISOString(), after: planDueAt },
      ],
      counts: {},
    } satisfies TAuditEntry);

    const total = (await log()).total;
    await t.http
      .put(`/api/campaigns/${campaignId}`)
      .set(await t.as('organizer'))
      .send({ version: campaign.version + 1, theme: '学习让生活更美好' })
      .expect(200);
    expect((await log()).total).toBe(total);
    // Put the date back (recorded too), for the other tests.
    await t.http
      .put(`/api/campaigns/${campaignId}`)
      .set(await t.as('organizer'))
      .send({ version: campaign.version + 2, timeline: campaign.timeline })
      .expect(200);
    expect((await latest('campaign.updated')).changes).toEqual([
      { field: 'planDueAt', before: planDueAt, after: T.planDueAt.toISOString() },
    ]);
  });

  it('records publish and close, unit imports and deactivations, screens issued and revoked', async () => {
    const organizer = await t.as('organizer');
    const draft = await t.http
      .post('/api/campaigns')
      .set(organizer)
      .send({
        year: 2018,
        title: '2018年推进周',
        timeline: {
          planDueAt: '2018-10-10T15:59:59.000Z',
          weekStartsAt: '2018-10-21T16:00:00.000Z',
          weekEndsAt: '2018-10-28T16:00:00.000Z',
          launchAt: '2018-10-24T01:00:00.000Z',
          launchVenue: '区社区培训学院',
          summaryDueAt: '2018-10-31T15:59:59.000Z',
        },
      });
    expect(draft.status).toBe(201);
    const id = (draft.body as TCampaign).id;
    await t.http.post(`/api/campaigns/${id}/publish`).set(organizer).expect(200);
    expect(await latest('campaign.published')).toMatchObject({ campaign: { id, title: '2018年推进周' }, actor: { username: 'organizer' } });
    await t.http.post(`/api/campaigns/${id}/close`).set(organizer).send({ confirmOutstanding: true }).expect(200);
    expect(await latest('campaign.closed')).toMatchObject({ campaign: { id }, target: '2018年推进周' });

    const sheet = await unitSheet([['X9', '春江第二小学', '中小学', '春江镇', 'coord-x9', '']]);
    await t.http.post('/api/units.xlsx').set(organizer).set('Content-Type', XLSX).send(sheet).expect(201);
    expect(await latest('units.imported')).toMatchObject({ campaign: null, counts: { created: 1, updated: 0, invited: 0, accounts: 1 } });
    // A refused import records nothing.
    const before = (await log('?kind=units.imported')).total;
    await t.http
      .post('/api/units.xlsx')
      .set(organizer)
      .set('Content-Type', XLSX)
      .send(await unitSheet([['X9', '', '中小学', '春江镇', '', '']]))
      .expect(422);
    expect((await log('?kind=units.imported')).total).toBe(before);

    const unit = await t.prisma.unit.findFirstOrThrow({ where: { code: 'X9' } });
    await t.http.put(`/api/units/${unit.id}`).set(organizer).send({ active: false }).expect(200);
    expect(await latest('unit.deactivated')).toMatchObject({ target: '春江第二小学（X9）', actor: { username: 'organizer' } });
    await t.http.put(`/api/units/${unit.id}`).set(organizer).send({ active: true }).expect(200);
    expect(await latest('unit.reactivated')).toMatchObject({ target: '春江第二小学（X9）' });

    const issued = await t.http.post(`/api/campaigns/${t.fixture.campaignId}/kiosk-devices`).set(organizer).send({ name: '主会场大屏' });
    expect(issued.status).toBe(201);
    expect(await latest('screen.issued')).toMatchObject({ target: '主会场大屏', campaign: { id: t.fixture.campaignId } });
    await t.http
      .delete(`/api/kiosk-devices/${issued.body.device.id as string}`)
      .set(organizer)
      .expect(200);
    expect(await latest('screen.revoked')).toMatchObject({ target: '主会场大屏' });
  });

  it('records reminders (a reviewer’s, and the scheduler’s) and exports downloaded', async () => {
    const r = await t.http
      .post(`/api/campaigns/${t.fixture.campaignId}/deadlines/reminders`)
      .set(await t.as('approver'))
      .send({ deadline: 'plan' });
    expect(r.status).toBe(200);
    expect(await latest('reminders.sent')).toMatchObject({
      actor: { label: '审核人甲', username: 'approver' },
      target: 'plan',
      counts: { units: 3, notified: 3, alreadyReminded: 0 },
    });

    t.clock.set(new Date(T.planDueAt.getTime() - 2 * 86_400_000));
    await t.app.get(DeadlineService).tick();
    expect(await latest('reminders.sent')).toMatchObject({
      actor: { id: null, label: '系统', username: null, kind: 'system' },
      target: 'plan',
    });

    const file = await t.http
      .get(`/api/campaigns/${t.fixture.campaignId}/exports/status.xlsx`)
      .set(await t.as('approver'))
      .buffer(true)
      .parse(binary);
    expect(file.status).toBe(200);
    expect(await latest('export.downloaded')).toMatchObject({
      actor: { username: 'approver' },
      target: '2017年全民终身学习推进周各单位工作进度表.xlsx',
      campaign: { id: t.fixture.campaignId },
    });
  });

  it('filters by kind, actor, campaign and time, newest first, and refuses a backwards range or an unknown kind', async () => {
    // A reviewer, a campaign and a unit of its own: a reminder and an export by the reviewer on the
    // morning of 1 October, then the scheduler's reminder two days before the plans are due.
    const { campaignId } = await t.newCampaign();
    await t.newParticipation('invited', { campaignId });
    const reviewer = await t.newUser({ username: 'reviewer-audit', displayName: '审核人乙' });
    t.clock.set(T.beforeDue); // 1 October, 02:00
    await t.http
      .post(`/api/campaigns/${campaignId}/deadlines/reminders`)
      .set(await t.as(reviewer))
      .send({ deadline: 'plan' })
      .expect(200);
    await t.http
      .get(`/api/campaigns/${campaignId}/exports/status.xlsx`)
      .set(await t.as(reviewer))
      .buffer(true)
      .parse(binary)
      .expect(200);
    t.clock.set(new Date(T.planDueAt.getTime() - 2 * 86_400_000));
    await t.app.get(DeadlineService).tick();

    const all = await log('?pageSize=200');
    expect(all.items.map((e) => Number(e.id))).toEqual([...all.items.map((e) => Number(e.id))].sort((a, b) => b - a));
    expect((await log('?kind=campaign.updated')).items.every((e) => e.kind === 'campaign.updated')).toBe(true);
    const byReviewer = await log('?actor=REVIEWER-AUDIT');
    // Their sign-ins (one per hour of test time), the reminders and the export.
    expect(
      byReviewer.items
        .filter((e) => e.kind !== 'signIn.succeeded')
        .map((e) => e.kind)
        .sort(),
    ).toEqual(['export.downloaded', 'reminders.sent']);
    expect(byReviewer.items.every((e) => e.actor.username === reviewer)).toBe(true);
    expect((await log(`?actor=${encodeURIComponent('审核人乙')}`)).total).toBe(byReviewer.total);
    expect((await log(`?actor=${encodeURIComponent('系统')}&campaignId=${campaignId}`)).items.map((e) => [e.kind, e.actor.kind])).toEqual([
      ['reminders.sent', 'system'],
    ]);
    const inOctober = await log('?from=2017-10-01T00:00:00.000Z&to=2017-10-01T04:00:00.000Z');
    expect(inOctober.items.length).toBeGreaterThan(0);
    expect(inOctober.items.every((e) => e.at >= '2017-10-01T00:00:00.000Z' && e.at < '2017-10-01T04:00:00.000Z')).toBe(true);
    expect((await log(`?campaignId=${campaignId}&kind=campaign.closed`)).total).toBe(0);

    const backwards = await t.http.get('/api/audit?from=2017-10-02T00:00:00.000Z&to=2017-10-01T00:00:00.000Z').set(await t.as('organizer'));
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([{ path: 'to', message: '结束时间不能早于开始时间' }]);
    // A kind is checked by its format (new routes add kinds); one that never happened finds nothing.
    const malformed = await t.http
      .get(`/api/audit?kind=${encodeURIComponent("x'; DROP TABLE")}`)
      .set(await t.as('organizer'))
      .set('Accept-Language', 'en');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ path: 'kind', message: 'No such kind of action' }]);
    expect((await log('?kind=campaign.deleted')).total).toBe(0);
  });

  it('is the organizer’s alone', async () => {
    for (const user of ['approver', t.fixture.units.school.coordinator]) {
      expect((await t.http.get('/api/audit').set(await t.as(user))).status).toBe(403);
      expect((await t.http.get('/api/audit.xlsx').set(await t.as(user))).status).toBe(403);
    }
    expect((await t.http.get('/api/audit')).status).toBe(401);
  });

  it('exports the filtered log as .xlsx in the caller’s language, and records the export', async () => {
    // Two edits of a campaign of its own: its theme and a date, then the date back.
    const { campaignId } = await t.newCampaign({ title: '审计导出推进周' });
    const campaign = (await t.http.get(`/api/campaigns/${campaignId}`).set(await t.as('organizer'))).body as TCampaign;
    t.clock.set(new Date('2017-10-01T03:04:05.000Z'));
    await t.http
      .put(`/api/campaigns/${campaignId}`)
      .set(await t.as('organizer'))
      .send({
        version: campaign.version,
        timeline: { ...campaign.timeline, planDueAt: '2017-10-12T15:59:59.000Z' },
        theme: '学习让生活更美好',
      })
      .expect(200);
    await t.http
      .put(`/api/campaigns/${campaignId}`)
      .set(await t.as('organizer'))
      .send({ version: campaign.version + 1, timeline: campaign.timeline })
      .expect(200);
    const r = await t.http
      .get(`/api/audit.xlsx?kind=campaign.updated&campaignId=${campaignId}&lang=en`)
      .set(await t.as('organizer'))
      .buffer(true)
      .parse(binary);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(XLSX);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(r.body as ArrayBuffer);
    const rows = (book.worksheets[0]!.getSheetValues() as unknown[][]).filter(Boolean).map((row) => row.slice(1));
    expect(rows[1]).toEqual(['When', 'Who', 'Username', 'What', 'Campaign', 'Unit', 'Details']);
    const data = rows.slice(2);
    expect(data).toHaveLength(2);
    expect(data.every((row) => row[3] === 'Campaign edited' && row[1] === '组织办')).toBe(true);
    // The first edit, oldest last: its date before and after in China time.
    expect(data[1]![6]).toBe(
      '审计导出推进周; Theme: 推动全民终身学习 → 学习让生活更美好; Plans due: 10/10/2017, 23:59 → 12/10/2017, 23:59',
    );
    expect(data[1]![0]).toEqual(new Date('2017-10-01T11:04:05Z')); // a date cell: China's wall clock, as spreadsheets keep it
    const exported = await latest('export.downloaded');
    expect(exported).toMatchObject({ actor: { username: 'organizer' }, target: expect.stringMatching(/^Audit log-\d{12}\.xlsx$/) });
  });

  it('is append-only: the database refuses to change or delete an entry', async () => {
    // An entry of its own: a failed sign-in.
    await t.http.post('/api/auth/login').send({ username: 'append-only', password: 'wrong-password' }).expect(401);
    const e = await t.prisma.auditEntry.findFirstOrThrow({ where: { kind: 'signIn.failed', actorLabel: 'append-only' } });
    await expect(t.prisma.auditEntry.update({ where: { id: e.id }, data: { target: 'rewritten' } })).rejects.toThrow(/append-only/);
    await expect(t.prisma.auditEntry.delete({ where: { id: e.id } })).rejects.toThrow(/append-only/);
    for (const kind of ['campaign', 'Campaign.updated', 'campaign.updated.twice', 'campaign.up dated', `a.${'b'.repeat(60)}`]) {
      await expect(
        t.prisma.auditEntry.create({ data: { kind, actorKind: 'system', actorLabel: 'x', changes: [], counts: {}, at: new Date() } }),
        kind,
      ).rejects.toThrow(/AuditEntry_kind_check/);
    }
    // A user's entry names the user, nobody else's does; actors are of the known kinds.
    await expect(
      t.prisma.auditEntry.create({
        data: { kind: 'campaign.updated', actorKind: 'user', actorLabel: 'x', changes: [], counts: {}, at: new Date() },
      }),
    ).rejects.toThrow(/AuditEntry_actor_check/);
    await expect(
      t.prisma.auditEntry.create({
        data: { kind: 'campaign.updated', actorKind: 'robot', actorLabel: 'x', changes: [], counts: {}, at: new Date() },
      }),
    ).rejects.toThrow(/AuditEntry_actorKind_check/);
  });

  it('accepts in the database every kind the contracts declare (the CHECK holds their format)', async () => {
    for (const kind of AUDIT_KINDS) {
      expect(kind).toMatch(AUDIT_KIND_FORMAT);
      await expect(
        t.prisma.auditEntry.create({ data: { kind, actorKind: 'system', actorLabel: 'x', changes: [], counts: {}, at: new Date() } }),
      ).resolves.toMatchObject({ kind });
    }
  });

  it('records a failed sign-in with the username given and the address, and a sign-in with its user', async () => {
    const failed = await t.http
      .post('/api/auth/login')
      .set('X-Forwarded-For', '203.0.113.9')
      .send({ username: 'approver', password: 'wrong-password' });
    expect(failed.status).toBe(401);
    expect(await latest('signIn.failed')).toMatchObject({
      actor: { id: null, label: 'approver', username: null, kind: 'anonymous' },
      target: expect.stringMatching(/^approver @ /),
      campaign: null,
    });
    const unknown = await t.http.post('/api/auth/login').send({ username: 'nobody-here', password: 'whatever-1234' });
    expect(unknown.status).toBe(401);
    // A name no account has is in no district: an entry of the installation, which no district's log lists.
    expect((await latest('signIn.failed')).actor.label).toBe('approver');
    const installation = await t.prisma.auditEntry.findFirstOrThrow({ where: { kind: 'signIn.failed', actorLabel: 'nobody-here' } });
    expect(installation.districtId).toBeNull();
    await t.http.post('/api/auth/login').send({ username: t.fixture.units.school.coordinator, password: PASSWORD }).expect(200);
    expect(await latest('signIn.succeeded')).toMatchObject({
      actor: { label: '春江中心小学联络员', username: t.fixture.units.school.coordinator, kind: 'user' },
      unit: { id: t.fixture.units.school.id, name: '春江中心小学' },
    });
    // The log filters by unit.
    const byUnit = await log(`?unitId=${t.fixture.units.school.id}`);
    expect(byUnit.total).toBeGreaterThan(0);
    expect(byUnit.items.every((e) => e.unit?.id === t.fixture.units.school.id)).toBe(true);
  });

  it('queues no email without SMTP_URL, whatever addresses users have', async () => {
    await t.prisma.user.updateMany({ where: { roles: { has: 'coordinator' } }, data: { email: 'someone@example.cn' } });
    t.clock.advance(86_400_000);
    const r = await t.http
      .post(`/api/campaigns/${t.fixture.campaignId}/deadlines/reminders`)
      .set(await t.as('organizer'))
      .send({ deadline: 'plan' });
    expect(r.body.notified).toBeGreaterThan(0);
    expect(await t.prisma.emailMessage.count()).toBe(0);
    expect((await t.http.get('/api/profile').set(await t.as('organizer'))).body.emailEnabled).toBe(false);
  });
});
