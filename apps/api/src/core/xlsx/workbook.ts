import type { TFieldError, TLocale } from '@learnweek/contracts';
import { Worker } from 'node:worker_threads';
import type ExcelJS from 'exceljs';
import pLimit from 'p-limit';
import { ApiException } from '../errors/api.exception.js';

/** A cell as the text a person sees in it: rich text joined, formulas by their result, trimmed. */
export const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && 'richText' in v)
    return v.richText
      .map((r) => r.text)
      .join('')
      .trim();
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
/** Cells a row may hold on average: the widest import has a dozen columns, a sheet a few more. */
const CELLS_PER_ROW = 50;
/** How long one workbook may take to read, and the memory its reading may use. */
export const PARSE_TIMEOUT_MS = 8_000;
const PARSE_MEMORY_MB = 256;
/** Workbooks read at once in this process (each in a worker thread); the rest wait their turn. */
const PARSES_AT_ONCE = 2;
/** Refusals are listed up to this many; the rest are counted. */
export const MAX_LISTED_ERRORS = 100;

const fmt = (n: number) => n.toLocaleString('en-US');

/** The refusal of a sheet with more rows than `max`, naming the limit. */
export const tooManyRows = (locale: TLocale, max: number): TFieldError => ({
  path: '(file)',
  message: locale === 'en' ? `A sheet may have at most ${fmt(max)} rows below its header` : `每张工作表表头以下最多 ${fmt(max)} 行`,
});

type TRefusal = 'notXlsx' | 'noSheet' | 'rows' | 'cells' | 'sharedStrings' | 'unpacked' | 'tooSlow' | 'tooBig';
type TParsed = { refusal: TRefusal } | { rows: [number, [number, ExcelJS.CellValue][]][] };

/** A refusal of the worker's as the caller reads it: an lw.* key or a message in `locale`, naming the limit. */
function refusalOf(refusal: TRefusal, limits: Required<TSheetLimits> & { maxCells: number }, locale: TLocale): TFieldError {
  const en = locale === 'en';
  const message = ((): string => {
    switch (refusal) {
      case 'notXlsx':
        return 'lw.notXlsx';
      case 'noSheet':
        return 'lw.noSheet';
      case 'rows':
        return tooManyRows(locale, limits.maxRows).message;
      case 'cells':
        return en ? `A sheet may have at most ${fmt(limits.maxCells)} cells` : `每张工作表最多 ${fmt(limits.maxCells)} 个单元格`;
      case 'sharedStrings':
        return en
          ? `The workbook holds more than ${fmt(2 * limits.maxCells)} texts`
          : `文件中的文字条目超过 ${fmt(2 * limits.maxCells)} 条`;
      case 'unpacked':
        return en
          ? `The workbook unpacks to more than ${fmt(limits.maxUnpackedBytes / 1024 / 1024)} MB`
          : `文件解压后超过 ${fmt(limits.maxUnpackedBytes / 1024 / 1024)} MB`;
      case 'tooSlow':
      case 'tooBig':
        return en
          ? `The workbook is too complex to read within ${PARSE_TIMEOUT_MS / 1000} s and ${PARSE_MEMORY_MB} MB; keep only the table's rows and columns`
          : `表格过于复杂，无法在 ${PARSE_TIMEOUT_MS / 1000} 秒、${PARSE_MEMORY_MB} MB 内读完；请只保留表格的行和列`;
    }
  })();
  return { path: '(file)', message };
}

const WORKER = new URL('./sheet-parse.worker.mjs', import.meta.url);
const parses = pLimit(PARSES_AT_ONCE);

/** The worker's answer (sheet-parse.worker.mjs); a worker that runs out of time or memory is ended. */
function parseInWorker(
  buffer: Buffer,
  limits: Required<TSheetLimits> & { maxCells: number },
  preferred: string | undefined,
): Promise<TParsed> {
  return parses(
    () =>
      new Promise<TParsed>((resolve) => {
        const worker = new Worker(WORKER, {
          workerData: { buffer, limits: { ...limits, maxParts: MAX_PARTS }, preferred },
          resourceLimits: { maxOldGenerationSizeMb: PARSE_MEMORY_MB, maxYoungGenerationSizeMb: 32 },
        });
        let settled = false;
        const settle = (result: TParsed) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(result);
          void worker.terminate();
        };
        const timer = setTimeout(() => settle({ refusal: 'tooSlow' }), PARSE_TIMEOUT_MS);
        worker.once('message', (m: TParsed) => settle(m));
        worker.once('error', (err: NodeJS.ErrnoException) =>
          settle({ refusal: err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'tooBig' : 'notXlsx' }),
        );
        worker.once('exit', () => settle({ refusal: 'notXlsx' }));
      }),
  );
}

/** A sheet's cells as read by the worker: the part of exceljs' Worksheet that the imports use. */
export class SheetCells {
  private readonly rows: ReadonlyMap<number, ReadonlyMap<number, ExcelJS.CellValue>>;

  constructor(rows: readonly (readonly [number, readonly (readonly [number, ExcelJS.CellValue])[]])[]) {
    this.rows = new Map(rows.map(([n, cells]) => [n, new Map(cells)]));
  }

  /** The rows that hold a value, in order. */
  eachRow(fn: (row: SheetRow, n: number) => void): void {
    for (const [n, cells] of this.rows) fn(new SheetRow(cells), n);
  }

  getRow(n: number): SheetRow {
    return new SheetRow(this.rows.get(n) ?? new Map());
  }
}

export class SheetRow {
  constructor(private readonly cells: ReadonlyMap<number, ExcelJS.CellValue>) {}

  getCell(column: number): { value: ExcelJS.CellValue } {
    return { value: this.cells.get(column) ?? null };
  }

  /** The cells that hold a value, in order. */
  eachCell(fn: (cell: { value: ExcelJS.CellValue }, column: number) => void): void {
    for (const [column, value] of this.cells) fn({ value }, column);
  }
}

/**
 * The sheet an uploaded workbook is read from (the one named `preferred`, else the first), or the
 * file-level error when there is none or the workbook passes `limits`: its rows, its cells (50 a row
 * on average) and shared strings, its unpacked size, declared and counted before exceljs reads it,
 * then the time and memory of its reading. All of it happens in a worker thread; the error's message
 * is an lw.* key or a message in `locale`.
 */
export async function readSheet(
  buffer: Buffer,
  limits: TSheetLimits,
  locale: TLocale,
  preferred?: string,
): Promise<{ sheet: SheetCells } | { error: TFieldError }> {
  const all = {
    maxRows: limits.maxRows,
    maxUnpackedBytes: limits.maxUnpackedBytes ?? UNPACKED_MAX_BYTES,
    maxCells: (limits.maxRows + 1) * CELLS_PER_ROW,
  };
  const parsed = await parseInWorker(buffer, all, preferred);
  return 'refusal' in parsed ? { error: refusalOf(parsed.refusal, all, locale) } : { sheet: new SheetCells(parsed.rows) };
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
      message:
        locale === 'en'
          ? `${fmt(errors.length)} errors in all; the first ${MAX_LISTED_ERRORS} are listed`
          : `共 ${fmt(errors.length)} 处错误，仅列出前 ${MAX_LISTED_ERRORS} 处`,
    });
  }
  return new ApiException(422, 'validationFailed', { errors: listed });
}

/** Where the header row puts each known column; asterisks (required) and spaces in a header are ignored. */
export function headerColumns<K extends string>(sheet: SheetCells, keyOf: (header: string) => K | undefined): Partial<Record<K, number>> {
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
