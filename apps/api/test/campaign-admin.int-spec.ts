import type { TCampaign, TImportUnitsResponse, TListUnitsResponse } from '@learnweek/contracts';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setup } from './harness.js';

let t: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  t = await setup();
});
afterAll(async () => {
  await t?.teardown();
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const timeline = {
  planDueAt: '2018-10-10T15:59:59.000Z',
  weekStartsAt: '2018-10-21T16:00:00.000Z',
  weekEndsAt: '2018-10-28T16:00:00.000Z',
  launchAt: '2018-10-24T01:00:00.000Z',
  launchVenue: '区社区培训学院',
  summaryDueAt: '2018-10-31T15:59:59.000Z',
};
const post = async (path: string, body: object = {}, user = 'organizer') =>
  t.http
    .post(`/api${path}`)
    .set(await t.as(user))
    .send(body);
/** The ids of the campaigns `user` may choose from (GET /campaigns). */
const listed = async (user: string) =>
  ((await t.http.get('/api/campaigns').set(await t.as(user))).body as { items: TCampaign[] }).items.map((c) => c.id);
const participations = (campaignId: string) =>
  t.prisma.participation.findMany({ where: { campaignId }, include: { unit: true, plan: true } });

async function unitSheet(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('单位名单');
  ws.addRow(['单位编码*', '单位名称*', '单位类别*', '镇（街道）*', '地址', '负责人', '联系人', '联系电话', '联络员账号', '联络员姓名']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('campaigns', () => {
  it('creates a draft with every active unit invited, refusing bad dates and a second of the same name', async () => {
    const body = { year: 2018, title: '2018年全民终身学习推进周', theme: '学习成就梦想', timeline };
    expect((await post('/campaigns', body, 'approver')).status).toBe(403);
    const bad = await post('/campaigns', { ...body, timeline: { ...timeline, weekEndsAt: '2018-10-20T16:00:00.000Z' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: 'timeline.weekEndsAt', message: '活动周结束时间须晚于开始时间' },
      { path: 'timeline.launchAt', message: '启动仪式须在活动周内' },
    ]);
    const r = await post('/campaigns', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const created = r.body as TCampaign;
    expect(created).toMatchObject({ year: 2018, status: 'draft', theme: '学习成就梦想', timeline, rules: { photosRequired: 3 } });
    expect((await participations(created.id)).map((p) => p.state)).toEqual(['invited', 'invited', 'invited']);
    // A draft is the bureau's: coordinators do not get it in their list until it is published.
    expect(await listed('approver')).toContain(created.id);
    expect(await listed(t.fixture.units.school.coordinator)).not.toContain(created.id);
    const again = await post('/campaigns', body);
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([{ path: 'title', message: '已有同一年份、同名的推进周' }]);
  });

  it('edits, publishes once, and closes', async () => {
    // A draft of its own.
    const r = await post('/campaigns', { year: 2018, title: '2018年推进周（编辑）', theme: '学习成就梦想', timeline });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const created = r.body as TCampaign;
    const edit = await t.http
      .put(`/api/campaigns/${created.id}`)
      .set(await t.as('organizer'))
      .send({
        version: created.version,
        theme: '终身学习 共建共享',
        rules: {
          fourOnesKinds: ['school'],
          freeClassKinds: ['communityCentre'],
          photosRequired: 3,
          reminderDaysBefore: [5, 1],
          scoringCriteria: ['事迹', '成效'],
          exemplarsOnWall: true,
        },
      });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect(edit.body).toMatchObject({
      theme: '终身学习 共建共享',
      rules: { reminderDaysBefore: [5, 1], scoringCriteria: ['事迹', '成效'], exemplarsOnWall: true },
    });
    // The year is a field of its own: renaming leaves it, setting it changes it; a bad one is named in Chinese.
    const renamed = await t.http
      .put(`/api/campaigns/${created.id}`)
      .set(await t.as('organizer'))
      .send({ version: created.version + 1, title: '2017年全民终身学习推进周（补）' });
    expect(renamed.body).toMatchObject({ year: 2018, title: '2017年全民终身学习推进周（补）' });
    const badYear = await t.http
      .put(`/api/campaigns/${created.id}`)
      .set(await t.as('organizer'))
      .send({ version: created.version + 2, year: 17 });
    expect(badYear.status).toBe(400);
    expect(badYear.body.errors).toEqual([{ path: 'year', message: '不能小于 2000' }]);
    const year = await t.http
      .put(`/api/campaigns/${created.id}`)
      .set(await t.as('organizer'))
      .send({ version: created.version + 2, year: 2017 });
    expect(year.status, JSON.stringify(year.body)).toBe(200);
    expect(year.body).toMatchObject({ year: 2017, title: '2017年全民终身学习推进周（补）' });
    expect((await t.prisma.campaign.findUniqueOrThrow({ where: { id: created.id } })).year).toBe(2017);
    expect((await post(`/campaigns/${created.id}/publish`)).body.status).toBe('published');
    expect(await listed(t.fixture.units.school.coordinator)).toContain(created.id);
    expect((await post(`/campaigns/${created.id}/publish`)).status).toBe(409);
    expect((await post(`/campaigns/${created.id}/close`)).status).toBe(409); // every unit invited and none started: asked first
    expect((await post(`/campaigns/${created.id}/close`, { confirmOutstanding: true })).body.status).toBe('closed');
    const closed = await t.http
      .put(`/api/campaigns/${created.id}`)
      .set(await t.as('organizer'))
      .send({ version: created.version + 3, theme: 'x' });
    expect(closed.status).toBe(409);
  });

  it('clones into next year: the same active units and rules, dates moved by years, no submissions', async () => {
    const { school, other } = t.fixture.units;
    await t.event(school.participationId, school.coordinator, 'START_DRAFT');
    await t.http
      .put(`/api/participations/${school.participationId}/plan`)
      .set(await t.as(school.coordinator))
      .send({ text: '去年的方案', version: 1 })
      .expect(200);
    await t.http
      .put(`/api/units/${other.id}`)
      .set(await t.as('organizer'))
      .send({ active: false })
      .expect(200);

    const r = await post(`/campaigns/${t.fixture.campaignId}/clone`, { year: 2019 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const c = r.body as TCampaign;
    expect(c).toMatchObject({
      year: 2019,
      title: '2019年全民终身学习推进周',
      status: 'draft',
      timeline: { weekStartsAt: '2019-10-22T16:00:00.000Z', planDueAt: '2019-10-10T15:59:59.000Z' },
    });
    const ps = await participations(c.id);
    expect(ps.map((p) => p.unit.code).sort()).toEqual(['C1', 'S1']);
    expect(ps.every((p) => p.state === 'invited' && p.plan === null)).toBe(true);
    expect((await t.prisma.campaign.findUniqueOrThrow({ where: { id: c.id } })).clonedFromId).toBe(t.fixture.campaignId);
    await t.http
      .put(`/api/units/${other.id}`)
      .set(await t.as('organizer'))
      .send({ active: true })
      .expect(200);
  });
});

describe('units', () => {
  it('imports units and coordinators from .xlsx, inviting them, with one-time passwords that work', async () => {
    const file = await unitSheet([
      ['X1', '春江镇新华小学', '中小学', '春江镇', '新华路 1 号', '张校长', '李老师', '0519-85000001', 'coord-x1', '李老师'],
      ['s1', '春江中心小学（改名）', 'school', '春江镇', '', '', '', '', '', ''],
    ]);
    // The second row renames S1 by its code: asked first, applied with the preview's token.
    expect(
      (
        await t.http
          .post(`/api/units.xlsx?campaignId=${t.fixture.campaignId}`)
          .set(await t.as('organizer'))
          .set('Content-Type', XLSX)
          .send(file)
      ).status,
    ).toBe(409);
    const preview = await t.http
      .post('/api/units.xlsx/preview')
      .set(await t.as('organizer'))
      .set('Content-Type', XLSX)
      .send(file);
    expect(preview.body).toMatchObject({ renamed: [{ code: 'S1', to: '春江中心小学（改名）' }] });
    const r = await t.http
      .post(`/api/units.xlsx?campaignId=${t.fixture.campaignId}&confirm=${preview.body.token as string}`)
      .set(await t.as('organizer'))
      .set('Content-Type', XLSX)
      .send(file);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const body = r.body as TImportUnitsResponse;
    expect(body).toMatchObject({ created: 1, updated: 1, invited: 1 });
    expect(body.accounts).toEqual([
      { username: 'coord-x1', unitCode: 'X1', initialPassword: expect.stringMatching(/^[a-z2-9]{10}$/) as string },
    ]);
    const login = await t.http.post('/api/auth/login').send({ username: 'coord-x1', password: body.accounts[0]!.initialPassword });
    expect(login.status).toBe(200);
    const list = (await t.http.get('/api/units?q=X1').set(await t.as('organizer'))).body as TListUnitsResponse;
    expect(list.items).toEqual([
      expect.objectContaining({ code: 'X1', kind: 'school', town: '春江镇', coordinators: ['coord-x1'], active: true }),
    ]);
    expect((await participations(t.fixture.campaignId)).map((p) => p.unit.name)).toContain('春江中心小学（改名）');
  });

  it('keeps the district’s towns, which another district adds before importing its units', async () => {
    expect(
      (await t.http.get('/api/towns').set(await t.as(t.fixture.units.school.coordinator))).body.items.map((x: { name: string }) => x.name),
    ).toEqual(['春江镇']);
    await t.http
      .post('/api/towns')
      .set(await t.as(t.fixture.units.school.coordinator))
      .send({ name: '新城街道' })
      .expect(403);
    expect(
      (
        await t.http
          .post('/api/towns')
          .set(await t.as('organizer'))
          .send({ name: '新城街道' })
      ).status,
    ).toBe(201);
    const again = await t.http
      .post('/api/towns')
      .set(await t.as('organizer'))
      .send({ name: '新城街道' });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([{ path: 'name', message: '已有这个镇（街道）' }]);
    const r = await t.http
      .post('/api/units.xlsx')
      .set(await t.as('organizer'))
      .set('Content-Type', XLSX)
      .send(await unitSheet([['X9', '新城社区学校', '其他单位', '新城街道', '', '', '', '', '', '']]));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await t.http.get('/api/towns').set(await t.as('organizer'))).body.items.map((x: { name: string }) => x.name)).toEqual([
      '春江镇',
      '新城街道',
    ]);
  });

  it('refuses a list with any bad row, naming row and column, and saves nothing', async () => {
    const before = await t.prisma.unit.count();
    const file = await unitSheet([
      ['X2', '某图书馆', '图书馆', '火星镇', '', '', '', '123', 'coord-S1', ''],
      ['X2', '', '公共文化场馆', '春江镇', '', '', '', '', '', ''],
    ]);
    const r = await t.http
      .post('/api/units.xlsx')
      .set(await t.as('organizer'))
      .set('Content-Type', XLSX)
      .send(file);
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([
      { path: '第2行·单位类别', message: expect.stringContaining('应为以下之一：中小学') as string },
      { path: '第2行·镇（街道）', message: '没有名为“火星镇”的镇（街道）' },
      { path: '第2行·联系电话', message: '请输入有效的手机号或座机号' },
      { path: '第3行·单位名称', message: '不能为空' },
      { path: '第3行·单位编码', message: '编码 X2 在表中重复' },
    ]);
    const en = await t.http
      .post('/api/units.xlsx')
      .set(await t.as('organizer'))
      .set('Accept-Language', 'en')
      .set('Content-Type', XLSX)
      .send(await unitSheet([['X3', '某馆', 'publicVenue', '春江镇', '', '', '', '', 'coord-S1', '']]));
    expect(en.body.errors).toEqual([{ path: 'row 2 · coordinator username', message: 'coord-S1 belongs to another unit' }]);
    expect(await t.prisma.unit.count()).toBe(before);
    // a sheet's cells are text like any other: a direction override hiding in a name is refused
    const hidden = await t.http
      .post('/api/units.xlsx')
      .set(await t.as('organizer'))
      .set('Content-Type', XLSX)
      .send(await unitSheet([['X4', '某馆\u202e馆书图', '公共文化场馆', '春江镇', '', '', '', '', '', '']]));
    expect(hidden.status).toBe(422);
    expect(hidden.body.errors).toEqual([{ path: '第2行·单位名称', message: '含有改变文字方向的控制字符，请删除后重试' }]);
    await t.http
      .post('/api/units.xlsx')
      .set(await t.as('organizer'))
      .set('Content-Type', XLSX)
      .send(Buffer.from('not a workbook'))
      .expect(422);
    await t.http
      .post('/api/units.xlsx')
      .set(await t.as(t.fixture.units.school.coordinator))
      .set('Content-Type', XLSX)
      .send(file)
      .expect(403);
    await t.http
      .get('/api/units')
      .set(await t.as(t.fixture.units.school.coordinator))
      .expect(403);
  });
});
