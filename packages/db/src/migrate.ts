/**
 * Offline replacement for `prisma migrate deploy`.
 *
 * Applies prisma/migrations/<timestamp>_<name>/migration.sql in lexical order and
 * records each one in `_prisma_migrations` exactly like Prisma's schema engine
 * (same table DDL, same advisory lock id, checksum = sha256 hex of the file), so
 * a database migrated here can later be managed by `prisma migrate deploy`
 * wherever the schema-engine binary is available, and vice versa.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** Smallest surface shared by pg.Client / pg.PoolClient and PGlite. */
export interface SqlExecutor {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /** Runs a multi-statement script over the simple-query protocol. */
  exec(sql: string): Promise<unknown>;
}

/** Wraps a node-postgres client (pg.Client or a checked-out pool client). */
export function pgExecutor(client: {
  query: (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
}): SqlExecutor {
  return {
    query: (sql, params) => client.query(sql, params),
    // pg uses the simple-query protocol when no parameters are given, so a
    // whole migration.sql runs as one implicit transaction, as with Prisma.
    exec: (sql) => client.query(sql),
  };
}

const ADVISORY_LOCK_ID = 72707369; // the id Prisma Migrate uses on PostgreSQL

// Same DDL as prisma-engines (sql-schema-connector, postgres flavour).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

export const checksumOf = (script: string | Buffer) => createHash('sha256').update(script).digest('hex');

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<LocalMigration[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const buf = await readFile(path.join(dir, name, 'migration.sql'));
      return { name, sql: buf.toString('utf8'), checksum: checksumOf(buf) };
    }),
  );
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export async function migrateDeploy(db: SqlExecutor, opts: { dir?: string; log?: (msg: string) => void } = {}): Promise<MigrateResult> {
  const log = opts.log ?? (() => {});
  const local = await readMigrations(opts.dir);
  await db.query(`SELECT pg_advisory_lock(${ADVISORY_LOCK_ID})`);
  try {
    await db.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await db.query(
      `SELECT "id", "checksum", "finished_at", "migration_name", "rolled_back_at"
         FROM "_prisma_migrations" ORDER BY "started_at" ASC`,
    );
    const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed.length > 0) {
      // Prisma refuses to continue in this state too (error P3009).
      throw new Error(
        `Failed migration(s) found in the database: ${failed.map((r) => r.migration_name).join(', ')}. ` +
          'Fix the database, then mark them with UPDATE "_prisma_migrations" SET rolled_back_at = now() ' +
          '(or `prisma migrate resolve --rolled-back <name>` where the schema engine is available).',
      );
    }
    const done = new Map<string, string>();
    for (const r of rows) if (r.finished_at !== null && r.rolled_back_at === null) done.set(String(r.migration_name), String(r.checksum));

    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    for (const m of local) {
      const recorded = done.get(m.name);
      if (recorded !== undefined) {
        const crlf = checksumOf(m.sql.replace(/\r?\n/g, '\r\n'));
        const lf = checksumOf(m.sql.replace(/\r\n/g, '\n'));
        if (recorded !== m.checksum && recorded !== crlf && recorded !== lf) {
          log(`warning: migration ${m.name} was modified after it was applied`);
        }
        result.alreadyApplied.push(m.name);
        continue;
      }
      const id = randomUUID();
      await db.query(
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "started_at", "migration_name", "applied_steps_count")
         VALUES ($1, $2, now(), $3, 0)`,
        [id, m.checksum, m.name],
      );
      try {
        await db.exec(m.sql);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await db.query(`UPDATE "_prisma_migrations" SET "logs" = $2 WHERE "id" = $1`, [id, message]);
        throw new Error(`Migration ${m.name} failed: ${message}`, { cause: err });
      }
      await db.query(
        `UPDATE "_prisma_migrations" SET "finished_at" = now(), "applied_steps_count" = "applied_steps_count" + 1
         WHERE "id" = $1`,
        [id],
      );
      log(`applied ${m.name}`);
      result.applied.push(m.name);
    }
    for (const name of done.keys()) {
      if (!local.some((m) => m.name === name)) log(`warning: ${name} is applied but missing locally`);
    }
    return result;
  } finally {
    await db.query(`SELECT pg_advisory_unlock(${ADVISORY_LOCK_ID})`);
  }
}
