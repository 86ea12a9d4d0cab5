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
import { safeParseIn } from '../../core/errors/validation.js';
import { CHINA_OFFSET_MS, toChinaWallClock } from '../../core/clock/china-time.js';
import { DATE_TIME, printLayout, wrappedHeight } from '../../core/xlsx/print-layout.js';
import { cellPath, cellText, headerColumns, missingColumns, readSheet } from '../../core/xlsx/workbook.js';

/** A unit's week has a few dozen activities; a table longer than this is refused before it is read. */
export const SCHEDULE_MAX_ROWS = 2_000;

/**
 * The notice's attachment, 活动安排表, as .xlsx: one sheet, a header row, one activity a row.
 * Times are China time (the sheet has no zone); types and audiences by their Chinese names.
 * Export → import gives back every field.
 */

type TRow = z.input<typeof ZCreateActivityRequest>;
type TField = keyof TRow;

interface TColumn {
  field: TField;
  header: string;
  /** In characters: narrow enough, with text wrapped, that the district schedule prints one A4 landscape page wide. */
  width: number;
  /** A date column's format. */
  numFmt?: string;
  required?: boolean;
  /** A value for the cell from the activity. */
  write: (a: TActivity) => ExcelJS.CellValue;
  /** The field's value from the cell; a string (an lw.* key or a message) when it cannot be read. */
  read: (v: ExcelJS.CellValue) => unknown;
}

const SHEET = '活动安排表';

class CellError extends Error {}

/** A date cell holds China wall-clock time as if it were UTC (that is how spreadsheets store it). */
const toCell = (iso: string) => toChinaWallClock(new Date(iso));
function readTime(v: ExcelJS.CellValue): string {
  if (v instanceof Date) return new Date(v.getTime() - CHINA_OFFSET_MS).toISOString();
  if (typeof v === 'number') return new Date(Math.round((v - 25569) * 86400_000) - CHINA_OFFSET_MS).toISOString();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s+(\d{1,2})[:：](\d{2})$/.exec(cellText(v));
  if (!m) throw new CellError('时间格式应为 2017-10-25 09:00');
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h, mi) - CHINA_OFFSET_MS;
  if (Number.isNaN(t)) throw new CellError('时间格式应为 2017-10-25 09:00');
  return new Date(t).toISOString();
}

const byLabel = <K extends string>(labels: Record<K, Record<TLocale, string>>) => {
  const m = new Map<string, K>();
  for (const [k, l] of Object.entries(labels) as [K, Record<TLocale, string>][]) {
    m.set(l['zh-CN'], k);
    m.set(l.en.toLowerCase(), k);
    m.set(k.toLowerCase(), k);
  }
  return m;
};
const TYPES = byLabel(ACTIVITY_TYPE_LABELS);
const AUDIENCES = byLabel(AUDIENCE_LABELS);

export const COLUMNS: readonly TColumn[] = [
  { field: 'title', header: '活动名称', width: 22, required: true, write: (a) => a.title, read: cellText },
  {
    field: 'type',
    header: '活动类型',
    width: 12,
    required: true,
    write: (a) => ACTIVITY_TYPE_LABELS[a.type]['zh-CN'],
    read: (v) => {
      const t = cellText(v);
      const k = TYPES.get(t) ?? TYPES.get(t.toLowerCase());
      if (!k) throw new CellError(`应为以下之一：${ZActivityType.options.map((o) => ACTIVITY_TYPE_LABELS[o]['zh-CN']).join('、')}`);
      return k;
    },
  },
  { field: 'form', header: '活动形式', width: 10, write: (a) => a.form, read: cellText },
  { field: 'startsAt', header: '开始时间', width: 16, numFmt: DATE_TIME, required: true, write: (a) => toCell(a.startsAt), read: readTime },
  { field: 'endsAt', header: '结束时间', width: 16, numFmt: DATE_TIME, required: true, write: (a) => toCell(a.endsAt), read: readTime },
  { field: 'place', header: '活动地点', width: 18, required: true, write: (a) => a.place, read: cellText },
  {
    field: 'audiences',
    header: '活动对象',
    width: 14,
    write: (a) => a.audiences.map((x) => AUDIENCE_LABELS[x]['zh-CN']).join('、'),
    read: (v) =>
      cellText(v)
        .split(/[、,，;；/\s]+/)
        .filter(Boolean)
        .map((t) => {
          const k = AUDIENCES.get(t) ?? AUDIENCES.get(t.toLowerCase());
          if (!k) throw new CellError(`“${t}”不是活动对象；可填：${ZAudience.options.map((o) => AUDIENCE_LABELS[o]['zh-CN']).join('、')}`);
          return k;
        }),
  },
  {
    field: 'expectedParticipants',
    header: '预计人数',
    width: 8,
    write: (a) => a.expectedParticipants,
    read: (v) => {
      const t = cellText(v);
      if (t === '') return 0;
      if (!/^\d+$/.test(t)) throw new CellError('应为整数');
      return Number(t);
    },
  },
  { field: 'personInCharge', header: '负责人', width: 8, required: true, write: (a) => a.personInCharge, read: cellText },
  { field: 'phone', header: '联系电话', width: 15, write: (a) => a.phone, read: cellText },
  {
    field: 'free',
    header: '是否免费',
    width: 6,
    write: (a) => (a.free ? '是' : '否'),
    read: (v) => {
      const t = cellText(v).toLowerCase();
      if (['是', 'y', 'yes', 'true', '1', '免费'].includes(t)) return true;
      if (['否', 'n', 'no', 'false', '0', ''].includes(t)) return false;
      throw new CellError('应为“是”或“否”');
    },
  },
  { field: 'notes', header: '备注', width: 16, write: (a) => a.notes, read: cellText },
];

/** The schedule as a workbook; with no activities, the blank template (with pick lists). */
export async function writeSchedule(title: string, activities: readonly TActivity[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'learnweek';
  const sheet = book.addWorksheet(SHEET, { views: [{ state: 'frozen', ySplit: 1 }], ...printLayout({ titleRows: 1, keyColumns: 2 }) });
  sheet.columns = [{ header: '序号', key: 'no', width: 6 }, ...COLUMNS.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.field, width: c.width }))];
  sheet.getRow(1).font = { bold: true };
  const widths = sheet.columns.map((c) => c.width ?? 10);
  for (const [i, a] of activities.entries()) {
    const values = [i + 1, ...COLUMNS.map((c) => c.write(a)).map((v) => (v === '' ? null : v))];
    const height = wrappedHeight(values, widths);
    const row = sheet.addRow(values);
    // On the rows, not the columns: a column's style would write the pick lists' empty rows too.
    row.alignment = { wrapText: true, vertical: 'top' };
    if (height) row.height = height;
  }
  const col = (f: TField) => COLUMNS.findIndex((c) => c.field === f) + 2;
  for (const c of COLUMNS) if (c.numFmt) sheet.getColumn(col(c.field)).numFmt = c.numFmt;
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


/**
 * Reads a schedule table. Every row is checked; errors name the row and the column (as the sheet
 * shows them), in the caller's language, and no row is returned when any row is wrong.
 */
export async function readSchedule(buffer: Buffer, locale: TLocale) {
  const read = await readSheet(buffer, { maxRows: SCHEDULE_MAX_ROWS }, locale, SHEET);
  if ('error' in read) return { rows: [], errors: [{ ...read.error, message: fieldMessage(read.error.message, locale) }] };
  const { sheet } = read;
  const at = headerColumns(sheet, (h) => COLUMNS.find((x) => x.header === h || x.field.toLowerCase() === h.toLowerCase())?.field);
  const missing = COLUMNS.filter((c) => c.required && at[c.field] === undefined).map((c) => c.header);
  if (missing.length > 0) return { rows: [], errors: [missingColumns(locale, missing)] };

  const rows: z.output<typeof ZCreateActivityRequest>[] = [];
  const errors: TFieldError[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const cells = COLUMNS.map((c) => [c, at[c.field] === undefined ? null : row.getCell(at[c.field]!).value] as const);
    if (cells.every(([, v]) => cellText(v) === '')) return; // a blank line
    const where = (c: TColumn) => cellPath(locale, n, c.header);
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
    if (unreadable) return;
    const parsed = safeParseIn(ZCreateActivityRequest, input, locale);
    if (parsed.success) rows.push(parsed.data);
    else {
      for (const issue of parsed.error.issues) {
        const c = COLUMNS.find((x) => x.field === issue.path[0]);
        errors.push({ path: c ? where(c) : cellPath(locale, n), message: fieldMessage(issue.message, locale) });
      }
    }
  });
  if (rows.length === 0 && errors.length === 0) return { rows: [], errors: [{ path: cellPath(locale, 2), message: locale === 'en' ? 'The table has no activities' : '表中没有活动' }] };
  return errors.length > 0 ? { rows: [], errors } : { rows, errors };
}
