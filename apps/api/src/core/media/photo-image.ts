import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import exifr from 'exifr';
import pLimit from 'p-limit';
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import phashModule from 'sharp-phash';
import type { TPhotoDateCheck } from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';
import { fieldError } from '../errors/api.exception.js';
import { UPLOAD_MAX_BYTES } from '../http/single-file.interceptor.js';

export const PHOTO_MIN_LONG_SIDE = 1024;
/**
 * The most pixels a photo may have (a 50 MP camera's full frame), read from the file's header
 * before anything is decoded: a 16000 × 16000 PNG is a few hundred KB and 256 MP to decode.
 */
export const PHOTO_MAX_PIXELS = 50_000_000;
/** A picture whose every channel's standard deviation (0–255) is below this is one flat colour: blank. */
export const UNIFORM_MAX_STDEV = 2;
const ORIGINAL_QUALITY = 90;
const WEB_LONG_SIDE = 1600;
const THUMB_LONG_SIDE = 360;
/** Two photos this close (bits of 64 differing) are the same picture, re-encoded or resized. */
export const SAME_PICTURE_DISTANCE = 6;

/**
 * Photos decoded at once in this process: one per two cores (at least one). A decode runs its
 * steps one after another, each on one thread of libuv's pool (4 by default) with libvips'
 * threads (sharp.concurrency: 1 on glibc Linux), so password hashing, file reads and the event
 * loop keep their share while photos queue: /api/health and sign-in stay fast under uploads.
 */
const decodeSlot = pLimit(Math.max(1, Math.floor(availableParallelism() / 2)));

/** Every sharp instance opened on an upload: nothing larger than the limit is ever decoded. */
const OPEN: SharpOptions = { limitInputPixels: PHOTO_MAX_PIXELS };

export interface TInspectedPhoto {
  /** Of the kept original: always a JPEG. */
  contentType: 'image/jpeg';
  width: number;
  height: number;
  /** Of the kept original. */
  sha256: string;
  /** 64-bit perceptual hash, 16 hex digits. */
  phash: string;
  /** From the upload's EXIF (China time when the camera wrote no zone); null when absent. */
  takenAt: Date | null;
  /**
   * The three files kept: the full-size picture re-encoded (upright, no metadata, nothing after
   * its end: not the bytes as sent), and the served copies.
   */
  original: Buffer;
  web: Buffer;
  thumb: Buffer;
}

/** The format by the file's first bytes, whatever its name or declared type says. */
export function sniffImage(b: Buffer): string | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (
    b.length >= 12 &&
    b.toString('latin1', 4, 8) === 'ftyp' &&
    ['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(b.toString('latin1', 8, 12))
  )
    return 'image/heic';
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
 * Checks an upload is a real photo good enough to keep, and makes the files kept. From the
 * header alone (nothing decoded yet): an image format by its magic bytes, at most
 * PHOTO_MAX_PIXELS, a long side of at least PHOTO_MIN_LONG_SIDE, the EXIF capture date. Then,
 * in a decode slot: not one flat colour, and the copies (upright, no metadata at all, so no GPS).
 * Refusals are 4xx naming the file field; nothing is written here.
 */
export async function inspectPhoto(buffer: Buffer | undefined): Promise<TInspectedPhoto> {
  if (!buffer || buffer.length === 0) throw fieldError(400, 'file', 'lw.fileRequired');
  if (buffer.length > UPLOAD_MAX_BYTES) throw fieldError(413, 'file', 'lw.photoTooLarge');
  if (!sniffImage(buffer)) throw fieldError(415, 'file', 'lw.photoNotImage');
  let meta: Metadata;
  try {
    // The header only (sharp's own limit would call a large image unreadable): checked just below.
    meta = await sharp(buffer, { limitInputPixels: false }).metadata();
  } catch {
    throw fieldError(422, 'file', 'lw.photoUnreadable');
  }
  if ((meta.width ?? 0) * (meta.height ?? 0) > PHOTO_MAX_PIXELS) throw fieldError(422, 'file', 'lw.photoTooManyPixels');
  const turned = (meta.orientation ?? 1) >= 5;
  const width = (turned ? meta.height : meta.width) ?? 0;
  const height = (turned ? meta.width : meta.height) ?? 0;
  if (Math.max(width, height) < PHOTO_MIN_LONG_SIDE) throw fieldError(422, 'file', 'lw.photoTooSmall');
  const exif = (await exifr.parse(buffer, { pick: ['DateTimeOriginal', 'CreateDate'], reviveValues: false }).catch(() => null)) as Record<
    string,
    unknown
  > | null;
  const files = await decodeSlot(() => copies(buffer));
  return {
    contentType: 'image/jpeg',
    width,
    height,
    sha256: createHash('sha256').update(files.original).digest('hex'),
    takenAt: exifDate(exif?.DateTimeOriginal) ?? exifDate(exif?.CreateDate),
    ...files,
  };
}

/** The kept files and the perceptual hash, one step at a time; the thumbnail first, which also tells a blank picture cheaply. */
async function copies(buffer: Buffer): Promise<Pick<TInspectedPhoto, 'original' | 'web' | 'thumb' | 'phash'>> {
  // Upright by its EXIF orientation, transparency on white, and (sharp's default) no metadata kept.
  const upright = () => sharp(buffer, OPEN).rotate().flatten({ background: '#ffffff' });
  const resized = (side: number, quality: number) =>
    upright().resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true }).jpeg({ quality, mozjpeg: true }).toBuffer();
  const unreadable = () => fieldError(422, 'file', 'lw.photoUnreadable');
  const thumb = await resized(THUMB_LONG_SIDE, 75).catch(() => {
    throw unreadable();
  });
  const { channels } = await sharp(thumb).stats();
  if (channels.every((c) => c.stdev < UNIFORM_MAX_STDEV)) throw fieldError(422, 'file', 'lw.photoBlank');
  try {
    const web = await resized(WEB_LONG_SIDE, 82);
    const original = await upright().jpeg({ quality: ORIGINAL_QUALITY }).toBuffer();
    return { original, web, thumb, phash: toHex(await phash(web)) };
  } catch {
    throw unreadable();
  }
}

/** Whether `image` is already among `files`: the same bytes, or the same picture re-encoded or resized. */
export const isAmong = (image: TInspectedPhoto, files: readonly { sha256: string; phash: string | null }[]) =>
  files.some((f) => f.sha256 === image.sha256 || (f.phash !== null && phashDistance(f.phash, image.phash) <= SAME_PICTURE_DISTANCE));

/** The StoredFile row of an inspected photo kept under `key`. */
export const storedFileRow = (
  fileId: string,
  key: string,
  image: TInspectedPhoto,
  uploadedById: string,
): Prisma.StoredFileUncheckedCreateInput => ({
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

/** The photo's EXIF date against the week it should show (an approver sees the answer beside it); noExif without a date. */
export const weekDateCheck = (image: TInspectedPhoto, week: { weekStartsAt: Date; weekEndsAt: Date }): TPhotoDateCheck =>
  !image.takenAt ? 'noExif' : image.takenAt >= week.weekStartsAt && image.takenAt <= week.weekEndsAt ? 'insideWeek' : 'outsideWeek';
