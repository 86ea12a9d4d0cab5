import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Test } from 'supertest';

/** Test files: photos, binary bodies, and spreadsheets read by another reader than the one that wrote them. */

/** A photo-like JPEG (shapes and a gradient, so each seed is a different picture), optionally with EXIF date and GPS. */
const picture = (seed: number, width: number, height: number) =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 1600 1200">
    <defs><linearGradient id="g" x1="0" y1="0" x2="${seed % 2}" y2="1"><stop offset="0" stop-color="hsl(${(seed * 67) % 360},70%,60%)"/><stop offset="1" stop-color="hsl(${(seed * 67 + 140) % 360},60%,30%)"/></linearGradient></defs>
    <rect width="1600" height="1200" fill="url(#g)"/>
    <circle cx="${300 + seed * 250}" cy="${400 + (seed % 3) * 200}" r="${200 + seed * 30}" fill="hsl(${(seed * 111) % 360},80%,50%)"/>
    <rect x="${900 - seed * 150}" y="${200 + seed * 60}" width="500" height="300" fill="hsl(${(seed * 53) % 360},50%,80%)"/>
  </svg>`);
export const photo = (seed: number, opts: { width?: number; height?: number; taken?: string; gps?: boolean } = {}) =>
  sharp(picture(seed, opts.width ?? 1600, opts.height ?? 1200))
    .jpeg({ quality: 85 })
    .withExif({
      IFD0: { Make: 'learnweek-test' },
      ...(opts.taken ? { IFD2: { DateTimeOriginal: opts.taken } } : {}),
      ...(opts.gps
        ? { IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 47/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '119/1 58/1 0/1' } }
        : {}),
    })
    .toBuffer();

/** supertest: keep a binary body as a Buffer. */
export const binary: Parameters<Test['parse']>[0] = (res, done) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * The rows of each sheet of an .xlsx as Debian's python3-openpyxl reads them (dates as ISO text):
 * proof that a file is a workbook other programs open, not only exceljs.
 */
export function readXlsxElsewhere(xlsx: Buffer): unknown[][][] {
  return withFile(xlsx, 'book.xlsx', (file) => {
    const script = `import json,sys,openpyxl
wb=openpyxl.load_workbook(sys.argv[1])
print(json.dumps([[[c.isoformat() if hasattr(c,'isoformat') else c for c in r] for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets], ensure_ascii=False))`;
    return JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }),
    ) as unknown[][][];
  });
}

export interface TZipEntry {
  name: string;
  size: number;
  /** For a .docx: its text runs joined, and how many images it embeds. */
  docx?: { text: string; images: number };
}

/** Python that reads a .docx (a zip) into its text runs and the number of images it embeds. */
const DOCX_PY = `import io,re,zipfile
def docx(data):
  d=zipfile.ZipFile(io.BytesIO(data))
  xml=d.read('word/document.xml').decode('utf8')
  return {'text': ''.join(re.findall(r'<w:t(?: [^>]*)?>([^<]*)</w:t>', xml)), 'images': len([n for n in d.namelist() if n.startswith('word/media/')])}
`;

/** The entries of a .zip as Python's zipfile reads them (CRCs checked), opening any .docx inside. */
export function readZipElsewhere(zip: Buffer): TZipEntry[] {
  return withFile(zip, 'pack.zip', (file) => {
    const script = `${DOCX_PY}import json,sys
z=zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
out=[]
for i in z.infolist():
  e={'name': i.filename, 'size': i.file_size}
  if i.filename.endswith('.docx'): e['docx']=docx(z.read(i))
  out.append(e)
print(json.dumps(out, ensure_ascii=False))`;
    return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' })) as TZipEntry[];
  });
}

/** A .docx as Python reads it: its text runs joined and the images it embeds. */
export function readDocxElsewhere(data: Buffer): { text: string; images: number } {
  return withFile(data, 'doc.docx', (file) => {
    const script = `${DOCX_PY}import json,sys
print(json.dumps(docx(open(sys.argv[1],'rb').read()), ensure_ascii=False))`;
    return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' })) as { text: string; images: number };
  });
}

function withFile<T>(data: Buffer, name: string, use: (file: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lw-read-'));
  try {
    const file = path.join(dir, name);
    writeFileSync(file, data);
    return use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TPrintedPage {
  /** In points: A4 is 595 × 842, landscape 842 × 595. */
  width: number;
  height: number;
  /** The page's text as `pdftotext -layout` reads it (columns kept apart, a cell's wrapped lines not joined). */
  layout: string;
  /** The page's text in drawing order with all white space removed (a wrapped cell reads whole). */
  flat: string;
  /** The page's lines of text with their boxes in points from the top left (`pdftotext -bbox-layout`), top to bottom. */
  lines: TPrintedLine[];
}

export interface TPrintedLine {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** `pdftotext -bbox-layout`'s lines, page by page (its words joined without spaces, as Chinese is written). */
function bboxLines(html: string): TPrintedLine[][] {
  return html
    .split('<page ')
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)]
        .map((m) => ({
          xMin: Number(m[1]),
          yMin: Number(m[2]),
          xMax: Number(m[3]),
          yMax: Number(m[4]),
          text: [...m[5]!.matchAll(/<word[^>]*>([^<]*)<\/word>/g)]
            .map((w) =>
              w[1]!
                .replace(/&amp;/g, '&')
                .replace(/&lt;/g, '<')
                .replace(/&gt;/g, '>')
                .replace(/&quot;/g, '"'),
            )
            .join(''),
        }))
        .sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin),
    );
}

export interface TPrinted {
  pages: TPrintedPage[];
  /** The fonts the PDF embeds, as pdffonts names them. */
  fonts: string[];
  /** How many images it draws (pdfimages -list). */
  images: number;
}

/**
 * Files as an office suite prints them: LibreOffice (Debian's libreoffice-calc/writer-nogui)
 * converts each to PDF, as a clerk with WPS or Excel would print it; poppler-utils reads back
 * each page's size and text. One soffice run for all the files (its start is most of the cost).
 */
export function printElsewhere(files: Record<string, Buffer>, o: { pictures?: string } = {}): Record<string, TPrinted> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lw-print-'));
  try {
    const names = Object.keys(files);
    for (const name of names) writeFileSync(path.join(dir, name), files[name]!);
    const run = (cmd: string, args: string[]) =>
      execFileSync(cmd, args, { encoding: 'utf8', cwd: dir, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
    // A profile of its own: a user's LibreOffice (or another run) elsewhere does not lock it.
    run('soffice', [
      '--headless',
      '--norestore',
      `-env:UserInstallation=file://${dir}/profile`,
      '--convert-to',
      'pdf',
      '--outdir',
      path.join(dir, 'pdf'),
      ...names,
    ]);
    // PRINT_KEEP=<dir>: the PDFs are kept there, to be looked at (pdftoppm -png).
    if (process.env.PRINT_KEEP) cpSync(path.join(dir, 'pdf'), process.env.PRINT_KEEP, { recursive: true });
    // `pictures`: each page as a PNG there (<name>-<page>.png), to be looked at.
    if (o.pictures) {
      mkdirSync(o.pictures, { recursive: true });
      for (const name of names)
        run('pdftoppm', [
          '-r',
          '60',
          '-png',
          path.join(dir, 'pdf', `${path.parse(name).name}.pdf`),
          path.join(o.pictures, path.parse(name).name),
        ]);
    }
    const out: Record<string, TPrinted> = {};
    for (const name of names) {
      const pdf = path.join(dir, 'pdf', `${path.parse(name).name}.pdf`);
      const count = Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [pdf]))![1]);
      const sizes = [...run('pdfinfo', ['-f', '1', '-l', String(count), pdf]).matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)];
      const layout = run('pdftotext', ['-layout', pdf, '-']).split('\f');
      const raw = run('pdftotext', ['-raw', pdf, '-']).split('\f');
      const lines = bboxLines(run('pdftotext', ['-bbox-layout', pdf, '-']));
      out[name] = {
        pages: sizes.map((m, i) => ({
          width: Number(m[1]),
          height: Number(m[2]),
          layout: layout[i] ?? '',
          flat: (raw[i] ?? '').replace(/\s+/g, ''),
          lines: lines[i] ?? [],
        })),
        fonts: run('pdffonts', [pdf])
          .split('\n')
          .slice(2)
          .map((l) => l.split(/\s+/)[0]!)
          .filter(Boolean),
        images: run('pdfimages', ['-list', pdf])
          .split('\n')
          .slice(2)
          .filter((l) => l.trim() !== '').length,
      };
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
