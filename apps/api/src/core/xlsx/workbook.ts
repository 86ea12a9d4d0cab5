import type { TFieldError } from '@learnweek/contracts';
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
