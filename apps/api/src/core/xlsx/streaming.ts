import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { TLocale } from '@learnweek/contracts';
import ExcelJS from 'exceljs';
import { printLayout, wrappedHeight } from './print-layout.js';

/** A file written as it is read from the database: the controller sets the headers and hands it the response. */
export interface TExportFile {
  filename: string;
  contentType: string;
  /** Writes the file to `out`, then ends `out`. */
  write(out: Writable): Promise<void>;
}

export interface TSheetColumn {
  header: string;
  /** In characters; with text wrapped, narrow enough that the sheet prints one A4 landscape page wide. */
  width: number;
  /** For date cells (China wall-clock Dates, see `toChinaWallClock`), e.g. DATE_TIME from print-layout. */
  numFmt?: string;
}

export interface TSheetOptions {
  /** When the export was made, printed in every page's footer. */
  exportedAt: Date;
  /** The leading columns that say whose row it is (序号 … 单位): frozen on screen, repeated on print. */
  keyColumns: number;
  /** The footer's language (zh-CN unless the export is in English). */
  locale?: TLocale;
}

const thin = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };

/**
 * A streaming workbook laid out for print (docs/ARCHITECTURE.md, "Exports on paper"): one sheet,
 * a merged title row and a bold header row that repeat on every printed page, bordered cells with
 * text wrapped, date columns as real dates; rows are committed as they come.
 */
export function streamingSheet(out: Writable, name: string, title: string, columns: readonly TSheetColumn[], options: TSheetOptions) {
  // Fast deflate: the sheet is XML that compresses well at any level, and CPU is the export's cost.
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
    zip: { zlib: { level: 1 } },
  });
  const sheet = book.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: options.keyColumns, ySplit: 2 }],
    ...printLayout({ titleRows: 2, keyColumns: options.keyColumns, exportedAt: options.exportedAt, locale: options.locale }),
  });
  const widths = columns.map((c) => c.width);
  sheet.columns = widths.map((width) => ({ width }));
  const top = sheet.addRow([title]);
  top.height = 30;
  top.getCell(1).style = { font: { bold: true, size: 14 }, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } };
  sheet.mergeCells(1, 1, 1, columns.length);
  top.commit();
  const headers = columns.map((c) => c.header);
  const head = sheet.addRow(headers);
  const headHeight = wrappedHeight(headers, widths);
  if (headHeight) head.height = headHeight;
  const headStyle: Partial<ExcelJS.Style> = {
    font: { bold: true },
    border: BORDER,
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } },
  };
  head.eachCell((cell) => {
    cell.style = headStyle;
  });
  head.commit();
  // One style object per column, shared by its cells: exceljs recognises a style object it has
  // seen and reuses its id, where each cell's own {} had it render and look up the style's XML
  // again (a sixth of a 100,000-row export's time). A date column's numFmt is what makes its
  // numbers dates; the other columns' formats follow their values (General).
  const styles = columns.map((c): Partial<ExcelJS.Style> => ({
    border: BORDER,
    alignment: { wrapText: true, vertical: 'top' },
    ...(c.numFmt ? { numFmt: c.numFmt } : {}),
  }));
  const boldStyles = styles.map((st): Partial<ExcelJS.Style> => ({ ...st, font: { bold: true } }));
  return {
    /** A row; every column's cell is written, empty or not, so the table's borders are whole. `bold`: a totals row. */
    add: (values: ExcelJS.CellValue[], options: { bold?: boolean } = {}) => {
      const row = sheet.addRow(values);
      const rowStyles = options.bold ? boldStyles : styles;
      for (let i = 0; i < rowStyles.length; i++) row.getCell(i + 1).style = rowStyles[i]!;
      const height = wrappedHeight(values, widths);
      if (height) row.height = height;
      row.commit();
    },
    /** Waits while the client is behind, so rows never pile up in memory faster than they leave. */
    async drained() {
      if (out.writableNeedDrain) await once(out, 'drain');
    },
    async end() {
      sheet.commit();
      await book.commit();
    },
  };
}
