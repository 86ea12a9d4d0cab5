// @ts-check
/**
 * An uploaded workbook read in a worker thread (started by workbook.ts, `readSheet`), so that a
 * heavy one costs this thread's time and memory, never the API's event loop. Plain JavaScript: the
 * worker is started from its file, in the built API and under the tests alike.
 *
 * First the zip's parts are unpacked as a stream and counted, without parsing: the declared sizes,
 * then the bytes, each worksheet's rows and cells and the shared strings, stopping at the first
 * limit passed, so a 4-million-cell sheet costs the unpacking of its first cells (milliseconds),
 * not a parse. Then
 * exceljs reads the workbook, and the chosen sheet's cells are posted back as plain values.
 *
 * In:  workerData = { buffer: Uint8Array, limits: { maxRows, maxCells, maxUnpackedBytes, maxParts }, preferred?: string }
 * Out: { refusal: 'notXlsx' | 'noSheet' | 'rows' | 'cells' | 'sharedStrings' | 'unpacked' }
 *      or { rows: [rowNumber, [column, value][]][] }
 */
import { Buffer } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';
import yauzl from 'yauzl';

/** A worksheet's rows and cells, `<row …>` and `<c …>` (`<x:row` with a prefix), not `<rows`, `<col` or `<cfRule`. */
const ROW_TAG = /<(?:[A-Za-z]{1,10}:)?row[\s/>]/g;
const CELL_TAG = /<(?:[A-Za-z]{1,10}:)?c[\s/>]/g;
/** The shared strings' entries. */
const STRING_TAG = /<(?:[A-Za-z]{1,10}:)?si[\s/>]/g;
const TAG_MAX_LENGTH = 16;
const isWorksheet = (/** @type {string} */ name) => /^xl\/worksheets\/[^/]+\.xml$/i.test(name);
const isSharedStrings = (/** @type {string} */ name) => /^xl\/sharedStrings\.xml$/i.test(name);

/**
 * @param {string} text
 * @param {RegExp} tag
 * @param {number} from matches ending after this index count (the rest were counted with the previous chunk)
 */
function count(text, tag, from) {
  let n = 0;
  for (const m of text.matchAll(tag)) if (m.index + m[0].length > from) n += 1;
  return n;
}

/**
 * The zip's entries, one at a time (yauzl: its central directory, each entry inflated by node:zlib as
 * a stream, and checked against its declared size as it goes).
 *
 * @param {Buffer} buffer
 * @param {(entry: yauzl.Entry, open: () => Promise<NodeJS.ReadableStream>) => Promise<string | null>} visit the refusal, or null to go on
 * @returns {Promise<string | null>}
 */
function eachEntry(buffer, visit) {
  return new Promise((resolve) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return resolve('notXlsx');
      const done = (/** @type {string | null} */ result) => {
        zip.close();
        resolve(result);
      };
      zip.on('error', () => done('notXlsx'));
      zip.on('end', () => done(null));
      zip.on('entry', (/** @type {yauzl.Entry} */ entry) => {
        const open = () => new Promise((ok, fail) => zip.openReadStream(entry, (e, stream) => (e || !stream ? fail(e) : ok(stream))));
        visit(entry, open).then(
          (result) => (result ? done(result) : zip.readEntry()),
          () => done('notXlsx'),
        );
      });
      zip.readEntry();
    });
  });
}

/**
 * @param {Buffer} buffer
 * @param {{ maxRows: number, maxCells: number, maxUnpackedBytes: number, maxParts: number }} limits
 * @returns {Promise<string | null>} the refusal, or null when the workbook is within its limits
 */
function checkSize(buffer, limits) {
  const perSheet = { rows: limits.maxRows + 1, cells: limits.maxCells };
  // exceljs reads every sheet: all of them together get twice one sheet's allowance.
  const all = { rows: 0, cells: 0 };
  let parts = 0;
  let declared = 0;
  let bytes = 0;
  return eachEntry(buffer, async (entry, open) => {
    if (entry.fileName.endsWith('/')) return null;
    parts += 1;
    if (parts > limits.maxParts) return 'notXlsx';
    // What the zip declares: a bomb that says so is refused before it is unpacked; one that lies is
    // stopped by yauzl (an entry longer than declared is an error) and by the count below.
    declared += entry.uncompressedSize;
    if (declared > limits.maxUnpackedBytes) return 'unpacked';
    const sheet = isWorksheet(entry.fileName);
    const strings = isSharedStrings(entry.fileName);
    const seen = { rows: 0, cells: 0, strings: 0 };
    let tail = '';
    const stream = /** @type {NodeJS.ReadableStream & { destroy(): void }} */ (await open());
    const over = await new Promise((resolve) => {
      const stop = (/** @type {string | null} */ result) => {
        stream.removeAllListeners('data');
        stream.destroy();
        resolve(result);
      };
      stream.on('data', (/** @type {Buffer} */ chunk) => {
        bytes += chunk.length;
        if (bytes > limits.maxUnpackedBytes) return stop('unpacked');
        if (!sheet && !strings) return;
        // Latin-1 keeps one character a byte: the tags are ASCII and UTF-8 never puts '<' inside a character.
        const text = tail + chunk.toString('latin1');
        if (sheet) {
          seen.rows += count(text, ROW_TAG, tail.length);
          seen.cells += count(text, CELL_TAG, tail.length);
          if (seen.rows > perSheet.rows || all.rows + seen.rows > 2 * perSheet.rows) return stop('rows');
          if (seen.cells > perSheet.cells || all.cells + seen.cells > 2 * perSheet.cells) return stop('cells');
        } else {
          seen.strings += count(text, STRING_TAG, tail.length);
          if (seen.strings > 2 * perSheet.cells) return stop('sharedStrings');
        }
        tail = text.slice(-TAG_MAX_LENGTH);
      });
      stream.on('error', () => stop('notXlsx'));
      stream.on('end', () => resolve(null));
    });
    all.rows += seen.rows;
    all.cells += seen.cells;
    return over;
  });
}

/** @param {{ buffer: Uint8Array, limits: { maxRows: number, maxCells: number, maxUnpackedBytes: number, maxParts: number }, preferred?: string }} input */
async function parse({ buffer, limits, preferred }) {
  // workerData's Buffer arrives as a Uint8Array: the same bytes, seen as a Buffer again.
  const file = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const refusal = await checkSize(file, limits);
  if (refusal) return { refusal };
  // Loaded only for a workbook within its limits: a refusal costs no exceljs.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(/** @type {ArrayBuffer} */ (/** @type {unknown} */ (file)));
  } catch {
    return { refusal: 'notXlsx' };
  }
  const sheet = (preferred ? book.getWorksheet(preferred) : undefined) ?? book.worksheets[0];
  if (!sheet) return { refusal: 'noSheet' };
  /** @type {[number, [number, import('exceljs').CellValue][]][]} */
  const rows = [];
  sheet.eachRow((row, n) => {
    /** @type {[number, import('exceljs').CellValue][]} */
    const cells = [];
    row.eachCell((cell, column) => {
      cells.push([column, cell.value]);
    });
    rows.push([n, cells]);
  });
  return { rows };
}

parentPort?.postMessage(await parse(workerData));
