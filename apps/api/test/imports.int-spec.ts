import { fieldChanges, scheduleChanges, type TScheduleImportPreview, type TUnitImportPreview } from '@learnweek/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeadlineService } from '../src/modules/participation/deadlines/deadline.service.js';
import { type Cell, scheduleRow, setup, sheetOf, T } from './harness.js';

/**
 * Imports that never surprise (a schedule table that would change or remove rows, a unit list that
 * renames by code or repeats a name in a town: shown, then applied only with the preview's token),
 * and the diff between submissions (plans with their schedules, summaries) old → new.
 */
let t: Awaited<ReturnType<typeof setup>>;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  t = await setup();
  t.clock.set(T.beforeDue);
});
afterAll(async () => {
  await t?.teardown();
});

const row = (title: string, extra: { place?: string; expected?: number; start?: string } = {}) =>
  scheduleRow(title, '培训', { audiences: '老年人', ...extra });
const scheduleSheet = (rows: Cell[][]) => sheetOf(rows);
const unitSheet = (rows: string[][]) => sheetOf(rows, '单位名单', ['单位编码*', '单位名称*', '单位类别*', '镇（街道）*']);

describe('a schedule import', () => {
  // Each test a unit of its own, drafting a plan without activities yet.
  let unit: { participationId: string; coordinator: string };
  const own = () => unit;
  const url = (suffix = '') => `/api/participations/${own().participationId}/activities.xlsx${suffix}`;
  const post = async (suffix: string, file: Buffer, lang = 'zh-CN') =>
    t.http
      .post(url(suffix))
      .set(await t.as(own().coordinator))
      .set('Accept-Language', lang)
      .set('Content-Type', XLSX)
      .send(file);
  const titles = async () =>
    (await t.detail(own().participationId, own().coordinator)).activities.map((a) => [a.title, a.place, a.expectedParticipants]);

  beforeEach(async () => {
    unit = await t.newParticipation('drafting', { activities: 0 });
  });

  it('into an empty schedule applies at once; one that changes or removes rows shows the changes old → new and asks', async () => {
    expect((await post('', await scheduleSheet([row('老年智能手机培训'), row('读书分享会')]))).status).toBe(201);

    const next = await scheduleSheet([row('老年智能手机培训', { place: '学校礼堂', expected: 80 }), row('参观博物馆')]);
    const asked = await post('', next);
    expect(asked.status).toBe(409);
    expect(asked.body).toMatchObject({ code: 'importNeedsConfirm', message: '导入会修改或删除已有内容，请先查看变更并确认' });
    expect((await post('', next, 'en')).body.message).toBe(
      'This import would change or remove what is there; review the changes and confirm',
    );
    expect(await titles()).toEqual([
      ['老年智能手机培训', '培训楼 201', 60],
      ['读书分享会', '培训楼 201', 60],
    ]);

    const shown = await post('/preview', next);
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    const preview = shown.body as TScheduleImportPreview;
    expect(preview).toMatchObject({
      rows: 2,
      needsConfirm: true,
      unchanged: 0,
      added: [{ title: '参观博物馆', type: 'training', place: '培训楼 201', startsAt: '2017-10-24T01:00:00.000Z' }],
      removed: [{ title: '读书分享会', type: 'training', place: '培训楼 201' }],
      changed: [
        {
          title: '老年智能手机培训',
          fields: [
            { field: 'place', from: '培训楼 201', to: '学校礼堂' },
            { field: 'expectedParticipants', from: 60, to: 80 },
          ],
        },
      ],
    });
    expect(preview.token).toMatch(/^[0-9a-f]{64}$/);
    // The preview saved nothing.
    expect(await titles()).toEqual([
      ['老年智能手机培训', '培训楼 201', 60],
      ['读书分享会', '培训楼 201', 60],
    ]);

    const applied = await post(`?confirm=${preview.token}`, next);
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    expect(await titles()).toEqual([
      ['老年智能手机培训', '学校礼堂', 80],
      ['参观博物馆', '培训楼 201', 60],
    ]);

    // The same table again: nothing changes, nothing to ask.
    const same = (await post('/preview', next)).body as TScheduleImportPreview;
    expect(same).toMatchObject({ added: [], removed: [], changed: [], unchanged: 2, needsConfirm: false });
    expect((await post('', next)).status).toBe(201);
  });

  it('refuses the confirmed apply when the schedule changed after the preview, with the new changes', async () => {
    expect(
      (await post('', await scheduleSheet([row('老年智能手机培训', { place: '学校礼堂', expected: 80 }), row('参观博物馆')]))).status,
    ).toBe(201);
    const next = await scheduleSheet([row('老年智能手机培训', { expected: 90 })]);
    const preview = (await post('/preview', next)).body as TScheduleImportPreview;
    expect(preview.removed.map((a) => a.title)).toEqual(['参观博物馆']);

    // Meanwhile a row is edited in another tab.
    const d = await t.detail(own().participationId, own().coordinator);
    const visit = d.activities.find((a) => a.title === '参观博物馆')!;
    await t.http
      .put(`/api/participations/${own().participationId}/activities/${visit.id}`)
      .set(await t.as(own().coordinator))
      .send({ place: '常州博物馆', version: visit.version })
      .expect(200);

    const stale = await post(`?confirm=${preview.token}`, next);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'staleVersion', message: '数据已被他人修改，请刷新后重试' });
    const current = stale.body.current as TScheduleImportPreview;
    expect(current.token).not.toBe(preview.token);
    expect(current.removed).toEqual([expect.objectContaining({ title: '参观博物馆', place: '常州博物馆' })]);
    expect((await titles()).map(([title]) => title)).toEqual(['老年智能手机培训', '参观博物馆']);

    // A token of another table is refused the same way; a malformed one with a field message.
    const other = await post(`?confirm=${preview.token}`, await scheduleSheet([row('另一张表')]));
    expect(other.status).toBe(409);
    const malformed = await post('?confirm=abc', next);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ path: 'confirm', message: '确认码无效，请重新预览导入内容' }]);

    expect((await post(`?confirm=${current.token}`, next)).status).toBe(201);
    expect(await titles()).toEqual([['老年智能手机培训', '培训楼 201', 90]]);
  });

  it('previews only for its own coordinators, as the import', async () => {
    const file = await scheduleSheet([row('越权')]);
    await t.http
      .post(url('/preview'))
      .set(await t.as(t.fixture.units.school.coordinator))
      .set('Content-Type', XLSX)
      .send(file)
      .expect(403);
    await t.http
      .post(url('/preview'))
      .set(await t.as('approver'))
      .set('Content-Type', XLSX)
      .send(file)
      .expect(403);
  });
});

describe('a unit import', () => {
  const post = async (suffix: string, file: Buffer) =>
    t.http
      .post(`/api/units.xlsx${suffix}`)
      .set(await t.as('organizer'))
      .set('Content-Type', XLSX)
      .send(file);
  const preview = async (file: Buffer) => {
    const r = await post('/preview', file);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as TUnitImportPreview;
  };

  it('warns of a second unit of the same name in a town and asks', async () => {
    const file = await unitSheet([
      ['L1', '新北区图书馆', '公共文化场馆', '春江镇'],
      ['L2', '新北区图书馆', '公共文化场馆', '春江镇'],
      ['X5', '春江中心小学', '中小学', '春江镇'],
    ]);
    const shown = await preview(file);
    expect(shown).toMatchObject({
      needsConfirm: true,
      renamed: [],
      created: [
        { code: 'L1', name: '新北区图书馆', town: '春江镇' },
        { code: 'L2', name: '新北区图书馆', town: '春江镇' },
        { code: 'X5', name: '春江中心小学', town: '春江镇' },
      ],
      duplicates: [
        { town: '春江镇', name: '春江中心小学', codes: ['S1', 'X5'] },
        { town: '春江镇', name: '新北区图书馆', codes: ['L1', 'L2'] },
      ],
    });
    const asked = await post('', file);
    expect(asked.status).toBe(409);
    expect(asked.body.code).toBe('importNeedsConfirm');
    expect(await t.prisma.unit.count({ where: { code: { in: ['L1', 'L2', 'X5'] } } })).toBe(0);
    const done = await post(`?confirm=${shown.token}`, file);
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect(done.body).toMatchObject({ created: 3, updated: 0 });
  });

  it('asks before renaming a unit by a re-used code, naming the old and the new name, and refuses a stale yes', async () => {
    const file = await unitSheet([['S1', '春江实验小学', '中小学', '春江镇']]);
    const shown = await preview(file);
    expect(shown).toMatchObject({
      needsConfirm: true,
      created: [],
      renamed: [{ code: 'S1', from: '春江中心小学', to: '春江实验小学' }],
      updated: [{ code: 'S1', name: '春江实验小学', fields: [{ field: 'name', from: '春江中心小学', to: '春江实验小学' }] }],
      duplicates: [],
    });
    expect((await post('', file)).status).toBe(409);

    // The unit changes in between (another import): the yes given to the old state is refused.
    const meanwhile = await unitSheet([['S1', '春江中心小学', '中小学', '春江镇']]);
    await t.prisma.unit.updateMany({ where: { code: 'S1' }, data: { address: '春江路 8 号' } });
    expect((await preview(meanwhile)).updated).toEqual([
      { code: 'S1', name: '春江中心小学', fields: [{ field: 'address', from: '春江路 8 号', to: '' }] },
    ]);
    const stale = await post(`?confirm=${shown.token}`, file);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('staleVersion');
    const fresh = stale.body.current as TUnitImportPreview;
    expect(fresh.renamed).toEqual([{ code: 'S1', from: '春江中心小学', to: '春江实验小学' }]);
    expect((await t.prisma.unit.findFirstOrThrow({ where: { code: 'S1' } })).name).toBe('春江中心小学');

    expect((await post(`?confirm=${fresh.token}`, file)).status).toBe(201);
    expect((await t.prisma.unit.findFirstOrThrow({ where: { code: 'S1' } })).name).toBe('春江实验小学');
  });

  it('applies an update that neither renames nor repeats a name without asking', async () => {
    // A school of its own, its address cleared by the list.
    const school = await t.newUnit({ kind: 'school' });
    await t.prisma.unit.update({ where: { id: school.id }, data: { address: '春江路 8 号' } });
    const file = await unitSheet([[school.code, school.name, '中小学', '测试镇']]);
    expect((await preview(file)).needsConfirm).toBe(false);
    expect((await post('', file)).status).toBe(201);
    await t.http
      .post('/api/units.xlsx/preview')
      .set(await t.as('approver'))
      .set('Content-Type', XLSX)
      .send(file)
      .expect(403);
  });
});

describe('the diff between submissions', () => {
  const own = () => t.fixture.units.centre;
  const pid = () => own().participationId;
  const as = () => t.as(own().coordinator);

  it('gives every changed plan field and schedule field old → new, and an old revision’s missing fields are not changes', async () => {
    t.clock.set(T.beforeDue);
    await t.event(pid(), own().coordinator, 'START_DRAFT');
    await t.http
      .put(`/api/participations/${pid()}/plan`)
      .set(await as())
      .send({ text: '实施方案正文', leadingBody: '领导小组', version: 1 })
      .expect(200);
    const base = {
      type: 'lecture',
      startsAt: '2017-10-24T01:00:00.000Z',
      endsAt: '2017-10-24T03:00:00.000Z',
      place: '报告厅',
      personInCharge: '王老师',
      audiences: ['residents'],
      expectedParticipants: 100,
    };
    const talk = (
      await t.http
        .post(`/api/participations/${pid()}/activities`)
        .set(await as())
        .send({ ...base, title: '主题讲座' })
        .expect(201)
    ).body as { id: string; version: number };
    await t.http
      .post(`/api/participations/${pid()}/activities`)
      .set(await as())
      .send({ ...base, title: '智能手机培训班', type: 'freeClass', audiences: ['elderly'], free: true })
      .expect(201);
    await t.event(pid(), own().coordinator, 'SUBMIT_PLAN');
    await t.event(pid(), 'approver', 'RETURN_PLAN', { comment: '请补充宣传措施' });
    const returned = await t.detail(pid(), own().coordinator);
    await t.http
      .put(`/api/participations/${pid()}/plan`)
      .set(await as())
      .send({ publicity: '微信公众号', version: returned.plan.version })
      .expect(200);
    await t.http
      .put(`/api/participations/${pid()}/activities/${talk.id}`)
      .set(await as())
      .send({ place: '学校礼堂', expectedParticipants: 300, endsAt: '2017-10-24T04:00:00.000Z', version: talk.version })
      .expect(200);
    await t.event(pid(), own().coordinator, 'SUBMIT_PLAN');

    // Revision 1 as an older build stored it: rows without the fields added since (their values then the defaults).
    const first = await t.prisma.planRevision.findFirstOrThrow({ where: { participationId: pid(), revision: 1 } });
    const old = (first.activities as Record<string, unknown>[]).map(({ notes: _n, phone: _p, form: _fo, version: _v, ...rest }) => rest);
    await t.prisma.planRevision.update({ where: { id: first.id }, data: { activities: old as object[] } });

    const d = await t.detail(pid(), 'approver');
    expect(d.planRevisions.map((r) => r.revision)).toEqual([2, 1]);
    const [now, before] = d.planRevisions as [(typeof d.planRevisions)[number], (typeof d.planRevisions)[number]];
    expect(before.activities[0]).toMatchObject({ title: '主题讲座', notes: '', phone: '', free: false, form: '', version: 1 });
    expect(fieldChanges(before, now, ['leadingBody', 'budgetNote', 'publicity', 'text'])).toEqual([
      { field: 'publicity', from: '', to: '微信公众号' },
    ]);
    expect(scheduleChanges(before.activities, now.activities)).toEqual({
      added: [],
      removed: [],
      unchanged: 1,
      changed: [
        {
          title: '主题讲座',
          fields: [
            { field: 'endsAt', from: '2017-10-24T03:00:00.000Z', to: '2017-10-24T04:00:00.000Z' },
            { field: 'place', from: '报告厅', to: '学校礼堂' },
            { field: 'expectedParticipants', from: 100, to: 300 },
          ],
        },
      ],
    });
  });

  it('lists every summary submission, each comparable old → new', async () => {
    // A unit of its own whose plan awaits approval.
    const mine = await t.newParticipation('planSubmitted');
    const own = () => mine;
    const pid = () => mine.participationId;
    t.clock.set(T.beforeDue);
    await t.event(pid(), 'approver', 'APPROVE_PLAN');
    t.clock.set(T.inWeek);
    await t.app.get(DeadlineService).tick();
    t.clock.set(T.afterWeek);
    await t.app.get(DeadlineService).tick();
    expect((await t.detail(pid(), own().coordinator)).state).toBe('summaryDue');
    await t.http
      .put(`/api/participations/${pid()}/summary`)
      .set(await t.as(own().coordinator))
      .send({ text: '活动总结', activitiesHeld: 1, participants: 120, version: 1 })
      .expect(200);
    await t.prisma.summary.update({ where: { participationId: pid() }, data: { discDelivered: true } });
    await t.event(pid(), own().coordinator, 'SUBMIT_SUMMARY');
    await t.event(pid(), 'approver', 'RETURN_SUMMARY', { comment: '参与人数请核对' });
    const returned = await t.detail(pid(), own().coordinator);
    await t.http
      .put(`/api/participations/${pid()}/summary`)
      .set(await t.as(own().coordinator))
      .send({ participants: 150, text: '活动总结（修订）', version: returned.summary.version })
      .expect(200);
    await t.event(pid(), own().coordinator, 'SUBMIT_SUMMARY');

    const d = await t.detail(pid(), 'approver');
    expect(d.summaryRevisions.map((r) => r.revision)).toEqual([2, 1]);
    const [now, before] = d.summaryRevisions as [(typeof d.summaryRevisions)[number], (typeof d.summaryRevisions)[number]];
    expect(fieldChanges(before, now, ['text', 'activitiesHeld', 'participants', 'discDelivered', 'photoIds'])).toEqual([
      { field: 'text', from: '活动总结', to: '活动总结（修订）' },
      { field: 'participants', from: 120, to: 150 },
    ]);
  });
});
