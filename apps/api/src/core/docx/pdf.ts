import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { ApiException } from '../errors/api.exception.js';

/**
 * A Word document as PDF, printed by LibreOffice (`soffice`, Debian's libreoffice-writer-nogui) when the
 * machine has it. Bounded, as anyone may ask for a published notice's: one conversion at a time (it takes
 * a core and a few hundred MB), at most MAX_WAITING waiting (then 503), each given CONVERT_TIMEOUT_MS
 * (then its whole process group is killed: 503); the same document asked for meanwhile waits for the
 * same conversion; the last KEPT printed are kept by what they print (`key`), the most recently read
 * last out, so each published notice is printed once while an installation has fewer. Without
 * LibreOffice: 503 `pdfUnavailable`.
 */
const MAX_WAITING = 4;
const CONVERT_TIMEOUT_MS = 60_000;
const KEPT = 64;
const conversions = pLimit(1);
const kept = new Map<string, Buffer>();
const inFlight = new Map<string, Promise<Buffer>>();

export async function docxToPdf(key: string, docx: () => Promise<Buffer>): Promise<Buffer> {
  const known = kept.get(key);
  if (known) {
    kept.delete(key);
    kept.set(key, known);
    return known;
  }
  const running = inFlight.get(key);
  if (running) return running;
  if (conversions.pendingCount >= MAX_WAITING) throw new ApiException(503, 'serviceUnavailable');
  const pdf = conversions(() => convert(docx));
  inFlight.set(key, pdf);
  try {
    const file = await pdf;
    kept.set(key, file);
    if (kept.size > KEPT) kept.delete(kept.keys().next().value!);
    return file;
  } finally {
    inFlight.delete(key);
  }
}

async function convert(docx: () => Promise<Buffer>): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-pdf-'));
  try {
    await writeFile(path.join(dir, 'document.docx'), await docx());
    // A profile of its own: another LibreOffice (a user's, another instance's) does not lock it.
    await run(
      ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, 'document.docx'],
      dir,
    );
    return await readFile(path.join(dir, 'document.pdf'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * soffice in a process group of its own (Debian's soffice is a script that starts soffice.bin): on
 * time out the whole group is killed, not the script alone.
 */
function run(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('soffice', args, { cwd, detached: true, stdio: 'ignore' });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      reject(new ApiException(503, 'serviceUnavailable'));
    }, CONVERT_TIMEOUT_MS);
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(err.code === 'ENOENT' ? new ApiException(503, 'pdfUnavailable') : err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`soffice exited with ${code}`));
    });
  });
}
