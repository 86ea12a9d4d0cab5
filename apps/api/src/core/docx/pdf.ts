import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { ApiException } from '../errors/api.exception.js';

/**
 * A Word document as PDF, printed by LibreOffice (`soffice`, Debian's libreoffice-writer-nogui) when the
 * machine has it: one conversion at a time (it takes a core and a few hundred MB), at most
 * MAX_WAITING waiting (then 503), each given CONVERT_TIMEOUT_MS; the last few kept by what they print
 * (`key`), so a published notice is printed once. Without LibreOffice: 503 `pdfUnavailable`.
 */
const MAX_WAITING = 4;
const CONVERT_TIMEOUT_MS = 60_000;
const KEPT = 8;
const run = promisify(execFile);
const conversions = pLimit(1);
const kept = new Map<string, Buffer>();

export async function docxToPdf(key: string, docx: () => Promise<Buffer>): Promise<Buffer> {
  const known = kept.get(key);
  if (known) return known;
  if (conversions.pendingCount >= MAX_WAITING) throw new ApiException(503, 'serviceUnavailable');
  const pdf = await conversions(() => convert(docx));
  kept.set(key, pdf);
  if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  return pdf;
}

async function convert(docx: () => Promise<Buffer>): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-pdf-'));
  try {
    await writeFile(path.join(dir, 'document.docx'), await docx());
    // A profile of its own: another LibreOffice (a user's, another instance's) does not lock it.
    await run(
      'soffice',
      ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, 'document.docx'],
      { cwd: dir, timeout: CONVERT_TIMEOUT_MS, killSignal: 'SIGKILL' },
    );
    return await readFile(path.join(dir, 'document.pdf'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ApiException(503, 'pdfUnavailable');
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
