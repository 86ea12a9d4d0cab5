import type { TLocale } from '@learnweek/contracts';
import type ExcelJS from 'exceljs';
import { chinaText } from '../clock/china-time.js';

/** How a date cell shows China's wall clock: 2017-10-24 09:00. */
export const DATE_TIME = 'yyyy-mm-dd hh:mm';
export const DATE_TIME_SECONDS = 'yyyy-mm-dd hh:mm:ss';

/** A column's letters: 1 → A, 28 → AB. */
const columnLetters = (n: number): string =>
  n <= 0 ? '' : columnLetters(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26));

/** Text inside a header/footer, where `&` starts a code. */
const footerText = (s: string) => s.replace(/&/g, '&&');

export interface TPrintLayout {
  /** The rows printed at the top of every page (the title and the header), 1…titleRows. */
  titleRows?: number;
  /** Leading columns repeated at the left of every page, should a page ever be cut in width. */
  keyColumns?: number;
  /** When the file was made, in every page's footer beside the page number. */
  exportedAt?: Date;
  locale?: TLocale;
}

/**
 * A sheet's print setup as the bureau files paper (docs/ARCHITECTURE.md, "Exports on paper"): A4
 * landscape, fitted to one page wide and as many pages long as it takes, its title rows (and key
 * columns) repeated on every page, a footer with the page number and the export time. What
 * Excel, WPS and LibreOffice print from; the layout of the cells themselves is the caller's.
 */
export function printLayout(o: TPrintLayout): { pageSetup: Partial<ExcelJS.PageSetup>; headerFooter: Partial<ExcelJS.HeaderFooter> } {
  const en = o.locale === 'en';
  const page = en ? 'Page &P of &N' : '第 &P 页，共 &N 页';
  const time = o.exportedAt ? footerText(`${en ? 'Exported' : '导出时间'} ${chinaText(o.exportedAt, 'minute')}`) : '';
  return {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages as the rows need
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
      ...(o.titleRows ? { printTitlesRow: `1:${o.titleRows}` } : {}),
      ...(o.keyColumns ? { printTitlesColumn: `A:${columnLetters(o.keyColumns)}` } : {}),
    },
    headerFooter: { oddFooter: `&C${page}${time ? `&R${time}` : ''}` },
  };
}

/** Points a printed line of 11-point text takes (a CJK font's line is taller than Calibri's 15). */
const LINE_HEIGHT = 16.5;

/** The lines `text` wraps to in a column `width` characters wide: a CJK (full-width) character takes about two. */
function linesOf(text: string, width: number): number {
  const room = Math.max(1, width - 1);
  let lines = 1;
  let used = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) {
      lines += 1;
      used = 0;
      continue;
    }
    const w = code >= 0x2e80 ? 2.1 : 1.1;
    if (used + w > room) {
      lines += 1;
      used = w;
    } else used += w;
  }
  return lines;
}

/**
 * The height (points) a row of wrapped text needs to show whole, or undefined for one line: an
 * office suite opening the file keeps a row at its stored height (LibreOffice does not fit it to
 * wrapped text), so a long activity name would print cut at one line.
 */
export function wrappedHeight(values: readonly ExcelJS.CellValue[], widths: readonly number[]): number | undefined {
  let lines = 1;
  for (let i = 0; i < widths.length; i++) {
    const v = values[i];
    if (typeof v === 'string' && v.length > 0) lines = Math.max(lines, linesOf(v, widths[i]!));
  }
  return lines > 1 ? lines * LINE_HEIGHT : undefined;
}
