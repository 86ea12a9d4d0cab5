/**
 * `npm run restore` and the restore drill. Nothing is touched before the package is proven whole
 * (manifest, every hash) and its schema known to this release. A restore builds the new database (a
 * new database on the server, a new data folder for the embedded one) and the new files folder
 * beside the live ones, migrates it forward, checks its row counts against the manifest, and only then
 * switches: the replaced ones are renamed `…_replaced_<time>` and kept until `--drop-replaced`.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DATA_DIR_LOCK_FILE, lockDataDir, MIGRATIONS_DIR, migrateDeploy, readMigrations } from '@learnweek/db';
import pg from 'pg';
import type { FileDriver, TFileVariant } from '../../core/storage/file-driver.js';
import { LocalFolderDriver } from '../../core/storage/local-folder.driver.js';
import {
  BackupRefusedError,
  hashFile,
  MANIFEST_FILE,
  readStored,
  readStoredBuffer,
  type TBackupManifest,
  ZBackupManifest,
} from './backup-format.js';
import type { TDatabaseTarget } from './backup.js';
import { copyRows, databaseFacts, ensureRoles, pgExec, pgliteFromDump, pgRestore } from './database-dump.js';

/** Reads the manifest and checks every file's size and hash, and the schema's level: a list of what is wrong, or the manifest. */
export async function verifyBackup(dir: string): Promise<TBackupManifest> {
  let manifest: TBackupManifest;
  try {
    manifest = ZBackupManifest.parse(JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8')));
  } catch (err) {
    throw new BackupRefusedError(`${dir}: no readable ${MANIFEST_FILE} (${(err as Error).message.split('\n')[0]})`);
  }
  const problems: string[] = [];
  const root = path.resolve(dir);
  for (const entry of [manifest.database.dump, ...manifest.files.entries]) {
    const file = path.resolve(root, entry.path);
    if (!file.startsWith(root + path.sep)) {
      problems.push(`${entry.path}: outside the package`);
      continue;
    }
    const found = await hashFile(file).catch(() => undefined);
    if (!found) problems.push(`${entry.path}: missing`);
    else if (found.size !== entry.size || found.sha256 !== entry.sha256) problems.push(`${entry.path}: SHA-256 differs from the manifest`);
  }
  if (problems.length) throw new BackupRefusedError('the backup is damaged; nothing was changed', problems);
  const local = new Set((await readMigrations()).map((m) => m.name));
  const unknown = manifest.database.migrations.filter((m) => !local.has(m));
  if (unknown.length) {
    throw new BackupRefusedError(
      `the backup's schema is newer than this release (app ${manifest.appVersion}); upgrade learnweek first, then restore; nothing was changed`,
      unknown.map((m) => `migration ${m} is not in this release`),
    );
  }
  return manifest;
}

const stamp = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '');

/** The migrations folder as far as `names` go (a database brought to a backup's level before its rows are copied in). */
async function migrationsUpTo(names: readonly string[]): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lw-migrations-'));
  for (const n of names) await cp(path.join(MIGRATIONS_DIR, n), path.join(dir, n), { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

const withClient = async <T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
};

function databaseUrl(server: string, name: string): string {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The database DATABASE_URL names, and a URL of the same server for the statements about it (another database). */
function serverOf(url: string): { name: string; maintenance: string } {
  const name = decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
  return { name, maintenance: databaseUrl(url, name === 'postgres' ? 'template1' : 'postgres') };
}

function compareCounts(expected: Record<string, number>, found: Record<string, number>): string[] {
  const problems: string[] = [];
  for (const [t, n] of Object.entries(expected)) {
    if (found[t] !== n) problems.push(`table ${t}: ${found[t] ?? 'missing'} rows, the manifest says ${n}`);
  }
  return problems;
}

/** The dump's plaintext in a temporary file (pg_restore reads a file). */
async function plainDump(
  dir: string,
  manifest: TBackupManifest,
  key: Buffer | undefined,
): Promise<{ file: string; remove(): Promise<void> }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lw-restore-'));
  const file = path.join(tmp, 'database.dump');
  await readStored(
    path.join(dir, manifest.database.dump.path),
    manifest.encrypted ? key : undefined,
    createWriteStream(file, { mode: 0o600 }),
  );
  return { file, remove: () => rm(tmp, { recursive: true, force: true }) };
}

function needKey(manifest: TBackupManifest, key: Buffer | undefined): Buffer | undefined {
  if (manifest.encrypted && !key) throw new BackupRefusedError('the backup is encrypted: set BACKUP_KEY to its key; nothing was changed');
  return manifest.encrypted ? key : undefined;
}

/**
 * Fills a new, empty PostgreSQL database from the package (pg_restore, or the embedded dump's rows),
 * checks its row counts against the manifest, then migrates it forward. Returns the migrations applied.
 */
async function fillPostgres(url: string, dir: string, manifest: TBackupManifest, key: Buffer | undefined): Promise<string[]> {
  if (manifest.database.kind === 'postgresql') {
    const dump = await plainDump(dir, manifest, key);
    try {
      await pgRestore(url, dump.file);
    } finally {
      await dump.remove();
    }
  } else {
    const source = await pgliteFromDump(await readStoredBuffer(path.join(dir, manifest.database.dump.path), key));
    const upTo = await migrationsUpTo(manifest.database.migrations);
    try {
      await withClient(url, async (c) => {
        await migrateDeploy(pgExec(c), { dir: upTo.dir });
        await copyRows(source, c);
      });
    } finally {
      await upTo.remove();
      await source.close();
    }
  }
  return withClient(url, async (c) => {
    const problems = compareCounts(manifest.database.rowCounts, (await databaseFacts(pgExec(c))).rowCounts);
    if (problems.length) throw new BackupRefusedError('the restored database does not hold what the manifest says', problems);
    return (await migrateDeploy(pgExec(c))).applied;
  });
}

/** Writes every file of the package to a driver (decrypted). */
async function restoreFiles(dir: string, manifest: TBackupManifest, key: Buffer | undefined, to: FileDriver): Promise<number> {
  const byKey = new Map<string, Partial<Record<TFileVariant, Buffer>>>();
  for (const e of manifest.files.entries) {
    const m = /^files\/(.+)\/(original|web|thumb)$/.exec(e.path);
    if (!m) continue;
    const variants = byKey.get(m[1]!) ?? {};
    variants[m[2] as TFileVariant] = await readStoredBuffer(path.join(dir, e.path), key);
    byKey.set(m[1]!, variants);
  }
  for (const [k, v] of byKey) await to.put(k, v as Record<TFileVariant, Buffer>);
  return byKey.size;
}

export interface TRestoreResult {
  database: string;
  /** Where the data it replaced is kept (a database name or a folder), until `--drop-replaced`. */
  replaced: string[];
  migrated: string[];
  files: number;
}

/**
 * Restores a verified package into the live place (the service stopped): `files` is the S3 bucket's
 * driver, or undefined with `filesDir` for the local folder, which is swapped like the database.
 */
export async function restoreBackup(opts: {
  from: string;
  database: TDatabaseTarget;
  filesDir: string;
  files: FileDriver | undefined;
  key: Buffer | undefined;
  at: Date;
  log?: (m: string) => void;
}): Promise<TRestoreResult> {
  const log = opts.log ?? (() => {});
  const manifest = await verifyBackup(opts.from);
  const key = needKey(manifest, opts.key);
  log(`verified: ${manifest.database.dump.path} and ${manifest.files.entries.length} files match the manifest (${manifest.createdAt})`);
  const suffix = stamp(opts.at);
  const replaced: string[] = [];
  // The files, beside the live folder first (S3: written in place; the keys are new ids, so nothing is overwritten that the old rows need).
  const newFiles = `${path.resolve(opts.filesDir)}.restore-${suffix}`;
  let files: number;
  if (opts.files) files = await restoreFiles(opts.from, manifest, key, opts.files);
  else {
    await rm(newFiles, { recursive: true, force: true });
    await mkdir(newFiles, { recursive: true });
    files = await restoreFiles(opts.from, manifest, key, new LocalFolderDriver(newFiles));
  }
  let migrated: string[];
  let database: string;
  if (opts.database.kind === 'postgresql') {
    const { name, maintenance } = serverOf(opts.database.url);
    const fresh = `${name.slice(0, 40)}_restore_${suffix}`;
    const old = `${name.slice(0, 40)}_replaced_${suffix}`;
    await withClient(maintenance, async (c) => {
      await ensureRoles(c, manifest.database.roles);
      await c.query(`CREATE DATABASE "${fresh}"`);
    });
    try {
      migrated = await fillPostgres(databaseUrl(opts.database.url, fresh), opts.from, manifest, key);
    } catch (err) {
      await withClient(maintenance, (c) => c.query(`DROP DATABASE IF EXISTS "${fresh}" WITH (FORCE)`));
      if (!opts.files) await rm(newFiles, { recursive: true, force: true });
      throw err;
    }
    // The switch: the live database renamed aside (its sessions ended: the service must be stopped), the new one in its place.
    await withClient(maintenance, async (c) => {
      const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
      if (exists) {
        await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        await c.query(`ALTER DATABASE "${name}" RENAME TO "${old}"`);
        replaced.push(`database ${old}`);
      }
      await c.query(`ALTER DATABASE "${fresh}" RENAME TO "${name}"`);
    });
    database = `PostgreSQL ${name}`;
  } else {
    if (manifest.database.kind !== 'pglite') {
      throw new BackupRefusedError(
        'a PostgreSQL backup is restored onto a PostgreSQL server (set DATABASE_URL); the embedded database takes embedded backups',
      );
    }
    const dataDir = path.resolve(opts.database.dataDir);
    const lock = lockDataDir(dataDir);
    const fresh = `${dataDir}.restore-${suffix}`;
    try {
      await rm(fresh, { recursive: true, force: true });
      const db = await pgliteFromDump(await readStoredBuffer(path.join(opts.from, manifest.database.dump.path), key), fresh);
      try {
        const problems = compareCounts(manifest.database.rowCounts, (await databaseFacts(db)).rowCounts);
        if (problems.length) throw new BackupRefusedError('the restored database does not hold what the manifest says', problems);
        migrated = (await migrateDeploy(db)).applied;
      } finally {
        await db.close();
      }
      // The owner's lock of the folder it was dumped from came in the tarball.
      await rm(path.join(fresh, DATA_DIR_LOCK_FILE), { force: true });
      await rm(path.join(fresh, 'postmaster.pid'), { force: true });
      const old = `${dataDir}.replaced-${suffix}`;
      await rename(dataDir, old);
      await rename(fresh, dataDir);
      replaced.push(`folder ${old}`);
    } catch (err) {
      await rm(fresh, { recursive: true, force: true });
      if (!opts.files) await rm(newFiles, { recursive: true, force: true });
      throw err;
    } finally {
      lock.release();
    }
    database = `embedded ${dataDir}`;
  }
  if (!opts.files) {
    const live = path.resolve(opts.filesDir);
    if (existsSync(live)) {
      await rename(live, `${live}.replaced-${suffix}`);
      replaced.push(`folder ${live}.replaced-${suffix}`);
    }
    await rename(newFiles, live);
  }
  return { database, replaced, migrated, files };
}

/** `--drop-replaced`: what earlier restores kept aside. Returns what was removed. */
export async function dropReplaced(database: TDatabaseTarget, filesDir: string): Promise<string[]> {
  const dropped: string[] = [];
  if (database.kind === 'postgresql') {
    const { name, maintenance } = serverOf(database.url);
    await withClient(maintenance, async (c) => {
      const prefix = `${name.slice(0, 40)}_replaced_`;
      const { rows } = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
      for (const r of rows) {
        await c.query(`DROP DATABASE "${r.datname}" WITH (FORCE)`);
        dropped.push(`database ${r.datname}`);
      }
    });
  }
  const places = [path.resolve(filesDir), ...(database.kind === 'pglite' ? [path.resolve(database.dataDir)] : [])];
  for (const place of places) {
    const parent = path.dirname(place);
    for (const entry of await readdir(parent).catch(() => [] as string[])) {
      if (!entry.startsWith(`${path.basename(place)}.replaced-`)) continue;
      await rm(path.join(parent, entry), { recursive: true, force: true });
      dropped.push(`folder ${path.join(parent, entry)}`);
    }
  }
  return dropped;
}

export interface TDrillResult {
  ok: boolean;
  problems: string[];
  tables: number;
  rows: number;
  files: number;
}

/**
 * The restore drill: the package verified, its database restored into a scratch database (a new one
 * on the server, dropped after; the embedded dump into memory), its row counts compared with the
 * manifest. Never throws for what it finds: the result says.
 */
export async function drillBackup(opts: { from: string; server: string | undefined; key: Buffer | undefined }): Promise<TDrillResult> {
  let manifest: TBackupManifest;
  try {
    manifest = await verifyBackup(opts.from);
  } catch (err) {
    return {
      ok: false,
      problems: err instanceof BackupRefusedError ? [err.message] : [(err as Error).message],
      tables: 0,
      rows: 0,
      files: 0,
    };
  }
  const expected = manifest.database.rowCounts;
  const summary = {
    tables: Object.keys(expected).length,
    rows: Object.values(expected).reduce((a, b) => a + b, 0),
    files: manifest.files.entries.length,
  };
  try {
    const key = needKey(manifest, opts.key);
    let found: Record<string, number>;
    if (manifest.database.kind === 'pglite' || !opts.server) {
      if (manifest.database.kind !== 'pglite') throw new Error('a PostgreSQL backup is drilled on a PostgreSQL server');
      const db = await pgliteFromDump(await readStoredBuffer(path.join(opts.from, manifest.database.dump.path), key));
      try {
        found = (await databaseFacts(db)).rowCounts;
      } finally {
        await db.close();
      }
    } else {
      const { name, maintenance } = serverOf(opts.server);
      const scratch = `${name.slice(0, 40)}_drill_${randomBytes(4).toString('hex')}`;
      await withClient(maintenance, async (c) => {
        await ensureRoles(c, manifest.database.roles);
        await c.query(`CREATE DATABASE "${scratch}"`);
      });
      try {
        const dump = await plainDump(opts.from, manifest, key);
        try {
          await pgRestore(databaseUrl(opts.server, scratch), dump.file);
        } finally {
          await dump.remove();
        }
        found = await withClient(databaseUrl(opts.server, scratch), async (c) => (await databaseFacts(pgExec(c))).rowCounts);
      } finally {
        await withClient(maintenance, (c) => c.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`));
      }
    }
    // Every file decrypts (its tag holds) when the package is encrypted; the hashes were checked above.
    if (key) for (const e of manifest.files.entries) await readStoredBuffer(path.join(opts.from, e.path), key);
    const problems = compareCounts(expected, found);
    return { ok: problems.length === 0, problems, ...summary };
  } catch (err) {
    return { ok: false, problems: [(err as Error).message], ...summary };
  }
}
