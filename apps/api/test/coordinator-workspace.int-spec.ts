import { readdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeadlineService } from '../src/modules/participation/deadlines/deadline.service.js';
import { binary, photo, readXlsxElsewhere } from './files.js';
import { type Cell, SCHEDULE_HEADERS, scheduleRow, setup, sheetOf, T } from './harness.js';

let t: Awaited<ReturnType<typeof setup>>;
let pid: string;
let coord: string;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  t = await setup();
});
afterAll(async () => {
  await t?.teardown();
});

const detail = (user = coord) => t.detail(pid, user);
const event = (type: string, user: string, extra: Record<string, unknown> = {}) => t.event(pid, user, type, extra);

/** A schedule sheet as a coordinator fills it in: header row, then rows of cells. */
const sheet = (rows: Cell[][]) => sheetOf(rows);
const row = (title: string, type: string, extra: Partial<Record<'audiences' | 'free' | 'person', string>> = {}) =>
  scheduleRow(title, type, { note: '备注', ...extra });

const filesOnDisk = () => readdirSync(t.filesDir, { recursive: true }).filter((f) => String(f).endsWith('original')).length;

describe('the schedule table in .xlsx', () => {
  // Each test a unit of its own, drafting a plan without activities yet.
  beforeEach(async () => {
    ({ participationId: pid, coordinator: coord } = await t.newParticipation('drafting', { kind: 'nonDegree', activities: 0 }));
  });

  it('offers a blank template with the columns and pick lists', async () => {
    const r = await t.http
      .get(`/api/participations/${pid}/activities.xlsx?template=1`)
      .set(await t.as(coord))
      .buffer(true)
      .parse(binary);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain(XLSX);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(r.body as ArrayBuffer);
    const ws = book.worksheets[0]!;
    expect(ws.name).toBe('活动安排表');
    expect(ws.getRow(1).values).toEqual([undefined, ...SCHEDULE_HEADERS]);
    expect(ws.actualRowCount).toBe(1);
    expect(ws.getCell('C2').dataValidation).toMatchObject({ type: 'list' });
  });

  it('refuses a table with a bad row, naming row and column, and saves nothing', async () => {
    const first = await sheet([row('读书分享会', '全民阅读')]);
    await t.http
      .post(`/api/participations/${pid}/activities.xlsx`)
      .set(await t.as(coord))
      .set('Content-Type', XLSX)
      .send(first)
      .expect(201);
    const bad = await sheet([row('老年智能手机培训', '培训'), row('参观博物馆', '游园'), row('', '论坛', { person: '' })]);
    const r = await t.http
      .post(`/api/participations/${pid}/activities.xlsx`)
      .set(await t.as(coord))
      .set('Content-Type', XLSX)
      .send(bad);
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([
      { path: '第3行·活动类型', message: expect.stringContaining('应为以下之一：主题讲座、培训') },
      { path: '第4行·活动名称', message: '不能为空' },
      { path: '第4行·负责人', message: '不能为空' },
    ]);
    const en = await t.http
      .post(`/api/participations/${pid}/activities.xlsx`)
      .set(await t.as(coord))
      .set('Content-Type', XLSX)
      .set('Accept-Language', 'en')
      .send(bad);
    expect(en.body.errors[1]).toEqual({ path: 'row 4 · 活动名称', message: 'Must not be blank' });
    // The earlier table is untouched.
    expect((await detail()).activities.map((a: { title: string }) => a.title)).toEqual(['读书分享会']);
    const garbage = await t.http
      .post(`/api/participations/${pid}/activities.xlsx`)
      .set(await t.as(coord))
      .set('Content-Type', XLSX)
      .send(Buffer.from('not a workbook'));
    expect(garbage.status).toBe(422);
    expect(garbage.body.errors).toEqual([{ path: '(file)', message: '不是有效的 .xlsx 文件' }]);
  });

  it('names the real rule of a negative number and an end before the start, both on one row', async () => {
    const negative = row('社区书法体验', '培训');
    negative[8] = -5;
    const backwards = row('亲子共读', '全民阅读');
    backwards[5] = '2017-10-24 08:00';
    const both = row('老年健康讲座', '主题讲座');
    both[8] = '-5';
    both[5] = '2017-10-24 08:00';
    const r = await t.http
      .post(`/api/participations/${pid}/activities.xlsx`)
      .set(await t.as(coord))
      .set('Content-Type', XLSX)
      .send(await sheet([negative, backwards, both]));
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([
      { path: '第2行·预计人数', message: '不能为负数' },
      { path: '第3行·结束时间', message: '结束时间不能早于开始时间' },
      { path: '第4行·结束时间', message: '结束时间不能早于开始时间' },
      { path: '第4行·预计人数', message: '不能为负数' },
    ]);
    const fraction = row('社区书法体验', '培训');
    fraction[8] = '3.5';
    const f = await t.http
      .post(`/api/participations/${pid}/activities.xlsx`)
      .set(await t.as(coord))
      .set('Content-Type', XLSX)
      .send(await sheet([fraction]));
    expect(f.body.errors).toEqual([{ path: '第2行·预计人数', message: '应为整数' }]);
  });

  it('imports a good table, exports it with every field, and the export imports back the same', async () => {
    const good = await sheet([
      row('老年智能手机培训', '培训', { audiences: '老年人' }),
      row('参观博物馆', '参观考察', { free: '否', audiences: '' }),
    ]);
    await t.http
      .post(`/api/participations/${pid}/activities.xlsx`)
      .set(await t.as(coord))
      .set('Content-Type', XLSX)
      .send(await sheet([row('读书分享会', '全民阅读')]))
      .expect(201);
    // It replaces the earlier row: shown first, applied with the preview's token.
    const preview = await t.http
      .post(`/api/participations/${pid}/activities.xlsx/preview`)
      .set(await t.as(coord))
      .set('Content-Type', XLSX)
      .send(good);
    expect(preview.body).toMatchObject({ needsConfirm: true, removed: [{ title: '读书分享会' }] });
    const imported = await t.http
      .post(`/api/participations/${pid}/activities.xlsx?confirm=${preview.body.token as string}`)
      .set(await t.as(coord))
      .set('Content-Type', XLSX)
      .send(good);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.items).toHaveLength(2);
    expect(imported.body.items[0]).toMatchObject({
      title: '老年智能手机培训',
      type: 'training',
      form: '现场',
      startsAt: '2017-10-24T01:00:00.000Z',
      endsAt: '2017-10-24T03:00:00.000Z',
      place: '培训楼 201',
      audiences: ['elderly'],
      expectedParticipants: 60,
      personInCharge: '王老师',
      phone: '0519-85123456',
      free: true,
      notes: '备注',
    });
    const fields = (a: Record<string, unknown>) => Object.fromEntries(Object.entries(a).filter(([k]) => k !== 'id'));
    const before = (await detail()).activities.map(fields);
    const exported = await t.http
      .get(`/api/participations/${pid}/activities.xlsx`)
      .set(await t.as('approver'))
      .buffer(true)
      .parse(binary);
    expect(exported.status).toBe(200);
    await t.http
      .post(`/api/participations/${pid}/activities.xlsx`)
      .set(await t.as(coord))
      .set('Content-Type', XLSX)
      .send(exported.body as Buffer)
      .expect(201);
    expect((await detail()).activities.map(fields)).toEqual(before);

    // Read by another reader than exceljs: Debian's python3-openpyxl.
    const [rows] = readXlsxElsewhere(exported.body as Buffer);
    expect(rows).toEqual([
      SCHEDULE_HEADERS,
      [
        1,
        '老年智能手机培训',
        '培训',
        '现场',
        '2017-10-24T09:00:00',
        '2017-10-24T11:00:00',
        '培训楼 201',
        '老年人',
        60,
        '王老师',
        '0519-85123456',
        '是',
        '备注',
      ],
      [
        2,
        '参观博物馆',
        '参观考察',
        '现场',
        '2017-10-24T09:00:00',
        '2017-10-24T11:00:00',
        '培训楼 201',
        null,
        60,
        '王老师',
        '0519-85123456',
        '否',
        '备注',
      ],
    ]);
  });

  it('keeps other units and the wrong roles out', async () => {
    const other = t.fixture.units.school.coordinator;
    await t.http
      .get(`/api/participations/${pid}/activities.xlsx`)
      .set(await t.as(other))
      .expect(403);
    const good = await sheet([row('越权导入', '培训')]);
    await t.http
      .post(`/api/participations/${pid}/activities.xlsx`)
      .set(await t.as(other))
      .set('Content-Type', XLSX)
      .send(good)
      .expect(403);
    await t.http
      .post(`/api/participations/${pid}/activities.xlsx`)
      .set(await t.as('approver'))
      .set('Content-Type', XLSX)
      .send(good)
      .expect(403);
    expect((await detail()).activities).toHaveLength(0);
  });
});

describe('summary photos', () => {
  let activityIds: string[];
  const upload = async (file: Buffer, name = 'photo.jpg', activityId = activityIds[0]!, user = coord) =>
    t.http
      .post(`/api/participations/${pid}/photos`)
      .set(await t.as(user))
      .field('activityId', activityId)
      .field('caption', '活动现场')
      .attach('file', file, name);

  beforeAll(async () => {
    // A unit of its own, drafting, with a second activity: its plan goes through review and the week.
    ({ participationId: pid, coordinator: coord } = await t.newParticipation('drafting', { kind: 'nonDegree' }));
    await t.http
      .post(`/api/participations/${pid}/activities`)
      .set(await t.as(coord))
      .send({
        title: '老年智能手机培训',
        type: 'training',
        startsAt: '2017-10-24T01:00:00.000Z',
        endsAt: '2017-10-24T03:00:00.000Z',
        place: '培训楼 201',
        personInCharge: '王老师',
        phone: '0519-85123456',
        audiences: ['elderly'],
      })
      .expect(201);
    await t.http
      .put(`/api/participations/${pid}/plan`)
      .set(await t.as(coord))
      .send({ text: '实施方案', version: 1 })
      .expect(200);
    await event('SUBMIT_PLAN', coord);
    await event('APPROVE_PLAN', 'approver');
    t.clock.set(T.inWeek);
    await t.app.get(DeadlineService).tick();
    activityIds = (await detail()).activities.map((a: { id: string }) => a.id);
    await t.http
      .put(`/api/participations/${pid}/activities/${activityIds[0]}`)
      .set(await t.as(coord))
      .send({ status: 'held', actualParticipants: 45, report: '顺利举办', version: 1 })
      .expect(200);
    t.clock.set(T.afterWeek);
    await t.app.get(DeadlineService).tick();
    expect((await detail()).state).toBe('summaryDue');
  });

  it('refuses what is not a usable photo, storing nothing', async () => {
    const rowsBefore = await t.prisma.storedFile.count();
    const text = await upload(Buffer.from('这不是图片，只是改了扩展名的文本文件\n'.repeat(50)), 'fake.jpg');
    expect(text.status).toBe(415);
    expect(text.body.errors).toEqual([{ path: 'file', message: '不是图片文件：请上传 JPEG、PNG、WebP 或 HEIC 照片' }]);
    const huge = Buffer.concat([await photo(0), Buffer.alloc(20 * 1024 * 1024)]);
    const big = await upload(huge, 'big.jpg');
    expect(big.status).toBe(413);
    expect(big.body.errors).toEqual([{ path: 'file', message: '照片不能超过 15 MB' }]);
    const tiny = await upload(await photo(1, { width: 800, height: 600 }), 'tiny.jpg');
    expect(tiny.status).toBe(422);
    expect(tiny.body.errors).toEqual([{ path: 'file', message: '照片分辨率太低：长边至少 1024 像素' }]);
    const en = await t.http
      .post(`/api/participations/${pid}/photos`)
      .set(await t.as(coord))
      .set('Accept-Language', 'en')
      .field('activityId', activityIds[0]!)
      .attach('file', await photo(1, { width: 800, height: 600 }), 'tiny.jpg');
    expect(en.body.errors).toEqual([{ path: 'file', message: 'Resolution too low: the long side must be at least 1024 px' }]);
    const missing = await t.http
      .post(`/api/participations/${pid}/photos`)
      .set(await t.as(coord))
      .field('activityId', activityIds[0]!);
    expect(missing.status).toBe(400);
    const foreign = await upload(await photo(0), 'a.jpg', t.fixture.units.school.participationId);
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors).toEqual([{ path: 'activityId', message: '请选择本单位的一项活动' }]);
    expect(await t.prisma.storedFile.count()).toBe(rowsBefore);
    expect(filesOnDisk()).toBe(0);
  });

  it('takes three photos, refuses the same picture twice and a fourth, and serves copies without GPS', async () => {
    const first = await photo(0, { taken: '2017:10:24 10:02:33', gps: true });
    const a = await upload(first);
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body).toMatchObject({
      dateCheck: 'insideWeek',
      width: 1600,
      height: 1200,
      takenAt: '2017-10-24T02:02:33.000Z',
      activityId: activityIds[0],
    });

    // The same picture again: byte for byte, and resized and re-encoded.
    const again = await upload(first, 'copy.jpg');
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([{ path: 'file', message: '这张照片与已上传的照片相同' }]);
    const resized = await sharp(first).resize(1400).jpeg({ quality: 70 }).toBuffer();
    expect((await upload(resized, 'resized.jpg')).status).toBe(409);

    const b = await upload(await photo(1, { taken: '2017:09:01 09:00:00' }), 'b.png', activityIds[1]);
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    expect(b.body.dateCheck).toBe('outsideWeek');
    const png = await sharp(await photo(2))
      .png()
      .toBuffer();
    const c = await upload(png, 'c.png');
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body.dateCheck).toBe('noExif');

    const rowsBefore = await t.prisma.storedFile.count();
    const fourth = await upload(await photo(3), 'd.jpg');
    expect(fourth.status).toBe(409);
    expect(fourth.body.errors).toEqual([{ path: 'file', message: '已上传 3 张照片，请先删除一张再上传' }]);
    expect(await t.prisma.storedFile.count()).toBe(rowsBefore);
    expect(filesOnDisk()).toBe(3);

    // Served copies: JPEG, resized, no EXIF at all; the link is signed.
    const web = await t.http
      .get(a.body.url as string)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(web.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(web.body as Buffer).metadata();
    expect(Math.max(meta.width, meta.height)).toBe(1600);
    expect(meta.exif).toBeUndefined();
    expect(await exifr.gps(web.body as Buffer).catch(() => undefined)).toBeUndefined();
    const thumb = await t.http
      .get(a.body.thumbUrl as string)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(Math.max((await sharp(thumb.body as Buffer).metadata()).width, 0)).toBe(360);
    await t.http.get((a.body.url as string).replace(/sig=[^&]+/, 'sig=forged')).expect(403);

    const photos = (await detail('approver')).photos as { id: string }[];
    expect(photos).toHaveLength(3);
    // A coordinator of another unit neither sees nor removes them.
    await t.http
      .get(`/api/participations/${pid}`)
      .set(await t.as(t.fixture.units.school.coordinator))
      .expect(403);
    await t.http
      .delete(`/api/participations/${pid}/photos/${photos[0]!.id}`)
      .set(await t.as(t.fixture.units.school.coordinator))
      .expect(403);

    // Remove one, then the fourth fits in its slot.
    await t.http
      .delete(`/api/participations/${pid}/photos/${c.body.id as string}`)
      .set(await t.as(coord))
      .expect(204);
    expect(filesOnDisk()).toBe(2);
    expect((await upload(await photo(3), 'd.jpg')).status).toBe(201);

    await t.http
      .put(`/api/participations/${pid}/summary`)
      .set(await t.as(coord))
      .send({ text: '总结正文', activitiesHeld: 1, participants: 45, version: 1 })
      .expect(200);
    await event('SUBMIT_SUMMARY', coord);
    expect((await detail()).state).toBe('summarySubmitted');
    // Submitted: the photos are frozen for the coordinator.
    expect((await upload(await photo(4))).status).toBe(409);
  });

  it('lets an approver mark the disc delivered, and nobody else', async () => {
    await t.http
      .put(`/api/participations/${pid}/disc`)
      .set(await t.as(coord))
      .send({ delivered: true })
      .expect(403);
    const r = await t.http
      .put(`/api/participations/${pid}/disc`)
      .set(await t.as('approver'))
      .send({ delivered: true });
    expect(r.status).toBe(200);
    expect(r.body.discDelivered).toBe(true);
    await t.http
      .put(`/api/participations/${pid}/disc`)
      .set(await t.as('approver'))
      .send({ delivered: 'yes' })
      .expect(400);
  });
});
