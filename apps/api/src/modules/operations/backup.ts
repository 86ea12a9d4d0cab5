/**
 * `npm run backup` and the scheduled backup: the database first (one snapshot), then every stored
 * file its rows name, then the manifest. Written to `<out>/<name>.partial` and renamed when complete,
 * so a package without `.partial` is whole.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '../../core/config/config.js';
import { FILE_VARIANTS, type FileDriver } from '../../core/storage/file-driver.js';
import { LocalFolderDriver } from '../../core/storage/local-folder.driver.js';
import { S3Driver } from '../../core/storage/s3.driver.js';
import { BACKUP_FORMAT, MANIFEST_FILE, type TBackupEntry, type TBackupManifest, writeStored } from './backup-format.js';
import { dumpPglite, dumpPostgres } from './database-dump.js';
import { DEFAULT_PGLITE_DIR } from '@learnweek/db';
import { APP_VERSION } from './app-version.js';

export const BACKUP_PREFIX = 'learnweek-backup-';

/** `learnweek-backup-20261207T020000Z`: sorts by time. */
export const backupName = (at: Date) =>
  `${BACKUP_PREFIX}${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;

/** The time a package's name says, or undefined for anything else in the folder. */
export function backupTimeOf(name: string): Date | undefined {
  const m = /^learnweek-backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(name);
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`) : undefined;
}

export const fileDriverOf = (config: Pick<AppConfig, 'filesS3' | 'filesDir'>): FileDriver =>
  config.filesS3 ? new S3Driver(config.filesS3) : new LocalFolderDriver(config.filesDir);

/** Where the database is: a server (DATABASE_URL), or the embedded one's data folder (served by this process at `url` or not). */
export type TDatabaseTarget = { kind: 'postgresql'; url: string } | { kind: 'pglite'; dataDir: string; url?: string };

export function databaseTargetOf(
  config: Pick<AppConfig, 'databaseUrl' | 'databaseOwnerUrl' | 'pgliteDataDir'>,
  servedUrl?: string,
): TDatabaseTarget {
  // As the tables' owner: a dump must read every district's rows.
  return config.databaseUrl
    ? { kind: 'postgresql', url: config.databaseOwnerUrl ?? config.databaseUrl }
    : { kind: 'pglite', dataDir: config.pgliteDataDir ?? DEFAULT_PGLITE_DIR, url: servedUrl };
}

export interface TBackupResult {
  dir: string;
  manifest: TBackupManifest;
}

export async function createBackup(opts: {
  out: string;
  at: Date;
  database: TDatabaseTarget;
  files: FileDriver;
  key: Buffer | undefined;
  log?: (m: string) => void;
}): Promise<TBackupResult> {
  const log = opts.log ?? (() => {});
  const name = backupName(opts.at);
  const dir = path.join(path.resolve(opts.out), name);
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true, mode: 0o700 });
  try {
    const dumpFile = opts.database.kind === 'postgresql' ? 'database.dump' : 'database.tar.gz';
    log(`database → ${dumpFile}`);
    const db =
      opts.database.kind === 'postgresql'
        ? await dumpPostgres(opts.database.url, path.join(partial, dumpFile), opts.key)
        : await dumpPglite(opts.database.url, opts.database.dataDir, path.join(partial, dumpFile), opts.key);
    log(`files (${opts.files.name}): ${db.fileKeys.length}`);
    const entries: TBackupEntry[] = [];
    for (const key of db.fileKeys) {
      await mkdir(path.join(partial, 'files', key), { recursive: true });
      for (const variant of FILE_VARIANTS) {
        const bytes = await opts.files.read(key, variant);
        if (!bytes) throw new Error(`stored file ${key}/${variant} is missing from ${opts.files.name}`);
        const rel = `files/${key}/${variant}`;
        entries.push({ path: rel, ...(await writeStored(bytes, path.join(partial, rel), opts.key)) });
      }
    }
    const migration = db.migrations.at(-1) ?? '';
    const manifest: TBackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: opts.at.toISOString(),
      appVersion: APP_VERSION,
      encrypted: opts.key !== undefined,
      database: {
        kind: opts.database.kind,
        serverVersion: db.serverVersion,
        dumpVersion: db.dumpVersion,
        migration,
        migrations: db.migrations,
        rowCounts: db.rowCounts,
        roles: db.roles,
        dump: { path: dumpFile, ...db.dump },
      },
      files: { source: opts.files.name, entries },
    };
    await writeFile(path.join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    await rm(dir, { recursive: true, force: true });
    await rename(partial, dir);
    log(`backup ${dir}: ${Object.values(db.rowCounts).reduce((a, b) => a + b, 0)} rows, ${entries.length} files`);
    return { dir, manifest };
  } catch (err) {
    await rm(partial, { recursive: true, force: true });
    throw err;
  }
}
