import type { TImportUnitsResponse, TListUnitsResponse } from '@learnweek/contracts';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binary } from './files.js';
import { setup } from './harness.js';

/** The unit registry for the bureau: a town filter, the import template, coordinators' email addresses. */
let t: Awaited<ReturnType<typeof setup>>;
beforeAll(async () => {
  t = await setup();
  await t.prisma.town.create({ data: { name: '西夏墅镇', sortNo: 2 } });
});
afterAll(async () => {
  await t?.teardown();
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function sheet(headers: string[], rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('单位名单');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}
const importUnits = async (xlsx: Buffer, lang = 'zh-CN') =>
  t.http
    .post('/api/units.xlsx')
    .set(await t.as('organizer'))
    .set('Accept-Language', lang)
    .set('Content-Type', XLSX)
    .send(xlsx);
const units = async (query: string, user = 'organizer') => {
  const r = await t.http.get(`/api/units${query}`).set(await t.as(user));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as TListUnitsResponse;
};

describe('the unit registry', () => {
  it('filters by town (with the other filters), for the organizer and approvers', async () => {
    const r = await importUnits(
      await sheet(
        ['单位编码', '单位名称', '单位类别', '镇（街道）'],
        [
          ['W1', '西夏墅中学', '中小学', '西夏墅镇'],
          ['W2', '西夏墅镇社区教育中心', '社区教育中心', '西夏墅镇'],
        ],
      ),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await units('?town=西夏墅镇')).items.map((u) => u.code)).toEqual(['W1', 'W2']);
    expect((await units('?town=西夏墅镇&kind=school', 'approver')).items.map((u) => u.code)).toEqual(['W1']);
    expect((await units(`?town=${encodeURIComponent('春江镇')}`)).items.map((u) => u.code)).toEqual(['C1', 'N1', 'S1']);
    expect((await units('?town=没有这个镇')).total).toBe(0);
    const hostile = await t.http.get('/api/units?town=%E6%98%A5%00').set(await t.as('organizer'));
    expect(hostile.status).toBe(400);
    expect(hostile.body.errors[0].path).toBe('town');
  });

  it('takes coordinators’ email addresses from the list (zh or en header), for new and existing accounts', async () => {
    const zh = await importUnits(
      await sheet(
        ['单位编码*', '单位名称*', '单位类别*', '镇（街道）*', '联络员账号', '联络员姓名', '联络员邮箱'],
        [
          ['W1', '西夏墅中学', '中小学', '西夏墅镇', 'coord-w1', '周老师', 'w1@example.cn'],
          ['W3', '西夏墅小学', '中小学', '西夏墅镇', 'coord-w3', '', ''],
        ],
      ),
    );
    expect(zh.status, JSON.stringify(zh.body)).toBe(201);
    expect((zh.body as TImportUnitsResponse).accounts.map((a) => a.username).sort()).toEqual(['coord-w1', 'coord-w3']);
    const email = async (username: string) => (await t.prisma.user.findUniqueOrThrow({ where: { username } })).email;
    expect(await email('coord-w1')).toBe('w1@example.cn');
    expect(await email('coord-w3')).toBeNull();

    // The English header; an existing account of the unit takes the new address; a blank cell keeps it.
    const en = await importUnits(
      await sheet(
        ['code', 'name', 'kind', 'town', 'coordinator', 'coordinator email'],
        [
          ['W1', '西夏墅中学', 'school', '西夏墅镇', 'coord-w1', 'zhou@example.cn'],
          ['W3', '西夏墅小学', 'school', '西夏墅镇', 'coord-w3', ''],
        ],
      ),
    );
    expect(en.status, JSON.stringify(en.body)).toBe(201);
    expect(await email('coord-w1')).toBe('zhou@example.cn');
    expect(await email('coord-w3')).toBeNull();
  });

  it('refuses a malformed address by row and column, in the caller’s language, and takes no row', async () => {
    const rows = [
      ['W4', '西夏墅幼儿园', '其他单位', '西夏墅镇', 'coord-w4', 'not-an-address'],
      ['W5', '西夏墅图书馆', '公共文化场馆', '西夏墅镇', '', 'lib@example.cn'],
    ];
    const zh = await importUnits(await sheet(['单位编码', '单位名称', '单位类别', '镇（街道）', '联络员账号', '邮箱'], rows));
    expect(zh.status).toBe(422);
    expect(zh.body.errors).toEqual([
      { path: '第2行·联络员邮箱', message: '请输入有效的电子邮箱地址（如 name@example.com）' },
      { path: '第3行·联络员邮箱', message: '填写邮箱时须同时填写联络员账号' },
    ]);
    const en = await importUnits(await sheet(['code', 'name', 'kind', 'town', 'coordinator', 'email'], rows), 'en');
    expect(en.status).toBe(422);
    expect(en.body.errors.map((e: { message: string }) => e.message)).toEqual([
      'Enter a valid email address (such as name@example.com)',
      'Give the coordinator username with the email',
    ]);
    expect(await t.prisma.unit.count({ where: { code: { in: ['W4', 'W5'] } } })).toBe(0);
  });

  it('serves the import template: the bureau’s headers, one example row that imports as it is, pick lists', async () => {
    expect((await t.http.get('/api/units/template.xlsx').set(await t.as('approver'))).status).toBe(403);
    const r = await t.http
      .get('/api/units/template.xlsx')
      .set(await t.as('organizer'))
      .buffer(true)
      .parse(binary);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(XLSX);
    expect(r.headers['content-disposition']).toContain(encodeURIComponent('单位名单导入模板.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(r.body as ArrayBuffer);
    const ws = book.worksheets[0]!;
    expect((ws.getRow(1).values as string[]).slice(1)).toEqual([
      '单位编码*',
      '单位名称*',
      '单位类别*',
      '镇（街道）*',
      '地址',
      '负责人',
      '联系人',
      '联系电话',
      '联络员账号',
      '联络员姓名',
      '联络员邮箱',
    ]);
    expect(ws.actualRowCount).toBe(2);
    expect((ws.getRow(2).values as string[]).slice(1)).toEqual([
      'XB-001',
      '新北区示范小学',
      '中小学',
      '春江镇',
      '春江镇人民路 1 号',
      '王校长',
      '李老师',
      '0519-85123456',
      'xb-001',
      '李老师',
      'xb-001@example.cn',
    ]);
    expect(ws.getCell('C2').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"中小学,社区教育中心,社区培训学院,非学历教育机构,公共文化场馆,其他单位"'],
    });
    expect(ws.getCell('D2').dataValidation).toMatchObject({ type: 'list', formulae: ['"春江镇,西夏墅镇"'] });
    expect(book.worksheets[1]!.name).toBe('填写说明');

    // Filled in as it is, it imports.
    const imported = await importUnits(r.body as Buffer);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { username: 'xb-001' } })).email).toBe('xb-001@example.cn');
  });
});
