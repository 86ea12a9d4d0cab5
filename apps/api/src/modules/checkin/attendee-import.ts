import { fieldMessage, unsafeTextReason, ZPhone, type TFieldError, type TLocale } from '@learnweek/contracts';
import ExcelJS from 'exceljs';
import { printLayout } from '../../core/xlsx/print-layout.js';
import { cellText, headerColumns, readSheet } from '../../core/xlsx/workbook.js';

export interface TAttendeeRow {
  code: string | null;
  name: string;
  unitName: string | null;
  phone: string | null;
}

/** A session's list has hundreds of people; a longer table is refused before it is read. */
export const ATTENDEES_MAX_ROWS = 5_000;

/** Header names the bureau's lists use for each column (zh first, en accepted). */
const HEADERS: Record<keyof TAttendeeRow, RegExp> = {
  code: /^(编码|编号|签到码|code)$/i,
  name: /^(姓名|name)$/i,
  unitName: /^(单位|所在单位|unit)$/i,
  phone: /^(手机|手机号|电话|联系电话|phone)$/i,
};

/**
 * Reads a pre-registered list (.xlsx, first sheet, a header row naming the columns). Every row is
 * checked; the errors name the row and the column, and no row is taken when any is wrong.
 */
export async function readAttendees(
  buffer: Buffer,
  knownUnits: ReadonlySet<string>,
  locale: TLocale = 'zh-CN',
): Promise<{ rows: TAttendeeRow[]; errors: TFieldError[] }> {
  const read = await readSheet(buffer, { maxRows: ATTENDEES_MAX_ROWS }, locale);
  if ('error' in read) return { rows: [], errors: [read.error] };
  const { sheet } = read;
  const columns = headerColumns(sheet, (h) => (Object.keys(HEADERS) as (keyof TAttendeeRow)[]).find((k) => HEADERS[k].test(h)));
  if (!columns.name) return { rows: [], errors: [{ path: '第1行', message: '缺少“姓名”列' }] };
  const rows: TAttendeeRow[] = [];
  const errors: TFieldError[] = [];
  const codes = new Set<string>();
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const get = (k: keyof TAttendeeRow) => (columns[k] ? cellText(row.getCell(columns[k]).value) : '');
    const r: TAttendeeRow = {
      code: get('code').toUpperCase() || null,
      name: get('name'),
      unitName: get('unitName') || null,
      phone: get('phone') || null,
    };
    if (!r.name && !r.code && !r.unitName && !r.phone) return; // blank line
    const at = (col: string) => `第${n}行·${col}`;
    // A sheet's cells are text a person sent, like any request string (see safeText).
    for (const [col, value] of [
      ['姓名', r.name],
      ['单位', r.unitName],
    ] as const) {
      const reason = value ? unsafeTextReason(value) : undefined;
      if (reason) errors.push({ path: at(col), message: fieldMessage(reason, 'zh-CN') });
    }
    if (!r.name || r.name.length > 40) errors.push({ path: at('姓名'), message: r.name ? '姓名不能超过 40 个字' : '姓名不能为空' });
    if (r.unitName && !knownUnits.has(r.unitName)) errors.push({ path: at('单位'), message: `没有名为“${r.unitName}”的单位` });
    if (r.phone && !ZPhone.safeParse(r.phone).success) errors.push({ path: at('手机'), message: '请输入有效的手机号或座机号' });
    if (r.code && !/^[A-Z0-9-]{1,20}$/.test(r.code)) errors.push({ path: at('编码'), message: '编码只能是字母、数字和“-”' });
    if (r.code && codes.has(r.code)) errors.push({ path: at('编码'), message: `编码 ${r.code} 重复` });
    if (r.code) codes.add(r.code);
    rows.push(r);
  });
  return { rows, errors };
}

/** Rows of the template that offer the unit pick list (the import reads any length up to the cap). */
const TEMPLATE_ROWS = 500;

/**
 * The blank pre-registered list: the columns the import reads (编码, 姓名, 单位, 手机), 单位 as a
 * pick list of the active units (from a sheet of their names: a list written inline may hold only
 * 255 characters), and a 填写说明 sheet.
 */
export async function writeAttendeeTemplate(sessionName: string, unitNames: readonly string[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'learnweek';
  const sheet = book.addWorksheet('签到名单', { views: [{ state: 'frozen', ySplit: 1 }], ...printLayout({ titleRows: 1, keyColumns: 2 }) });
  sheet.columns = [
    { header: '编码', key: 'code', width: 12 },
    { header: '姓名', key: 'name', width: 14 },
    { header: '单位', key: 'unit', width: 36 },
    { header: '手机', key: 'phone', width: 16 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn('phone').numFmt = '@';
  const units = book.addWorksheet('单位', printLayout({ titleRows: 1 }));
  units.getColumn(1).width = 40;
  units.addRows([['单位名称'], ...unitNames.map((n) => [n])]);
  units.getRow(1).font = { bold: true };
  if (unitNames.length > 0) {
    // On the sheet's model, as in the schedule template (cell.dataValidation would add empty rows).
    const validations = (sheet as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } })
      .dataValidations;
    const list = `'单位'!$A$2:$A$${unitNames.length + 1}`;
    for (let r = 2; r <= TEMPLATE_ROWS + 1; r++)
      validations.add(sheet.getCell(r, 3).address, { type: 'list', allowBlank: true, formulae: [list] });
  }
  const help = book.addWorksheet('填写说明', printLayout({}));
  help.columns = [{ width: 12 }, { width: 90 }];
  help.addRows([
    ['签到点', sessionName],
    ['编码', '选填：签到码（字母、数字和“-”，不超过 20 位），扫码枪扫的就是它；不填则导入时自动编为 A0001 起'],
    ['姓名', '必填，不超过 40 个字'],
    ['单位', '选填：从下拉列表中选（“单位”工作表中的名称）；居民不填'],
    ['手机', '选填：工作人员可按手机尾号查找；同一手机号在各会场只计一人'],
    ['导入', `每行一人，最多 ${ATTENDEES_MAX_ROWS.toLocaleString('en-US')} 行；任何一行有误时不导入任何一行，错误会指明行和列`],
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
