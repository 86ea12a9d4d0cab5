import type { TFieldError, TLocale } from '@learnweek/contracts';
import ExcelJS from 'exceljs';

/** A cell as the text a person sees in it: rich text joined, formulas by their result, trimmed. */
export const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('').trim();
  if (typeof v === 'object' && 'text' in v && typeof v.text === 'string') return v.text.trim();
  if (typeof v === 'object' && 'result' in v) {
    const r = v.result;
    return r === undefined || r === null || (typeof r === 'object' && !(r instanceof Date)) ? '' : cellText(r);
  }
  return String(v as string | number | boolean).trim();
};

/**
 * The sheet an uploaded workbook is read from (the one named `preferred`, else the first), or
 * the file-level error (an lw.* key, translated like every field message) when there is none.
 */
export async function readSheet(buffer: Buffer, preferred?: string): Promise<{ sheet: ExcelJS.Worksheet } | { error: TFieldError }> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return { error: { path: '(file)', message: 'lw.notXlsx' } };
  }
  const sheet = (preferred ? book.getWorksheet(preferred) : undefined) ?? book.worksheets[0];
  return sheet ? { sheet } : { error: { path: '(file)', message: 'lw.noSheet' } };
}

/** Where the header row puts each known column; asterisks (required) and spaces in a header are ignored. */
export function headerColumns<K extends string>(sheet: ExcelJS.Worksheet, keyOf: (header: string) => K | undefined): Partial<Record<K, number>> {
  const at: Partial<Record<K, number>> = {};
  sheet.getRow(1).eachCell((cell, n) => {
    const key = keyOf(cellText(cell.value).replace(/[*＊\s]/g, ''));
    if (key !== undefined) at[key] = n;
  });
  return at;
}

/** A row, and a column in it, as the sheet shows them, in the caller's language: 第3行·活动类型 / row 3 · type. */
export const cellPath = (locale: TLocale, row: number, column?: string) =>
  locale === 'en' ? `row ${row}${column ? ` · ${column}` : ''}` : `第${row}行${column ? `·${column}` : ''}`;

/** The refusal of a sheet without some required columns, named as the caller reads them. */
export const missingColumns = (locale: TLocale, names: readonly string[]): TFieldError => ({
  path: cellPath(locale, 1),
  message: `${locale === 'en' ? 'Missing columns' : '缺少列'}：${names.join('、')}`,
});
