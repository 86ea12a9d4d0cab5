import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/** A file written as it is read from the database: the controller sets the headers and hands it the response. */
export interface TExportFile {
  filename: string;
  contentType: string;
  /** Writes the file to `out`, then ends `out`. */
  write(out: Writable): Promise<void>;
}

/** A streaming workbook: one sheet, a merged title row, a bold header row; rows are committed as they come. */
export function streamingSheet(out: Writable, name: string, title: string, headers: readonly { header: string; width: number }[]) {
  // Fast deflate: the sheet is XML that compresses well at any level, and CPU is the export's cost.
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = headers.map((h) => ({ width: h.width }));
  const top = sheet.addRow([title]);
  top.font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, headers.length);
  top.commit();
  const head = sheet.addRow(headers.map((h) => h.header));
  head.font = { bold: true };
  head.commit();
  // One style object per kind of cell (wrapped or not, and the value's type, which decides the
  // number format exceljs gives a cell without one): exceljs recognises a style object it has seen
  // and reuses its id, where each cell's own {} had it render and look up the style's XML again (a
  // sixth of a 100,000-row export's time).
  const styles = new Map<string, Partial<ExcelJS.Style>>();
  const styleOf = (wrap: boolean, type: ExcelJS.ValueType) => {
    const key = `${wrap}:${type}`;
    let style = styles.get(key);
    if (!style) styles.set(key, (style = wrap ? { alignment: { wrapText: true, vertical: 'top' } } : {}));
    return style;
  };
  return {
    /** A row; `wrap` for long text (a story, a description) that should wrap within its column. */
    add: (values: ExcelJS.CellValue[], wrap = false) => {
      const row = sheet.addRow(values);
      row.eachCell((cell) => {
        cell.style = styleOf(wrap, cell.type);
      });
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
