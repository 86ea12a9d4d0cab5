import { once } from 'node:events';
import type { Writable } from 'node:stream';
import archiver from 'archiver';

/** A .zip written as it is made: what the streamed exports (a folder per unit, a Word package) put in it. */
export interface TZipStream {
  /**
   * Adds an entry and resolves once it has gone into the stream: the next is given only then, so
   * memory holds one entry at a time. `store`: kept as it is (a JPEG does not shrink).
   */
  add(data: Buffer | string, name: string, store?: boolean): Promise<void>;
  /** Writes the central directory and resolves when the archive has ended. */
  finish(): Promise<void>;
}

/**
 * Opens a .zip on `out`, deflated at level 6. Written with archiver 5, the zip library exceljs writes
 * its workbooks with (and the only one the API ships besides jszip, which exceljs and docx read and
 * write whole packages with: core/docx/word.ts).
 */
export function zipStream(out: Writable): TZipStream {
  const zip = archiver('zip', { zlib: { level: 6 } });
  const ended = once(zip, 'end');
  zip.pipe(out);
  return {
    async add(data, name, store = false) {
      const added = once(zip, 'entry');
      zip.append(data, { name, store });
      await added;
    },
    async finish() {
      await zip.finalize();
      await ended;
    },
  };
}
