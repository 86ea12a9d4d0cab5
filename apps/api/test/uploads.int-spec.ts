import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import exifr from 'exifr';
import JSZip from 'jszip';
import sharp from 'sharp';
import { XINBEI_DISTRICT_ID } from '@learnweek/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadlineService } from '../src/modules/participation/deadlines/deadline.service.js';
import { photo } from './files.js';
import { SCHEDULE_HEADERS, scheduleRow, setup, sheetOf, T } from './harness.js';

/**
 * Uploads are authorized before they are read, and the work they cause is bounded: a sheet by its
 * bytes and rows, an image by its pixels (read from the header) and by decoding a few at a time.
 */

let t: Awaited<ReturnType<typeof setup>>;
let tmp: string;
/** A schedule sheet of 100,000 rows (about 5 MB), written once with exceljs' streaming writer. */
let hugeSheet: Buffer;
/** A 16000 × 16000 PNG: under 1 MB, 256 MP to decode. */
let hugePng: Buffer;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const row = (title: string, type: string) => scheduleRow(title, type);

beforeAll(async () => {
  t = await setup();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'lw-uploads-'));
  const file = path.join(tmp, 'schedule-100000.xlsx');
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const ws = book.addWorksheet('活动安排表');
  ws.addRow(SCHEDULE_HEADERS).commit();
  for (let i = 1; i <= 100_000; i++) ws.addRow(row(`读书分享会 ${i}`, '全民阅读')).commit();
  ws.commit();
  await book.commit();
  hugeSheet = readFileSync(file);
  hugePng = await sharp(Buffer.from([128]), { raw: { width: 1, height: 1, channels: 1 } })
    .resize(16000, 16000, { kernel: 'nearest' })
    .png({ compressionLevel: 6 })
    .toBuffer();
});
afterAll(async () => {
  await t?.teardown();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const port = () => (t.app.getHttpServer().address() as AddressInfo).port;
const own = () => t.fixture.units.other;
const stranger = () => t.fixture.units.school;

interface TPartialAnswer {
  status: number;
  body: { code: string; errors?: { path: string; message: string }[] };
}

/**
 * Sends the request line, the headers (with the whole body's Content-Length, or chunked when
 * `declared` is false) and only the first `sendBytes` of `body`, then waits for the answer. An
 * answer proves the server decided without the rest of the body: it was never sent.
 */
function postPartially(
  urlPath: string,
  headers: Record<string, string>,
  body: Buffer,
  sendBytes: number,
  declared = true,
): Promise<TPartialAnswer> {
  expect(sendBytes).toBeLessThan(body.length);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: port(),
      method: 'POST',
      path: urlPath,
      headers: { ...headers, ...(declared ? { 'Content-Length': String(body.length) } : {}) },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as TPartialAnswer['body'] });
      });
    });
    req.on('error', reject);
    req.write(body.subarray(0, sendBytes));
  });
}

/** The same, while /api/health is asked at the same moment: both answers. */
async function withHealth(answer: Promise<TPartialAnswer>): Promise<TPartialAnswer> {
  const [a, health] = await Promise.all([answer, fetch(`http://127.0.0.1:${port()}/api/health`)]);
  expect(health.status).toBe(200);
  return a;
}

/** A multipart body with one `file` part, as a browser sends it. */
function multipart(file: Buffer, fields: Record<string, string> = {}): { body: Buffer; contentType: string } {
  const boundary = `----lw${randomUUID()}`;
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return {
    body: Buffer.concat([
      Buffer.from(
        `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const sheet = sheetOf;

describe('sheets', () => {
  const schedule = (pid: string) => `/api/participations/${pid}/activities.xlsx`;

  beforeAll(async () => {
    await t.event(own().participationId, own().coordinator, 'START_DRAFT');
  });

  it("refuses a 100,000-row sheet posted to another unit's participation before reading it, answering /api/health meanwhile", async () => {
    const headers = { ...(await t.as(own().coordinator)), 'Content-Type': XLSX };
    const foreign = await withHealth(postPartially(schedule(stranger().participationId), headers, hugeSheet, 64 * 1024));
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('forbidden');
    // No such participation, and one in a state that takes no schedule: also before the body.
    expect((await postPartially(schedule(randomUUID()), headers, hugeSheet, 64 * 1024)).status).toBe(404);
    const centre = t.fixture.units.centre;
    const notDrafting = await postPartially(
      schedule(centre.participationId),
      { ...(await t.as(centre.coordinator)), 'Content-Type': XLSX },
      hugeSheet,
      64 * 1024,
    );
    expect(notDrafting.status).toBe(409);
    expect(notDrafting.body.code).toBe('notEditable');
  });

  it("refuses the same sheet on the coordinator's own participation by its row cap, saving nothing", async () => {
    const r = await t.http
      .post(schedule(own().participationId))
      .set(await t.as(own().coordinator))
      .set('Content-Type', XLSX)
      .send(hugeSheet);
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ path: '(file)', message: '每张工作表表头以下最多 2,000 行' }]);
    const en = await t.http
      .post(schedule(own().participationId))
      .set(await t.as(own().coordinator))
      .set('Content-Type', XLSX)
      .set('Accept-Language', 'en')
      .send(hugeSheet);
    expect(en.body.errors).toEqual([{ path: '(file)', message: 'A sheet may have at most 2,000 rows below its header' }]);
    expect((await t.detail(own().participationId)).activities).toHaveLength(0);
  });

  it('lists the first 100 errors of a sheet and the total', async () => {
    const bad = await sheet(Array.from({ length: 150 }, (_, i) => row(`活动 ${i}`, '游园')));
    const r = await t.http
      .post(schedule(own().participationId))
      .set(await t.as(own().coordinator))
      .set('Content-Type', XLSX)
      .send(bad);
    expect(r.status).toBe(422);
    const errors = r.body.errors as { path: string; message: string }[];
    expect(errors).toHaveLength(101);
    expect(errors[0]).toMatchObject({ path: '第2行·活动类型' });
    expect(errors[99]).toMatchObject({ path: '第101行·活动类型' });
    expect(errors[100]).toEqual({ path: '(file)', message: '共 150 处错误，仅列出前 100 处' });
    const en = await t.http
      .post(schedule(own().participationId))
      .set(await t.as(own().coordinator))
      .set('Content-Type', XLSX)
      .set('Accept-Language', 'en')
      .send(bad);
    expect((en.body.errors as unknown[]).at(-1)).toEqual({ path: '(file)', message: '150 errors in all; the first 100 are listed' });
  });

  it('counts the rows exactly: 2,000 below the header are read, 2,001 are refused', async () => {
    const post = async (rows: number) =>
      t.http
        .post(schedule(own().participationId))
        .set(await t.as(own().coordinator))
        .set('Content-Type', XLSX)
        .send(await sheet(Array.from({ length: rows }, (_, i) => row(`活动 ${i}`, '游园'))));
    const read = await post(2_000);
    expect(read.status).toBe(422);
    expect((read.body.errors as unknown[]).at(-1)).toEqual({ path: '(file)', message: '共 2,000 处错误，仅列出前 100 处' });
    const refused = await post(2_001);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ path: '(file)', message: '每张工作表表头以下最多 2,000 行' }]);
  });

  it('refuses a body over 10 MB from its Content-Length, and while it streams when it declares none', async () => {
    const big = Buffer.alloc(11 * 1024 * 1024, 0x41);
    const headers = { ...(await t.as(own().coordinator)), 'Content-Type': XLSX };
    const declared = await postPartially(schedule(own().participationId), headers, big, 64 * 1024);
    expect(declared.status).toBe(413);
    expect(declared.body.errors).toEqual([{ path: '(file)', message: '表格文件不能超过 10 MB' }]);

    // Chunked, no length declared: the count passes the limit on the way.
    const streamed = await new Promise<TPartialAnswer>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port: port(),
        method: 'POST',
        path: schedule(own().participationId),
        headers: { ...headers, 'Accept-Language': 'en' },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as TPartialAnswer['body'] }),
        );
      });
      req.on('error', reject);
      for (let i = 0; i < 11; i++) req.write(big.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024));
      req.end();
    });
    expect(streamed.status).toBe(413);
    expect(streamed.body.errors).toEqual([{ path: '(file)', message: 'A spreadsheet must not exceed 10 MB' }]);
  });

  it('caps the unit list at 5,000 rows and refuses an attendee list for no session before reading it', async () => {
    const units = await sheet(
      Array.from({ length: 5_001 }, (_, i) => [`U${i}`, `单位${i}`, '学校', '春江镇']),
      '单位',
      ['单位编码*', '单位名称*', '单位类别*', '镇（街道）*'],
    );
    const r = await t.http
      .post('/api/units.xlsx')
      .set(await t.as('organizer'))
      .set('Content-Type', XLSX)
      .send(units);
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ path: '(file)', message: '每张工作表表头以下最多 5,000 行' }]);
    expect(await t.prisma.unit.count()).toBe(3);

    const headers = { ...(await t.as('organizer')), 'Content-Type': XLSX };
    expect((await postPartially(`/api/checkin-sessions/${randomUUID()}/attendees.xlsx`, headers, hugeSheet, 64 * 1024)).status).toBe(404);
    const coordinator = { ...(await t.as(own().coordinator)), 'Content-Type': XLSX };
    expect((await postPartially(`/api/checkin-sessions/${randomUUID()}/attendees.xlsx`, coordinator, hugeSheet, 64 * 1024)).status).toBe(
      403,
    );
  });

  it('refuses a photo before reading it: another unit, no participation, a state without photos', async () => {
    const { body, contentType } = multipart(hugePng, { activityId: randomUUID(), caption: '现场' });
    const as = async (user: string) => ({ ...(await t.as(user)), 'Content-Type': contentType });
    const photos = (pid: string) => `/api/participations/${pid}/photos`;
    const foreign = await withHealth(postPartially(photos(own().participationId), await as(stranger().coordinator), body, 4 * 1024));
    expect(foreign.status).toBe(403);
    expect((await postPartially(photos(randomUUID()), await as(own().coordinator), body, 4 * 1024)).status).toBe(404);
    // Still drafting the plan: no summary photos yet.
    const early = await postPartially(photos(own().participationId), await as(own().coordinator), body, 4 * 1024);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('notEditable');
  });

  it("refuses a nomination photo from another unit's coordinator, or for no nomination, before reading it", async () => {
    const created = await t.http
      .post(`/api/campaigns/${t.fixture.campaignId}/nominations`)
      .set(await t.as(own().coordinator))
      .send({ kind: 'learningStar', name: '王秀英', story: '退休后坚持学习书法十年。' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { body, contentType } = multipart(hugePng);
    const to = (id: string) => `/api/nominations/${id}/photos`;
    expect(
      (
        await postPartially(
          to(created.body.id as string),
          { ...(await t.as(stranger().coordinator)), 'Content-Type': contentType },
          body,
          4 * 1024,
        )
      ).status,
    ).toBe(403);
    expect(
      (await postPartially(to(randomUUID()), { ...(await t.as(own().coordinator)), 'Content-Type': contentType }, body, 4 * 1024)).status,
    ).toBe(404);
    const tooLarge = await t.http
      .post(to(created.body.id as string))
      .set(await t.as(own().coordinator))
      .attach('file', hugePng, 'huge.png');
    expect(tooLarge.status).toBe(422);
    expect(tooLarge.body.errors).toEqual([{ path: 'file', message: '照片像素过多：不能超过 5000 万像素' }]);
  });
});

describe('summary photos', () => {
  let activityId: string;
  let pid: string;
  let coord: string;
  const upload = async (file: Buffer, name = 'photo.jpg', lang = 'zh-CN') =>
    t.http
      .post(`/api/participations/${pid}/photos`)
      .set({ ...(await t.as(coord)), 'Accept-Language': lang })
      .field('activityId', activityId)
      .field('caption', '活动现场')
      .attach('file', file, name);

  beforeAll(async () => {
    // A unit of its own, drafting a plan without activities yet.
    ({ participationId: pid, coordinator: coord } = await t.newParticipation('drafting', { activities: 0 }));
    const good = await sheet([row('老年智能手机培训', '培训'), row('参观博物馆', '参观考察')]);
    await t.http
      .post(`/api/participations/${pid}/activities.xlsx`)
      .set(await t.as(coord))
      .set('Content-Type', XLSX)
      .send(good)
      .expect(201);
    await t.http
      .put(`/api/participations/${pid}/plan`)
      .set(await t.as(coord))
      .send({ text: '实施方案', version: 1 })
      .expect(200);
    await t.event(pid, coord, 'SUBMIT_PLAN');
    await t.event(pid, 'approver', 'APPROVE_PLAN');
    t.clock.set(T.inWeek);
    await t.app.get(DeadlineService).tick();
    activityId = (await t.detail(pid)).activities[0]!.id;
    await t.http
      .put(`/api/participations/${pid}/activities/${activityId}`)
      .set(await t.as(coord))
      .send({ status: 'held', actualParticipants: 45, report: '顺利举办', version: 1 })
      .expect(200);
    t.clock.set(T.afterWeek);
    await t.app.get(DeadlineService).tick();
    expect((await t.detail(pid)).state).toBe('summaryDue');
  });

  it('refuses a 16000 × 16000 PNG by its pixel count, read from the header', async () => {
    const r = await upload(hugePng, 'huge.png');
    expect(r.status).toBe(422);
    // Refused for its size, not for being blank (which only decoding could tell): it was not decoded.
    expect(r.body.errors).toEqual([{ path: 'file', message: '照片像素过多：不能超过 5000 万像素' }]);
    const en = await upload(hugePng, 'huge.png', 'en');
    expect(en.body.errors).toEqual([{ path: 'file', message: 'Too many pixels: a photo may have at most 50 megapixels' }]);
  });

  it('refuses a body declared larger than 15 MB before reading it', async () => {
    const huge = multipart(Buffer.concat([hugePng, Buffer.alloc(16 * 1024 * 1024)]), { activityId, caption: '现场' });
    const r = await postPartially(
      `/api/participations/${pid}/photos`,
      { ...(await t.as(coord)), 'Content-Type': huge.contentType },
      huge.body,
      4 * 1024,
    );
    expect(r.status).toBe(413);
    expect(r.body.errors).toEqual([{ path: 'file', message: '照片不能超过 15 MB' }]);
  });

  it('refuses a blank picture', async () => {
    const blank = await sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#d0d4d8' } })
      .jpeg({ quality: 90 })
      .toBuffer();
    const r = await upload(blank, 'blank.jpg');
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ path: 'file', message: '照片是一片纯色，看不到任何内容，请换一张' }]);
    expect(await t.prisma.storedFile.count()).toBe(0);
  });

  it('keeps a re-encoded original: nothing after the end of the JPEG, no GPS, the capture date in the database', async () => {
    const zip = await new JSZip().file('index.html', '<html><script>alert(1)</script></html>').generateAsync({ type: 'nodebuffer' });
    const sent = Buffer.concat([
      await photo(7, { taken: '2017:10:24 10:02:33', gps: true }),
      zip,
      Buffer.from('<html><body>payload</body></html>'),
    ]);
    expect(await exifr.gps(sent)).toMatchObject({ latitude: expect.closeTo(31.78, 2) as number });

    const r = await upload(sent, 'with-payload.jpg');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ width: 1600, height: 1200, takenAt: '2017-10-24T02:02:33.000Z', dateCheck: 'insideWeek' });

    const fileId = /\/api\/files\/([0-9a-f-]{36})/.exec(r.body.url as string)![1]!;
    // Kept under the uploader's district (docs/ARCHITECTURE.md, "Tenancy").
    const { storageKey } = await t.prisma.storedFile.findUniqueOrThrow({ where: { id: fileId } });
    expect(storageKey).toBe(`${XINBEI_DISTRICT_ID}/${fileId.slice(0, 2)}/${fileId}`);
    const original = readFileSync(path.join(t.filesDir, storageKey, 'original'));
    expect([...original.subarray(-2)]).toEqual([0xff, 0xd9]);
    expect(original.includes('PK\x03\x04')).toBe(false);
    expect(original.includes('<html')).toBe(false);
    const meta = await sharp(original).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 1600, height: 1200 });
    expect(meta.exif).toBeUndefined();
    expect(await exifr.gps(original).catch(() => undefined)).toBeUndefined();

    const row = await t.prisma.storedFile.findUniqueOrThrow({ where: { id: fileId } });
    expect(row).toMatchObject({
      contentType: 'image/jpeg',
      size: original.length,
      width: 1600,
      height: 1200,
      takenAt: new Date('2017-10-24T02:02:33Z'),
    });

    // The same picture without the payload is still the same picture.
    const again = await upload(await photo(7, { taken: '2017:10:24 10:02:33', gps: true }), 'again.jpg');
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([{ path: 'file', message: '这张照片与已上传的照片相同' }]);
  });
});

describe('a closed campaign', () => {
  it('refuses uploads with 409 before reading them', async () => {
    await t.prisma.campaign.update({ where: { id: t.fixture.campaignId }, data: { status: 'closed' } });
    const { body, contentType } = multipart(hugePng, { activityId: randomUUID(), caption: '现场' });
    const photo = await postPartially(
      `/api/participations/${own().participationId}/photos`,
      { ...(await t.as(own().coordinator)), 'Content-Type': contentType },
      body,
      4 * 1024,
    );
    expect(photo.status).toBe(409);
    expect(photo.body.code).toBe('campaignClosed');
    const sheet = await postPartially(
      `/api/participations/${own().participationId}/activities.xlsx`,
      { ...(await t.as(own().coordinator)), 'Content-Type': XLSX },
      hugeSheet,
      64 * 1024,
    );
    expect(sheet.status).toBe(409);
    expect(sheet.body.code).toBe('campaignClosed');
  });
});
