/**
 * The backup package (docs/OPERATIONS.md): one folder holding
 *   manifest.json      what is in it, with the SHA-256 of every other file as stored
 *   database.dump      PostgreSQL: pg_dump's custom format; embedded: PGlite's own dump (database.tar.gz)
 *   files/<key>/<variant>  every stored file the database names
 * With BACKUP_KEY set, every file but the manifest is AES-256-GCM encrypted, streamed:
 * 12 bytes of IV, the ciphertext, the 16-byte tag. The hashes are of the bytes as stored, so a
 * package is checked without the key; the tag proves the plaintext when it is decrypted.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';

export const BACKUP_FORMAT = 'learnweek-backup/1';
export const MANIFEST_FILE = 'manifest.json';

export const ZBackupEntry = z.object({
  path: z.string().min(1),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type TBackupEntry = z.infer<typeof ZBackupEntry>;

export const ZBackupManifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.string(),
  appVersion: z.string(),
  encrypted: z.boolean(),
  database: z.object({
    kind: z.enum(['postgresql', 'pglite']),
    serverVersion: z.string(),
    dumpVersion: z.string(),
    /** The last migration applied: the schema's level. */
    migration: z.string(),
    migrations: z.array(z.string()),
    rowCounts: z.record(z.string(), z.number().int().min(0)),
    /** Roles the schema's grants and policies name (created NOLOGIN where a restore's server lacks them). */
    roles: z.array(z.string()),
    dump: ZBackupEntry,
  }),
  files: z.object({ source: z.string(), entries: z.array(ZBackupEntry) }),
});
export type TBackupManifest = z.infer<typeof ZBackupManifest>;

/** A package refused before anything was touched; `problems` names each file or check. */
export class BackupRefusedError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length ? `${message}:\n  ${problems.join('\n  ')}` : message);
  }
}

/** BACKUP_KEY: 32 bytes as 64 hex digits or base64. */
export function backupKeyOf(value: string | undefined): Buffer | undefined {
  if (value === undefined || value === '') return undefined;
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32)
    throw new Error('BACKUP_KEY must be 32 bytes: 64 hex digits or base64 (e.g. the output of `openssl rand -hex 32`)');
  return key;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Counts and hashes what passes. */
function hasher(): Transform & { digest(): { size: number; sha256: string } } {
  const hash = createHash('sha256');
  let size = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  }) as Transform & { digest(): { size: number; sha256: string } };
  t.digest = () => ({ size, sha256: hash.digest('hex') });
  return t;
}

/** Writes `source` to `file` (encrypted with `key`), returning the size and hash of the bytes written. */
export async function writeStored(
  source: Readable | Buffer,
  file: string,
  key: Buffer | undefined,
): Promise<{ size: number; sha256: string }> {
  const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;
  const h = hasher();
  const out = createWriteStream(file, { mode: 0o600 });
  if (!key) {
    await pipeline(input, h, out);
    return h.digest();
  }
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  h.write(iv);
  const withTag = new Transform({
    transform: (chunk: Buffer, _enc, done) => done(null, chunk),
    flush(done) {
      done(null, cipher.getAuthTag());
    },
  });
  await pipeline(input, cipher, withTag, h, out);
  return h.digest();
}

/** The size and SHA-256 of a file as stored. */
export async function hashFile(file: string): Promise<{ size: number; sha256: string }> {
  const h = hasher();
  const sink = new Writable({ write: (_c, _e, done) => done() });
  await pipeline(createReadStream(file), h, sink);
  return h.digest();
}

/** Copies a stored file's plaintext into `to` (decrypting with `key` when the package is encrypted). */
export async function readStored(file: string, key: Buffer | undefined, to: Writable): Promise<void> {
  if (!key) {
    await pipeline(createReadStream(file), to);
    return;
  }
  const { size } = await stat(file);
  if (size < IV_BYTES + TAG_BYTES) throw new Error(`${file}: too short for an encrypted file`);
  const head = Buffer.alloc(IV_BYTES + TAG_BYTES);
  const fh = await open(file, 'r');
  try {
    await fh.read(head, 0, IV_BYTES, 0);
    await fh.read(head, IV_BYTES, TAG_BYTES, size - TAG_BYTES);
  } finally {
    await fh.close();
  }
  const decipher = createDecipheriv('aes-256-gcm', key, head.subarray(0, IV_BYTES));
  decipher.setAuthTag(head.subarray(IV_BYTES));
  const body = size - TAG_BYTES - IV_BYTES;
  const input = body > 0 ? createReadStream(file, { start: IV_BYTES, end: size - TAG_BYTES - 1 }) : Readable.from([]);
  await pipeline(input, decipher, to);
}

/** A stored file's plaintext as a buffer (photos, and the embedded dump). */
export async function readStoredBuffer(file: string, key: Buffer | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await readStored(
    file,
    key,
    new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(chunks);
}
