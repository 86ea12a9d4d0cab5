import ExcelJS from 'exceljs';
import {
  ACTIVITY_TYPE_LABELS,
  AUDIENCE_LABELS,
  fieldMessage,
  ZActivityType,
  ZAudience,
  ZCreateActivityRequest,
  type TActivity,
  type TFieldError,
  type TLocale,
} from '@learnweek/contracts';
import type { z } from 'zod';
import { safeParseIn } from '../../../core/errors/validation.js';
import { printLayout, wrappedHeight } from '../../../core/xlsx/print-layout.js';
import { CellError, SCHEDULE_COLUMNS, type TScheduleColumn, type TScheduleField } from '../../../core/xlsx/schedule-columns.js';
import { cellPath, cellText, headerColumns, missingColumns, readSheet } from '../../../core/xlsx/workbook.js';

/** A unit's week has a few dozen activities; a table longer than this is refused before it is read. */
export const SCHEDULE_MAX_ROWS = 2_000;

/**
 * The notice's attachment, 活动安排表, as .xlsx: one sheet, a header row, one activity a row
 * (the columns: core/xlsx/schedule-columns.ts). Export → import gives back every field.
 */

const SHEET = '活动安排表';

/** The schedule as a workbook; with no activities, the blank template (with pick lists). */
export async function writeSchedule(title: string, activities: readonly TActivity[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'learnweek';
  const sheet = book.addWorksheet(SHEET, { views: [{ state: 'frozen', ySplit: 1 }], ...printLayout({ titleRows: 1, keyColumns: 2 }) });
  sheet.columns = [
    { header: '序号', key: 'no', width: 6 },
    ...SCHEDULE_COLUMNS.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.field, width: c.width })),
  ];
  sheet.getRow(1).font = { bold: true };
  const widths = sheet.columns.map((c) => c.width ?? 10);
  for (const [i, a] of activities.entries()) {
    const values = [i + 1, ...SCHEDULE_COLUMNS.map((c) => c.write(a)).map((v) => (v === '' ? null : v))];
    const height = wrappedHeight(values, widths);
    const row = sheet.addRow(values);
    // On the rows, not the columns: a column's style would write the pick lists' empty rows too.
    row.alignment = { wrapText: true, vertical: 'top' };
    if (height) row.height = height;
  }
  const col = (f: TScheduleField) => SCHEDULE_COLUMNS.findIndex((c) => c.field === f) + 2;
  for (const c of SCHEDULE_COLUMNS) if (c.numFmt) sheet.getColumn(col(c.field)).numFmt = c.numFmt;
  const types = `"${ZActivityType.options.map((o) => ACTIVITY_TYPE_LABELS[o]['zh-CN']).join(',')}"`;
  // Pick lists on the sheet's model (cell.dataValidation would create 200 empty rows); exceljs
  // squeezes alike cells into one range when it writes.
  const validations = (sheet as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  for (let r = 2; r <= Math.max(200, activities.length + 50); r++) {
    validations.add(sheet.getCell(r, col('type')).address, { type: 'list', allowBlank: true, formulae: [types] });
    validations.add(sheet.getCell(r, col('free')).address, { type: 'list', allowBlank: true, formulae: ['"是,否"'] });
  }
  const help = book.addWorksheet('填写说明', printLayout({}));
  help.columns = [{ width: 16 }, { width: 90 }];
  help.addRows([
    ['标题', title],
    ['带 * 的列', '必填'],
    ['时间', '北京时间，格式 2017-10-25 09:00'],
    ['活动类型', ZActivityType.options.map((o) => ACTIVITY_TYPE_LABELS[o]['zh-CN']).join('、')],
    ['活动对象', `可多选，用顿号分隔：${ZAudience.options.map((o) => AUDIENCE_LABELS[o]['zh-CN']).join('、')}`],
    ['是否免费', '是 / 否'],
    ['导入', '导入会替换整张活动安排表；任何一行有误时不导入任何一行'],
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

type TActivityInput = z.output<typeof ZCreateActivityRequest>;
/** One row's cells, by column: null where the sheet has no such column. */
type TRowCells = readonly (readonly [TScheduleColumn, ExcelJS.CellValue | null])[];

/**
 * Reads a schedule table. Every row is checked; errors name the row and the column (as the sheet
 * shows them), in the caller's language, and no row is returned when any row is wrong.
 */
export async function readSchedule(buffer: Buffer, locale: TLocale) {
  const read = await readSheet(buffer, { maxRows: SCHEDULE_MAX_ROWS }, locale, SHEET);
  if ('error' in read) return { rows: [], errors: [{ ...read.error, message: fieldMessage(read.error.message, locale) }] };
  const { sheet } = read;
  const at = headerColumns(sheet, (h) => SCHEDULE_COLUMNS.find((x) => x.header === h || x.field.toLowerCase() === h.toLowerCase())?.field);
  const missing = SCHEDULE_COLUMNS.filter((c) => c.required && at[c.field] === undefined).map((c) => c.header);
  if (missing.length > 0) return { rows: [], errors: [missingColumns(locale, missing)] };

  const rows: TActivityInput[] = [];
  const errors: TFieldError[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const cells = SCHEDULE_COLUMNS.map((c) => [c, at[c.field] === undefined ? null : row.getCell(at[c.field]!).value] as const);
    if (cells.every(([, v]) => cellText(v) === '')) return; // a blank line
    const activity = readRow(cells, n, locale, errors);
    if (activity) rows.push(activity);
  });
  if (rows.length === 0 && errors.length === 0)
    return { rows: [], errors: [{ path: cellPath(locale, 2), message: locale === 'en' ? 'The table has no activities' : '表中没有活动' }] };
  return errors.length > 0 ? { rows: [], errors } : { rows, errors };
}

/** Row `n` as an activity, or undefined with its errors added to `errors`: a cell its column cannot read, then the contract's checks. */
function readRow(cells: TRowCells, n: number, locale: TLocale, errors: TFieldError[]): TActivityInput | undefined {
  const where = (c: TScheduleColumn) => cellPath(locale, n, c.header);
  const input: Record<string, unknown> = {};
  let unreadable = false;
  for (const [c, v] of cells) {
    if (v === null || cellText(v) === '') {
      if (c.required) {
        errors.push({ path: where(c), message: fieldMessage('lw.blank', locale) });
        unreadable = true;
      }
      continue;
    }
    try {
      input[c.field] = c.read(v);
    } catch (e) {
      if (!(e instanceof CellError)) throw e;
      errors.push({ path: where(c), message: e.message });
      unreadable = true;
    }
  }
  // An end before the start is named whatever else the row gets wrong (the contract's own check
  // runs only once every field is valid, so a row with two faults told only of the first).
  const endsAt = SCHEDULE_COLUMNS.find((x) => x.field === 'endsAt')!;
  const backwards =
    typeof input.startsAt === 'string' && typeof input.endsAt === 'string' && Date.parse(input.endsAt) < Date.parse(input.startsAt);
  if (backwards) errors.push({ path: where(endsAt), message: fieldMessage('lw.endsBeforeStart', locale) });
  if (unreadable) return undefined;
  const parsed = safeParseIn(ZCreateActivityRequest, input, locale);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    if (backwards && issue.message === 'lw.endsBeforeStart') continue;
    const c = SCHEDULE_COLUMNS.find((x) => x.field === issue.path[0]);
    errors.push({ path: c ? where(c) : cellPath(locale, n), message: fieldMessage(issue.message, locale) });
  }
  return undefined;
}
