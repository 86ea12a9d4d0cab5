import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { uploadsInProgress } from '../src/core/http/xlsx.js';
import { setup, T } from './harness.js';

/**
 * A workbook is read within a budget (core/xlsx/workbook.ts): its cells counted from the XML stream
 * before anything parses it, the parse in a worker thread, one upload per person at a time. The
 * audit's cell bomb (2,000 rows of 2,000 cells: 4 M cells, about 60 MB of XML in a file of a few
 * hundred KB) used to hold the event loop for 9.7 s before its 422.
 */

let t: Awaited<ReturnType<typeof setup>>;
let sessionId: string;
/** Rows × cells of the bomb: under the row cap (2,000 below the header), 4 M cells. */
const BOMB_ROWS = 2_000;
const BOMB_COLUMNS = 2_000;
let bomb: Buffer;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const own = () => t.fixture.units.other;
const schedule = () => `/api/participations/${own().participationId}/activities.xlsx`;
const port = () => (t.app.getHttpServer().address() as AddressInfo).port;

/** A minimal workbook of one sheet whose rows are given as XML, deflated. */
async function workbook(sheetXml: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  zip.file(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="活动安排表" sheetId="1" r:id="rId1"/></sheets></workbook>',
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  );
  zip.file(
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetXml}</sheetData></worksheet>`,
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

beforeAll(async () => {
  t = await setup();
  await t.event(own().participationId, own().coordinator, 'START_DRAFT');
  const s = await t.prisma.checkinSession.create({
    data: {
      campaignId: t.fixture.campaignId,
      name: '启动仪式主会场',
      venue: '春江镇社区教育中心',
      kind: 'main',
      qrSecret: 'venue-secret-0123456789',
      opensAt: new Date(T.beforeDue.getTime() - 3_600_000),
      closesAt: new Date(T.beforeDue.getTime() + 6 * 3_600_000),
    },
  });
  sessionId = s.id;
  await t.prisma.user.create({
    data: {
      username: 'staff',
      displayName: '签到志愿者',
      roles: ['checkinStaff'],
      passwordHash: (await t.prisma.user.findFirstOrThrow()).passwordHash,
    },
  });
  const row = `<row>${'<c><v>1</v></c>'.repeat(BOMB_COLUMNS)}</row>`;
  bomb = await workbook(row.repeat(BOMB_ROWS));
});

afterAll(async () => {
  await t?.teardown();
});

const p99 = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))] ?? 0;

/** One probe: /api/health and a staff check-in of a new person, each timed. */
async function probe(staff: { Authorization: string }, person: number): Promise<{ health: number; checkin: number }> {
  const h0 = performance.now();
  const health = await fetch(`http://127.0.0.1:${port()}/api/health`);
  const h1 = performance.now();
  expect(health.status).toBe(200);
  const c = await fetch(`http://127.0.0.1:${port()}/api/checkin-sessions/${sessionId}/checkins`, {
    method: 'POST',
    headers: { ...staff, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      name: `来宾${person}`,
      phone: `1380000${String(person).padStart(4, '0')}`,
      idempotencyKey: `k-${randomUUID()}`,
    }),
  });
  const c1 = performance.now();
  expect(c.status).toBe(201);
  return { health: h1 - h0, checkin: c1 - h1 };
}

describe('a workbook read within a budget', () => {
  it('refuses the 4 M-cell bomb by its cell count, /api/health and staff check-ins unaffected', async () => {
    const staff = await t.as('staff');
    const coordinator = await t.as(own().coordinator);
    let person = 0;
    // The quiet baseline, in this run.
    const quiet: { health: number; checkin: number }[] = [];
    for (let i = 0; i < 60; i++) quiet.push(await probe(staff, ++person));

    // The attack: bombs one after another, probed all along.
    const refusals: { status: number; ms: number; body: { errors?: unknown } }[] = [];
    let attacking = true;
    const attack = (async () => {
      try {
        for (let i = 0; i < 5; i++) {
          const t0 = performance.now();
          const r = await t.http.post(schedule()).set(coordinator).set('Content-Type', XLSX).send(bomb);
          refusals.push({ status: r.status, ms: performance.now() - t0, body: r.body as { errors?: unknown } });
        }
      } finally {
        attacking = false;
      }
    })();
    const during: { health: number; checkin: number }[] = [];
    while (attacking) during.push(await probe(staff, ++person));
    await attack;

    const figures = {
      bomb: `${(bomb.length / 1024).toFixed(0)} KB, ${BOMB_ROWS} rows × ${BOMB_COLUMNS} cells`,
      refusedIn: refusals.map((r) => Math.round(r.ms)),
      healthP99: { quiet: +p99(quiet.map((q) => q.health)).toFixed(1), attack: +p99(during.map((q) => q.health)).toFixed(1) },
      checkinP99: { quiet: +p99(quiet.map((q) => q.checkin)).toFixed(1), attack: +p99(during.map((q) => q.checkin)).toFixed(1) },
      probes: { quiet: quiet.length, attack: during.length },
    };
    console.log(`[sheet-budget] ${JSON.stringify(figures)}`);
    for (const r of refusals) {
      expect(r.status).toBe(422);
      expect(r.body.errors).toEqual([{ path: '(file)', message: '每张工作表最多 100,050 个单元格' }]);
    }
    expect(during.length).toBeGreaterThan(0);
    expect(figures.healthP99.attack).toBeLessThanOrEqual(3 * figures.healthP99.quiet);
    expect(figures.checkinP99.attack).toBeLessThanOrEqual(3 * figures.checkinP99.quiet);
    expect((await t.detail(own().participationId)).activities).toHaveLength(0);
  });

  it('refuses a workbook whose zip declares more than the unpacked limit before unpacking it', async () => {
    // 70 MB of one repeated cell: a few tens of KB on disk, its declared size past the 64 MB limit.
    const big = await workbook(`<row>${'<c><v>1</v></c>'.repeat(50)}</row>`.repeat((70 * 1024 * 1024) / 800));
    const r = await t.http
      .post(schedule())
      .set(await t.as(own().coordinator))
      .set('Content-Type', XLSX)
      .send(big);
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ path: '(file)', message: '文件解压后超过 64 MB' }]);
  });

  it('takes one upload per person at a time: a second while the first is in progress is a 429 in the caller’s language', async () => {
    const coordinator = await t.as(own().coordinator);
    // The first upload, its body half sent: it stays in progress until the rest comes.
    const first = http.request({
      host: '127.0.0.1',
      port: port(),
      method: 'POST',
      path: schedule(),
      headers: { ...coordinator, 'Content-Type': XLSX, 'Content-Length': String(bomb.length) },
    });
    const firstAnswer = new Promise<number>((resolve, reject) => {
      first.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      first.on('error', reject);
    });
    first.write(bomb.subarray(0, 1024));
    // Once the first is in the server's hands (on a busy machine that takes a while: waited for, not guessed),
    await vi.waitFor(() => expect(uploadsInProgress()).toBe(1), { timeout: 30_000, interval: 10 });
    const second = await t.http.post(schedule()).set(coordinator).set('Content-Type', XLSX).send(Buffer.from('not a workbook'));
    expect(second.status).toBe(429);
    expect(second.body.errors).toEqual([{ path: '(file)', message: '您上传的上一个表格还在导入中，请等它完成后再试' }]);
    const en = await t.http.post(schedule()).set(coordinator).set('Content-Type', XLSX).set('Accept-Language', 'en').send(Buffer.from('x'));
    expect(en.status).toBe(429);
    expect(en.body.errors).toEqual([
      { path: '(file)', message: 'Your previous spreadsheet is still being imported; try again when it is done' },
    ]);
    // Another person is not held up by it.
    const other = await t.http
      .post(`/api/participations/${t.fixture.units.school.participationId}/activities.xlsx`)
      .set(await t.as(t.fixture.units.school.coordinator))
      .set('Content-Type', XLSX)
      .send(Buffer.from('x'));
    expect(other.status).not.toBe(429);

    first.end(bomb.subarray(1024));
    expect(await firstAnswer).toBe(422);
    // Done: the next one is read again.
    const after = await t.http.post(schedule()).set(coordinator).set('Content-Type', XLSX).send(Buffer.from('not a workbook'));
    expect(after.status).toBe(422);
  });
});
