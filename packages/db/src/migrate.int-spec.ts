import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type DatabaseHandle } from './database.js';
import { checksumOf, migrateDeploy, MIGRATIONS_DIR, pgExecutor, readMigrations } from './migrate.js';

let db: DatabaseHandle | undefined;
let client: pg.Client | undefined;
afterEach(async () => {
  await client?.end();
  await db?.stop();
  client = db = undefined;
});

async function connect(migrate: boolean) {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.ownerUrl });
  await client.connect();
  if (!migrate) {
    // createTestDatabase migrates; start these cases from an empty schema.
    await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  }
  return client;
}

function migrationsDir(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lw-migrations-'));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

describe('migrateDeploy (the offline `prisma migrate deploy`)', () => {
  it('applies the project’s migrations and records Prisma-compatible checksums', async () => {
    const c = await connect(true);
    const { rows } = await c.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    const local = await readMigrations();
    expect(rows.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
    for (const m of local) {
      const sha = checksumOf(readFileSync(path.join(MIGRATIONS_DIR, m.name, 'migration.sql')));
      expect(rows.find((r) => r.migration_name === m.name)).toMatchObject({ checksum: sha, finished_at: expect.any(Date) });
    }
  });

  it('is a no-op when run again', async () => {
    const c = await connect(true);
    const r = await migrateDeploy(pgExecutor(c));
    expect(r.applied).toEqual([]);
    expect(r.alreadyApplied).toHaveLength((await readMigrations()).length);
  });

  it('stops at a failed migration and refuses to go on until it is resolved', async () => {
    const c = await connect(false);
    const dir = migrationsDir({
      '20260101000000_a': 'CREATE TABLE t (id int);',
      '20260102000000_b': 'CREATE TABLE broken (;',
      '20260103000000_c': 'CREATE TABLE u (id int);',
    });
    await expect(migrateDeploy(pgExecutor(c), { dir })).rejects.toThrow(/Migration 20260102000000_b failed/);
    await expect(migrateDeploy(pgExecutor(c), { dir })).rejects.toThrow(/Failed migration\(s\) found in the database: 20260102000000_b/);
    const tables = await c.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'u'`);
    expect(tables.rows[0]).toEqual({ n: 0 });
  });

  it('reports an applied migration whose file was modified', async () => {
    const c = await connect(false);
    const dir = migrationsDir({ '20260101000000_a': 'CREATE TABLE t (id int);' });
    await migrateDeploy(pgExecutor(c), { dir });
    writeFileSync(path.join(dir, '20260101000000_a', 'migration.sql'), 'CREATE TABLE t (id bigint);');
    const logs: string[] = [];
    await migrateDeploy(pgExecutor(c), { dir, log: (m) => logs.push(m) });
    expect(logs).toContain('warning: migration 20260101000000_a was modified after it was applied');
  });
});
