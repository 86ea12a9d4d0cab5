import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineService } from '../src/modules/participation/deadlines/deadline.service.js';
import { binary, photo, readDocxElsewhere, readXlsxElsewhere, readZipElsewhere } from './files.js';
import { setup, T } from './harness.js';

let t: Awaited<ReturnType<typeof setup>>;
const activity = (title: string, type: string, day = 24) => ({
  title,
  type,
  startsAt: `2017-10-${day}T01:00:00.000Z`,
  endsAt: `2017-10-${day}T03:00:00.000Z`,
  place: '活动室',
  personInCharge: '王老师',
  phone: '0519-85123456',
  audiences: ['elderly'],
  free: true,
  expectedParticipants: 40,
});

/** The training school goes all the way to a submitted summary with 3 photos; the primary school drafts one row. */
beforeAll(async () => {
  t = await setup();
  const { other, school } = t.fixture.units;
  const id = other.participationId;
  const as = () => t.as(other.coordinator);
  await t.event(id, other.coordinator, 'START_DRAFT');
  await t.http
    .put(`/api/participations/${id}/plan`)
    .set(await as())
    .send({ text: '实施方案', version: 1 })
    .expect(200);
  const ids: string[] = [];
  for (const a of [activity('老年人智能手机课', 'freeClass'), activity('书法讲座', 'lecture', 25)]) {
    ids.push(
      (
        (
          await t.http
            .post(`/api/participations/${id}/activities`)
            .set(await as())
            .send(a)
            .expect(201)
        ).body as { id: string }
      ).id,
    );
  }
  await t.event(id, other.coordinator, 'SUBMIT_PLAN');
  await t.event(id, 'approver', 'APPROVE_PLAN');
  t.clock.set(T.inWeek);
  await t.app.get(DeadlineService).tick();
  await t.http
    .put(`/api/participations/${id}/activities/${ids[0]}`)
    .set(await as())
    .send({ status: 'held', actualParticipants: 52, report: '顺利', version: 1 })
    .expect(200);
  t.clock.set(T.afterWeek);
  await t.app.get(DeadlineService).tick();
  for (const seed of [0, 1, 2]) {
    await t.http
      .post(`/api/participations/${id}/photos`)
      .set(await as())
      .field('activityId', ids[0]!)
      .field('caption', `现场${seed + 1}`)
      .attach('file', await photo(seed), 'p.jpg')
      .expect(201);
  }
  await t.http
    .put(`/api/participations/${id}/summary`)
    .set(await as())
    .send({ text: '第一段总结。\n第二段总结。', activitiesHeld: 1, participants: 52, version: 1 })
    .expect(200);
  await t.event(id, other.coordinator, 'SUBMIT_SUMMARY');

  await t.event(school.participationId, school.coordinator, 'START_DRAFT');
  await t.http
    .post(`/api/participations/${school.participationId}/activities`)
    .set(await t.as(school.coordinator))
    .send(activity('主题班会', 'classMeeting'))
    .expect(201);
});
afterAll(async () => {
  await t?.teardown();
});

const get = async (path: string, user = 'organizer') => {
  const r = await t.http
    .get(`/api/campaigns/${t.fixture.campaignId}/exports/${path}`)
    .set(await t.as(user))
    .buffer(true)
    .parse(binary);
  expect(r.status, String(r.body)).toBe(200);
  return r;
};

describe('district exports', () => {
  it('writes the whole schedule in the bureau’s layout, read back by openpyxl', async () => {
    const r = await get('schedule.xlsx', 'approver');
    expect(r.headers['content-disposition']).toContain(encodeURIComponent('2017年全民终身学习推进周全区活动安排表.xlsx'));
    const [rows] = readXlsxElsewhere(r.body as Buffer);
    expect(rows).toHaveLength(2 + 3);
    expect(rows![0]![0]).toBe('2017年全民终身学习推进周全区活动安排表');
    expect(rows![1]).toEqual([
      '序号',
      '镇（街道）',
      '单位',
      '活动名称',
      '活动类型',
      '活动形式',
      '开始时间',
      '结束时间',
      '活动地点',
      '活动对象',
      '预计人数',
      '负责人',
      '联系电话',
      '是否免费',
      '备注',
      '举办情况',
      '实际人数',
    ]);
    expect(rows!.slice(2).map((row) => [row[0], row[2], row[3], row[6], row[15], row[16]])).toEqual([
      [1, '新北区某培训学校', '老年人智能手机课', '2017-10-24T09:00:00', '已举办', 52],
      [2, '新北区某培训学校', '书法讲座', '2017-10-25T09:00:00', null, null],
      [3, '春江中心小学', '主题班会', '2017-10-24T09:00:00', null, null],
    ]); // the times are date cells (China time), sortable and filterable as dates
  });

  it('writes the status report, one row per unit', async () => {
    const [rows] = readXlsxElsewhere((await get('status.xlsx')).body as Buffer);
    const units = rows!.slice(2).filter((row) => typeof row[0] === 'number');
    expect(units).toHaveLength(3);
    const byCode = new Map(units.map((row) => [row[1], row]));
    expect(byCode.get('N1')).toMatchObject({
      2: '新北区某培训学校',
      3: '非学历教育机构',
      4: '春江镇',
      5: '总结待审核',
      6: '2017-10-01T10:00:00',
      9: 2,
      10: 1,
      11: 52,
      14: 3,
    });
    expect(byCode.get('S1')).toMatchObject({ 5: '方案编制中', 7: '已逾期', 9: 1, 10: 0 });
    expect(byCode.get('C1')).toMatchObject({ 5: '已通知', 9: 0 });
    // Then the totals: per unit kind, per town, for the district (the counts in their columns).
    const totals = rows!.slice(2 + 3).filter((row) => row[2]);
    expect(byCode.get('C1')![7]).toBe('已逾期');
    expect(totals.at(-1)).toMatchObject({ 2: '全区合计', 5: '3 家', 6: '已交 1', 7: '逾期 2', 9: 3, 10: 1, 11: 52, 12: '已交 1', 14: 3 });
    expect(totals.filter((row) => row[2] === '按类别合计').map((row) => [row[3], row[5]])).toHaveLength(3);
    expect(totals.filter((row) => row[2] === '按镇（街道）合计').reduce((a, row) => a + Number(String(row[5]).replace(' 家', '')), 0)).toBe(
      3,
    );
  });

  it('compiles the submitted summaries into one .docx with a cover, contents and the photos, read back by Python', async () => {
    const r = await get('summaries.docx', 'approver');
    expect(r.headers['content-type']).toContain('wordprocessingml');
    expect(r.headers['content-disposition']).toContain(encodeURIComponent('2017年全民终身学习推进周活动总结汇编.docx'));
    const docx = readDocxElsewhere(r.body as Buffer);
    expect(docx.images).toBe(3);
    for (const text of [
      '活动总结汇编',
      '共 1 个单位',
      '目　　录',
      '新北区某培训学校：2017年全民终身学习推进周活动总结',
      '第二段总结。',
      '图3　现场3 · 老年人智能手机课',
    ])
      expect(docx.text).toContain(text);
    const plans = readDocxElsewhere((await get('plans.docx')).body as Buffer);
    for (const text of [
      '实施方案汇编',
      '新北区某培训学校：2017年全民终身学习推进周实施方案',
      '实施方案',
      '活动安排表（2 项）',
      '老年人智能手机课',
      '书法讲座',
    ])
      expect(plans.text).toContain(text);
    await t.http
      .get(`/api/campaigns/${t.fixture.campaignId}/exports/summaries.docx`)
      .set(await t.as(t.fixture.units.other.coordinator))
      .expect(403);
  });

  it('packs each submitted summary as .docx with its photos, read back by Python’s zipfile', async () => {
    const entries = readZipElsewhere((await get('summaries.zip')).body as Buffer);
    expect(entries.map((e) => e.name).sort()).toEqual([
      'N1-新北区某培训学校/活动总结.docx',
      'N1-新北区某培训学校/照片1-老年人智能手机课.jpg',
      'N1-新北区某培训学校/照片2-老年人智能手机课.jpg',
      'N1-新北区某培训学校/照片3-老年人智能手机课.jpg',
    ]);
    const docx = entries.find((e) => e.name.endsWith('.docx'))!.docx!;
    expect(docx.images).toBe(3);
    expect(docx.text).toContain('新北区某培训学校：2017年全民终身学习推进周活动总结');
    expect(docx.text).toContain('举办活动 1 场，参与 52 人次。');
    expect(docx.text).toContain('第二段总结。');
    expect(docx.text).toContain('图3 现场3 · 老年人智能手机课');
    expect(entries.filter((e) => e.name.endsWith('.jpg')).every((e) => e.size > 10_000)).toBe(true);
  });

  it('shows every summary photo in the gallery, filtered by its date check', async () => {
    const url = `/api/campaigns/${t.fixture.campaignId}/photos`;
    const all = await t.http.get(url).set(await t.as('approver'));
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body).toMatchObject({ total: 3 });
    expect(all.body.items[0]).toMatchObject({
      participationId: t.fixture.units.other.participationId,
      unit: { code: 'N1' },
      activityTitle: '老年人智能手机课',
      dateCheck: 'noExif',
    });
    expect((await t.http.get(`${url}?dateCheck=outsideWeek`).set(await t.as('approver'))).body.total).toBe(0);
    await t.http
      .get(`${url}?dateCheck=sometime`)
      .set(await t.as('approver'))
      .expect(400);
    await t.http
      .get(url)
      .set(await t.as(t.fixture.units.other.coordinator))
      .expect(403);
  });

  it('publishes the approved schedules as the week’s calendar, to anyone, without contacts', async () => {
    const url = `/api/public/campaigns/${t.fixture.campaignId}/activities`;
    const r = await t.http.get(url).expect(200);
    expect(r.body.items.map((a: { title: string; unitName: string; held: boolean }) => [a.title, a.unitName, a.held])).toEqual([
      ['老年人智能手机课', '新北区某培训学校', true],
      ['书法讲座', '新北区某培训学校', false],
    ]); // the primary school's draft is not public
    expect(JSON.stringify(r.body)).not.toMatch(/0519|王老师|personInCharge|phone/);
    expect((await t.http.get(`${url}?town=春江镇&free=true`).expect(200)).body.items).toHaveLength(2);
    expect((await t.http.get(`${url}?town=火星镇`).expect(200)).body.items).toEqual([]);
    await t.http.get(`/api/public/campaigns/00000000-0000-4000-8000-000000000000/activities`).expect(404);
  });

  it('is for the organizer and approvers only', async () => {
    for (const path of ['schedule.xlsx', 'status.xlsx', 'summaries.zip']) {
      await t.http
        .get(`/api/campaigns/${t.fixture.campaignId}/exports/${path}`)
        .set(await t.as(t.fixture.units.other.coordinator))
        .expect(403);
    }
    await t.http
      .get(`/api/campaigns/00000000-0000-4000-8000-000000000000/exports/status.xlsx`)
      .set(await t.as('organizer'))
      .expect(404);
  });
});
