import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrismaClient, createTestDatabase, type DatabaseHandle, startDatabase } from '@learnweek/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_VARIANTS, type TFileVariant } from '../src/core/storage/file-driver.js';
import { LocalFolderDriver } from '../src/core/storage/local-folder.driver.js';
import { BackupRefusedError, MANIFEST_FILE, type TBackupManifest } from '../src/modules/operations/backup-format.js';
import { createBackup, type TDatabaseTarget } from '../src/modules/operations/backup.js';
import { restoreBackup, verifyBackup } from '../src/modules/operations/restore.js';
import { createDemoTestDatabase, seedDemo } from '../src/demo/seed-demo.js';
import { photo } from './files.js';
import { everyRow, fileHashes } from './rows.js';

/** Demo data (unless already there) and three uploaded photos (StoredFile rows and their variants in the folder). */
async function fill(url: string, filesDir: string, at: Date, seeded = false): Promise<void> {
  if (!seeded) await seedDemo({ url }, { now: at, city: false });
  const prisma = createPrismaClient(url, 1);
  try {
    const files = new LocalFolderDriver(filesDir);
    await files.init();
    for (let seed = 1; seed <= 3; seed++) {
      const id = randomUUID();
      const key = `${id.slice(0, 2)}/${id}`;
      const bytes = await photo(seed, { width: 320, height: 240 });
      const variants = Object.fromEntries(FILE_VARIANTS.map((v, i) => [v, Buffer.concat([bytes, Buffer.from([i])])])) as Record<
        TFileVariant,
        Buffer
      >;
      await files.put(key, variants);
      await prisma.storedFile.create({
        data: {
          id,
          storageKey: key,
          contentType: 'image/jpeg',
          size: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
        },
      });
    }
  } finally {
    await prisma.$disconnect();
  }
}

const AT = new Date('2026-12-07T02:00:00Z');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lw-backup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const server = process.env.DATABASE_URL;
const admin = async (sql: string) => {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
};
const nameOf = (url: string) => new URL(url).pathname.slice(1);

describe('backup and restore of the database in use (PostgreSQL with DATABASE_URL, else the embedded one)', () => {
  let db: DatabaseHandle;
  let target: TDatabaseTarget;
  const filesDir = path.join(tmp, 'files');
  const out = path.join(tmp, 'backups');
  const key = randomBytes(32);
  let packageDir: string;
  let before: Record<string, string>;
  let beforeFiles: Record<string, string>;

  beforeAll(async () => {
    ({ db } = await createDemoTestDatabase({ now: AT }));
    await fill(db.ownerUrl, filesDir, AT, true);
    target = db.kind === 'pglite' ? { kind: 'pglite', dataDir: 'memory://', url: db.ownerUrl } : { kind: 'postgresql', url: db.ownerUrl };
    before = await everyRow(db.ownerUrl);
    beforeFiles = fileHashes(filesDir);
    packageDir = (await createBackup({ out, at: AT, database: target, files: new LocalFolderDriver(filesDir), key })).dir;
  });
  afterAll(async () => {
    await db.stop();
    if (server) {
      const { rows } = await admin(`SELECT datname FROM pg_database WHERE datname LIKE '${nameOf(db.ownerUrl)}_%'`);
      for (const r of rows as { datname: string }[]) await admin(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    }
  });

  it('writes one package: the dump, every variant of every stored file, a manifest with counts and hashes', () => {
    const manifest = JSON.parse(readFileSync(path.join(packageDir, MANIFEST_FILE), 'utf8')) as TBackupManifest;
    expect(manifest.encrypted).toBe(true);
    expect(manifest.database.kind).toBe(db.kind === 'pglite' ? 'pglite' : 'postgresql');
    expect(manifest.database.migration).toMatch(/^\d{14}_/);
    expect(manifest.database.rowCounts.StoredFile).toBe(3);
    expect(manifest.database.rowCounts.Unit).toBeGreaterThan(60);
    expect(manifest.files.entries).toHaveLength(9);
    // Encrypted: no photo is readable as itself in the package.
    const [first] = Object.keys(beforeFiles);
    expect(readFileSync(path.join(packageDir, 'files', first!)).equals(readFileSync(path.join(filesDir, first!)))).toBe(false);
    expect(readdirSync(out)).toEqual([path.basename(packageDir)]);
  });

  it('refuses a package with a changed file or dump before touching anything', async () => {
    for (const damaged of [(m: TBackupManifest) => m.files.entries[4]!.path, (m: TBackupManifest) => m.database.dump.path]) {
      const copy = path.join(tmp, `damaged-${randomUUID()}`);
      cpSync(packageDir, copy, { recursive: true });
      const manifest = JSON.parse(readFileSync(path.join(copy, MANIFEST_FILE), 'utf8')) as TBackupManifest;
      appendFileSync(path.join(copy, damaged(manifest)), Buffer.from([0]));
      const attempt = restoreBackup({ from: copy, database: target, filesDir, files: undefined, key, at: AT });
      await expect(attempt).rejects.toThrow(BackupRefusedError);
      await expect(attempt).rejects.toThrow(damaged(manifest));
      expect(await everyRow(db.ownerUrl)).toEqual(before);
      expect(fileHashes(filesDir)).toEqual(beforeFiles);
      expect(readdirSync(tmp).filter((f) => f.includes('.restore-'))).toEqual([]);
      if (server) expect((await admin(`SELECT 1 FROM pg_database WHERE datname LIKE '%\\_restore\\_%'`)).rowCount).toBe(0);
    }
  });

  it('refuses a backup from a newer schema than this release', async () => {
    const copy = path.join(tmp, 'newer');
    cpSync(packageDir, copy, { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(copy, MANIFEST_FILE), 'utf8')) as TBackupManifest;
    manifest.database.migrations.push('20991231000000_from_the_future');
    manifest.database.migration = '20991231000000_from_the_future';
    writeFileSync(path.join(copy, MANIFEST_FILE), JSON.stringify(manifest));
    await expect(verifyBackup(copy)).rejects.toThrow(/newer than this release[\s\S]*20991231000000_from_the_future/);
    await expect(restoreBackup({ from: copy, database: target, filesDir, files: undefined, key, at: AT })).rejects.toThrow(
      BackupRefusedError,
    );
    expect(await everyRow(db.ownerUrl)).toEqual(before);
  });

  it('refuses an encrypted backup without its key', async () => {
    await expect(restoreBackup({ from: packageDir, database: target, filesDir, files: undefined, key: undefined, at: AT })).rejects.toThrow(
      /BACKUP_KEY/,
    );
  });

  it('backup → drop → restore: every table’s rows and every file’s hash equal', async () => {
    // Lost: the database and the folder of files.
    let restoredUrl: string;
    let restoreTarget: TDatabaseTarget;
    if (db.kind === 'pglite') {
      await db.stop();
      restoreTarget = { kind: 'pglite', dataDir: path.join(tmp, 'pglite') };
    } else {
      await admin(`DROP DATABASE "${nameOf(db.ownerUrl)}" WITH (FORCE)`);
      restoreTarget = target;
    }
    rmSync(filesDir, { recursive: true, force: true });
    const r = await restoreBackup({
      from: packageDir,
      database: restoreTarget,
      filesDir,
      files: undefined,
      key,
      at: new Date('2026-12-07T03:00:00Z'),
    });
    expect(r.files).toBe(3);
    expect(r.migrated).toEqual([]);
    let reopened: DatabaseHandle | undefined;
    if (restoreTarget.kind === 'pglite') {
      reopened = await startDatabase({ dataDir: restoreTarget.dataDir, migrate: false, log: () => {} });
      restoredUrl = reopened.url;
    } else restoredUrl = db.ownerUrl;
    try {
      expect(await everyRow(restoredUrl)).toEqual(before);
    } finally {
      await reopened?.stop();
    }
    expect(fileHashes(filesDir)).toEqual(beforeFiles);
    if (db.kind === 'pglite') db = await createTestDatabase();
  });
});

describe.runIf(server)('the embedded default and the move to PostgreSQL', () => {
  const dataDir = path.join(tmp, 'embedded');
  const filesDir = path.join(tmp, 'embedded-files');
  const out = path.join(tmp, 'embedded-backups');
  let target: DatabaseHandle;
  let packageDir: string;
  let before: Record<string, string>;
  let beforeFiles: Record<string, string>;

  beforeAll(async () => {
    const embedded = await startDatabase({ dataDir, log: () => {} });
    try {
      await fill(embedded.url, filesDir, AT);
      before = await everyRow(embedded.url);
    } finally {
      await embedded.stop();
    }
    beforeFiles = fileHashes(filesDir);
    // The service stopped: the command opens the data folder itself.
    packageDir = (
      await createBackup({ out, at: AT, database: { kind: 'pglite', dataDir }, files: new LocalFolderDriver(filesDir), key: undefined })
    ).dir;
    target = await createTestDatabase();
  }, 300_000);
  afterAll(async () => {
    await target?.stop();
  });

  it('backup → restore into its data folder: rows and files equal, the replaced folder kept', async () => {
    const r = await restoreBackup({
      from: packageDir,
      database: { kind: 'pglite', dataDir },
      filesDir,
      files: undefined,
      key: undefined,
      at: AT,
    });
    expect(r.replaced).toEqual([`folder ${dataDir}.replaced-20261207020000`, `folder ${filesDir}.replaced-20261207020000`]);
    const reopened = await startDatabase({ dataDir, migrate: false, log: () => {} });
    try {
      expect(await everyRow(reopened.url)).toEqual(before);
    } finally {
      await reopened.stop();
    }
    expect(fileHashes(filesDir)).toEqual(beforeFiles);
  }, 300_000);

  it('an embedded backup restores onto PostgreSQL with every row (the migrations’ own record is the new server’s)', async () => {
    const moved = path.join(tmp, 'moved-files');
    await restoreBackup({
      from: packageDir,
      database: { kind: 'postgresql', url: target.ownerUrl },
      filesDir: moved,
      files: undefined,
      key: undefined,
      at: AT,
    });
    // The migrations' own record (ids, times) is the new server's.
    const withoutMigrations = (rows: Record<string, string>) =>
      Object.fromEntries(Object.entries(rows).filter(([t]) => t !== '_prisma_migrations'));
    expect(withoutMigrations(await everyRow(target.ownerUrl))).toEqual(withoutMigrations(before));
    expect(fileHashes(moved)).toEqual(beforeFiles);
  }, 300_000);
});
