import { createHash } from 'node:crypto';
import exifr from 'exifr';
import sharp, { type Metadata } from 'sharp';
import phashModule from 'sharp-phash';
import type { Prisma } from '@learnweek/db';
import { fieldError } from '../../core/errors/api.exception.js';
import { UPLOAD_MAX_BYTES } from '../../core/http/single-file.interceptor.js';

export const PHOTO_MIN_LONG_SIDE = 1024;
const WEB_LONG_SIDE = 1600;
const THUMB_LONG_SIDE = 360;
/** Two photos this close (bits of 64 differing) are the same picture, re-encoded or resized. */
export const SAME_PICTURE_DISTANCE = 6;

export interface TInspectedPhoto {
  contentType: string;
  width: number;
  height: number;
  sha256: string;
  /** 64-bit perceptual hash, 16 hex digits. */
  phash: string;
  /** From EXIF (China time when the camera wrote no zone); null when absent. */
  takenAt: Date | null;
  /** The three files kept: the upload as sent, and the served copies. */
  original: Buffer;
  web: Buffer;
  thumb: Buffer;
}

/** The format by the file's first bytes, whatever its name or declared type says. */
export function sniffImage(b: Buffer): string | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp' && ['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(b.toString('latin1', 8, 12))) return 'image/heic';
  return null;
}

/** "2017:10:25 10:02:33" (EXIF has no zone; cameras here keep China time) → instant. */
function exifDate(raw: unknown): Date | null {
  if (typeof raw !== 'string') return null;
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(raw);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const t = Date.UTC(y, mo - 1, d, h - 8, mi, s);
  return Number.isNaN(t) || y < 1990 ? null : new Date(t);
}

// A CommonJS module whose types describe it as an ES one: the default import is the function.
const phash = phashModule as unknown as typeof phashModule.default;

const toHex = (bits: string) => BigInt(`0b${bits}`).toString(16).padStart(16, '0');

export function phashDistance(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  while (x > 0n) {
    n += Number(x & 1n);
    x >>= 1n;
  }
  return n;
}

/**
 * Checks an upload is a real photo good enough for the summary, and makes the copies that are
 * served: a web-size JPEG and a thumbnail, upright, with no metadata (so no GPS) at all.
 * Refusals are 4xx naming the file field; nothing is written here.
 */
export async function inspectPhoto(buffer: Buffer | undefined): Promise<TInspectedPhoto> {
  if (!buffer || buffer.length === 0) throw fieldError(400, 'file', 'lw.fileRequired');
  if (buffer.length > UPLOAD_MAX_BYTES) throw fieldError(413, 'file', 'lw.photoTooLarge');
  const contentType = sniffImage(buffer);
  if (!contentType) throw fieldError(415, 'file', 'lw.photoNotImage');
  let meta: Metadata;
  try {
    meta = await sharp(buffer).metadata();
  } catch {
    throw fieldError(422, 'file', 'lw.photoUnreadable');
  }
  const turned = (meta.orientation ?? 1) >= 5;
  const width = (turned ? meta.height : meta.width) ?? 0;
  const height = (turned ? meta.width : meta.height) ?? 0;
  if (Math.max(width, height) < PHOTO_MIN_LONG_SIDE) throw fieldError(422, 'file', 'lw.photoTooSmall');
  const exif = (await exifr.parse(buffer, { pick: ['DateTimeOriginal', 'CreateDate'], reviveValues: false }).catch(() => null)) as Record<string, unknown> | null;
  const resized = (side: number, quality: number) =>
    sharp(buffer).rotate().resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true }).jpeg({ quality, mozjpeg: true }).toBuffer();
  try {
    const [web, thumb, bits] = await Promise.all([resized(WEB_LONG_SIDE, 82), resized(THUMB_LONG_SIDE, 75), phash(buffer)]);
    return {
      contentType,
      width,
      height,
      sha256: createHash('sha256').update(buffer).digest('hex'),
      phash: toHex(bits),
      takenAt: exifDate(exif?.DateTimeOriginal) ?? exifDate(exif?.CreateDate),
      original: buffer,
      web,
      thumb,
    };
  } catch {
    throw fieldError(422, 'file', 'lw.photoUnreadable');
  }
}

/** Whether `image` is already among `files`: the same bytes, or the same picture re-encoded or resized. */
export const isAmong = (image: TInspectedPhoto, files: readonly { sha256: string; phash: string | null }[]) =>
  files.some((f) => f.sha256 === image.sha256 || (f.phash !== null && phashDistance(f.phash, image.phash) <= SAME_PICTURE_DISTANCE));

/** The StoredFile row of an inspected photo kept under `key`. */
export const storedFileRow = (fileId: string, key: string, image: TInspectedPhoto, uploadedById: string): Prisma.StoredFileUncheckedCreateInput => ({
  id: fileId,
  storageKey: key,
  contentType: image.contentType,
  size: image.original.length,
  sha256: image.sha256,
  width: image.width,
  height: image.height,
  phash: image.phash,
  takenAt: image.takenAt,
  uploadedById,
});
