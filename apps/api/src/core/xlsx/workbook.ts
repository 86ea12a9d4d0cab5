import type { TFieldError, TLocale } from '@learnweek/contracts';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { ApiException } from '../errors/api.exception.js';

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

/** What an uploaded workbook may hold: its rows below the header, per sheet; the XML it unpacks to. */
export interface TSheetLimits {
  maxRows: number;
  /** Bytes of all its parts unpacked (a zip of a few MB can unpack to gigabytes). */
  maxUnpackedBytes?: number;
}
const UNPACKED_MAX_BYTES = 64 * 1024 * 1024;
/** A workbook has a dozen parts; thousands are not a spreadsheet a person filled in. */
const MAX_PARTS = 1_000;
/** Refusals are listed up to this many; the rest are counted. */
export const MAX_LISTED_ERRORS = 100;

const fmt = (n: number) => n.toLocaleString('en-US');

/** The refusal of a sheet with more rows than `max`, naming the limit. */
export const tooManyRows = (locale: TLocale, max: number): TFieldError => ({
  path: '(file)',
  message: locale === 'en' ? `A sheet may have at most ${fmt(max)} rows below its header` : `每张工作表表头以下最多 ${fmt(max)} 行`,
});

const tooBigUnpacked = (locale: TLocale, max: number): TFieldError => ({
  path: '(file)',
  message: locale === 'en' ? `The workbook unpacks to more than ${fmt(max / 1024 / 1024)} MB` : `文件解压后超过 ${fmt(max / 1024 / 1024)} MB`,
});

/** A worksheet's rows: `<row …>` elements (`<x:row` with a prefix), not `<rows` or `<rowBreaks`. */
const ROW_TAG = /<(?:[A-Za-z]{1,10}:)?row[\s/>]/g;
const ROW_TAG_MAX_LENGTH = 16;
const isWorksheet = (name: string) => /^xl\/worksheets\/[^/]+\.xml$/i.test(name);

/**
 * Unpacks the parts of a workbook as a stream, counting the rows of each worksheet, and stops at
 * the first limit passed: at most `maxRows` + 1 rows a sheet (and twice that in all sheets, as
 * exceljs reads every sheet), at most `maxUnpackedBytes` in all. No spreadsheet is parsed here,
 * so a 100,000-row sheet costs the unpacking of its first 2,000 rows, not a parse of all of them.
 */
async function checkSize(buffer: Buffer, limits: TSheetLimits, locale: TLocale): Promise<TFieldError | null> {
  const notXlsx: TFieldError = { path: '(file)', message: 'lw.notXlsx' };
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer);
  } catch {
    return notXlsx;
  }
  const parts = Object.values(zip.files).filter((f) => !f.dir);
  if (parts.length > MAX_PARTS) return notXlsx;
  const maxBytes = limits.maxUnpackedBytes ?? UNPACKED_MAX_BYTES;
  const perSheet = limits.maxRows + 1;
  let bytes = 0;
  let allRows = 0;
  for (const part of parts) {
    const sheet = isWorksheet(part.name);
    let rows = 0;
    let tail = '';
    const over = await new Promise<TFieldError | null>((resolve) => {
      const stream = part.nodeStream('nodebuffer') as NodeJS.ReadableStream & { destroy(): void };
      const stop = (result: TFieldError | null) => {
        stream.removeAllListeners('data');
        stream.pause();
        stream.destroy();
        resolve(result);
      };
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxBytes) return stop(tooBigUnpacked(locale, maxBytes));
        if (!sheet) return;
        // Latin-1 keeps one character a byte: the tag is ASCII and UTF-8 never puts '<' inside a character.
        const text = tail + chunk.toString('latin1');
        for (const m of text.matchAll(ROW_TAG)) if (m.index + m[0].length > tail.length) rows += 1;
        tail = text.slice(-ROW_TAG_MAX_LENGTH);
        if (rows > perSheet || allRows + rows > 2 * perSheet) stop(tooManyRows(locale, limits.maxRows));
      });
      stream.on('error', () => stop(notXlsx));
      stream.on('end', () => resolve(null));
    });
    if (over) return over;
    allRows += rows;
  }
  return null;
}

/**
 * The sheet an uploaded workbook is read from (the one named `preferred`, else the first), or
 * the file-level error when there is none or the workbook is larger than `limits` (checked before
 * exceljs reads it). The error's message is an lw.* key or a message in `locale`.
 */
export async function readSheet(
  buffer: Buffer,
  limits: TSheetLimits,
  locale: TLocale,
  preferred?: string,
): Promise<{ sheet: ExcelJS.Worksheet } | { error: TFieldError }> {
  const tooLarge = await checkSize(buffer, limits, locale);
  if (tooLarge) return { error: tooLarge };
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return { error: { path: '(file)', message: 'lw.notXlsx' } };
  }
  const sheet = (preferred ? book.getWorksheet(preferred) : undefined) ?? book.worksheets[0];
  return sheet ? { sheet } : { error: { path: '(file)', message: 'lw.noSheet' } };
}

/**
 * A workbook's refusal (422): its first MAX_LISTED_ERRORS errors, then one line with the total,
 * so a sheet wrong on every row answers with a page, not megabytes.
 */
export function sheetRefusal(errors: readonly TFieldError[], locale: TLocale): ApiException {
  const listed = errors.slice(0, MAX_LISTED_ERRORS);
  if (errors.length > MAX_LISTED_ERRORS) {
    listed.push({
      path: '(file)',
      message: locale === 'en' ? `${fmt(errors.length)} errors in all; the first ${MAX_LISTED_ERRORS} are listed` : `共 ${fmt(errors.length)} 处错误，仅列出前 ${MAX_LISTED_ERRORS} 处`,
    });
  }
  return new ApiException(422, 'validationFailed', { errors: listed });
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
