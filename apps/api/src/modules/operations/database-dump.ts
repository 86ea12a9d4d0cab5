/**
 * The database's part of a backup and of a restore: PostgreSQL through pg_dump / pg_restore (custom
 * format, as the database's owner: DATABASE_URL), the embedded PGlite through its own dump (a tarball
 * of its data folder). Row counts are taken from what the dump holds: PostgreSQL's in the snapshot
 * pg_dump reads (pg_export_snapshot), PGlite's from the dump loaded into memory.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { embeddedDatabaseAt, lockDataDir, type SqlExecutor } from '@learnweek/db';
import pg from 'pg';
import { writeStored } from './backup-format.js';

/** What a database tells about itself in a backup. */
export interface TDatabaseFacts {
  serverVersion: string;
  migrations: string[];
  rowCounts: Record<string, number>;
  roles: string[];
  /** The stored files its rows name (StoredFile.storageKey). */
  fileKeys: string[];
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The tables of the public schema, each with its row count; the migrations applied; the roles its grants and policies name. */
export async function databaseFacts(db: Pick<SqlExecutor, 'query'>): Promise<TDatabaseFacts> {
  const version = await db.query(`SELECT current_setting('server_version') AS v`);
  const tables = await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const rowCounts: Record<string, number> = {};
  for (const t of tables.rows) {
    const name = String(t.tablename);
    const r = await db.query(`SELECT count(*)::int AS n FROM public.${q(name)}`);
    rowCounts[name] = Number(r.rows[0]!.n);
  }
  const names = new Set(tables.rows.map((t) => String(t.tablename)));
  const migrations = names.has('_prisma_migrations')
    ? (
        await db.query(
          `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
        )
      ).rows.map((r) => String(r.migration_name))
    : [];
  const roles = (
    await db.query(
      `SELECT DISTINCT r FROM (
         SELECT grantee::text AS r FROM information_schema.role_table_grants WHERE table_schema = 'public'
         UNION SELECT unnest(roles)::text FROM pg_policies WHERE schemaname = 'public'
       ) x WHERE r NOT IN ('PUBLIC', 'public') AND r <> current_user AND r NOT IN (SELECT rolname FROM pg_roles WHERE rolsuper)
       ORDER BY r`,
    )
  ).rows.map((r) => String(r.r));
  const fileKeys = names.has('StoredFile')
    ? (await db.query(`SELECT "storageKey" FROM "StoredFile" ORDER BY "storageKey"`)).rows.map((r) => String(r.storageKey))
    : [];
  return { serverVersion: String(version.rows[0]!.v), migrations, rowCounts, roles, fileKeys };
}

/** PG_BIN: the folder of pg_dump and pg_restore (e.g. /usr/lib/postgresql/16/bin); else they come from PATH. */
const tool = (name: 'pg_dump' | 'pg_restore') => (process.env.PG_BIN ? path.join(process.env.PG_BIN, name) : name);

function run(cmd: string, args: string[], stdout?: Writable): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', stdout ? 'pipe' : 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    if (stdout) child.stdout.pipe(stdout);
    else child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', (e) => reject(new Error(`${cmd}: ${e.message}`)));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited with ${code}: ${err.trim()}`))));
  });
}

/** pg_dump's major version, which must be at least the server's (it refuses a newer server). */
async function checkToolVersion(name: 'pg_dump' | 'pg_restore', serverVersionNum: number): Promise<string> {
  const out = await run(tool(name), ['--version']);
  const major = Number(/(\d+)(?:\.\d+)?/.exec(out)?.[1] ?? 0);
  const server = Math.floor(serverVersionNum / 10_000);
  if (major < server) {
    throw new Error(
      `${name} ${major} is older than the PostgreSQL server (${server}): install postgresql-client-${server}, or set PG_BIN to its folder`,
    );
  }
  return out.trim();
}

export interface TDumpResult extends TDatabaseFacts {
  dumpVersion: string;
  dump: { size: number; sha256: string };
}

/** PostgreSQL: pg_dump in the custom format, of the snapshot the facts are read in, streamed to `file`. */
export async function dumpPostgres(url: string, file: string, key: Buffer | undefined): Promise<TDumpResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // As pg_dump does: a row a policy would hide is an error, never a smaller count.
    await client.query('SET LOCAL row_security = off');
    const snapshot = (await client.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0]!.s;
    const num = Number((await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)).rows[0]!.v);
    const dumpVersion = await checkToolVersion('pg_dump', num);
    const facts = await databaseFacts(pgExec(client));
    const child = spawn(tool('pg_dump'), ['--format=custom', `--snapshot=${snapshot}`, '--no-password', `--dbname=${url}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<void>((resolve, reject) => {
      child.on('error', (e) => reject(new Error(`pg_dump: ${e.message}`)));
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pg_dump exited with ${code}: ${err.trim()}`))));
    });
    const [dump] = await Promise.all([writeStored(child.stdout, file, key), exited]);
    await client.query('COMMIT');
    return { ...facts, dumpVersion, dump };
  } finally {
    await client.end();
  }
}

export const pgExec = (client: pg.Client): SqlExecutor => ({
  query: (sql, params) => client.query(sql, params),
  exec: (sql) => client.query(sql),
});

/** PGlite loaded from a dump, in memory. */
export async function pgliteFromDump(dump: Buffer, dataDir = 'memory://') {
  const { PGlite } = await import('@electric-sql/pglite');
  return PGlite.create(dataDir, { loadDataDir: new Blob([new Uint8Array(dump)]) });
}

/**
 * The embedded database: its own dump, from this process when it serves it (the scheduled backup),
 * else from its data folder, which must not be in use (the CLI with the service stopped).
 */
export async function dumpPglite(url: string | undefined, dataDir: string, file: string, key: Buffer | undefined): Promise<TDumpResult> {
  const served = url ? embeddedDatabaseAt(url) : undefined;
  let dump: Buffer;
  if (served) {
    dump = Buffer.from(await (await served.dumpDataDir()).arrayBuffer());
  } else {
    const lock = lockDataDir(dataDir);
    try {
      const { PGlite } = await import('@electric-sql/pglite');
      const db = await PGlite.create(dataDir);
      try {
        dump = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
      } finally {
        await db.close();
      }
    } finally {
      lock.release();
    }
  }
  const copy = await pgliteFromDump(dump);
  try {
    const facts = await databaseFacts(copy);
    return { ...facts, dumpVersion: `PGlite dumpDataDir (PostgreSQL ${facts.serverVersion})`, dump: await writeStored(dump, file, key) };
  } finally {
    await copy.close();
  }
}

/** Creates, NOLOGIN, the roles a dump's grants name that this server lacks (their passwords are the operator's to set). */
export async function ensureRoles(client: pg.Client, roles: readonly string[]): Promise<string[]> {
  const made: string[] = [];
  for (const role of roles) {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (rowCount) continue;
    await client.query(`CREATE ROLE ${q(role)} NOLOGIN`);
    made.push(role);
  }
  return made;
}

/** pg_restore of a custom-format dump (plaintext, in `file`) into an empty database, as the connecting owner. */
export async function pgRestore(url: string, file: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let num: number;
  try {
    num = Number((await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)).rows[0]!.v);
  } finally {
    await client.end();
  }
  await checkToolVersion('pg_restore', num);
  await run(tool('pg_restore'), ['--no-owner', '--exit-on-error', '--single-transaction', '--no-password', `--dbname=${url}`, file]);
}

/**
 * Rows of every public table from one database into another at the same schema level (the move from
 * the embedded default to PostgreSQL): as JSON, table by table, foreign keys and triggers off while
 * it runs (session_replication_role), then the sequences where the source had them.
 */
export async function copyRows(from: Pick<SqlExecutor, 'query'>, to: pg.Client): Promise<void> {
  const tables = (
    await from.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`)
  ).rows.map((r) => String(r.tablename));
  await to.query('BEGIN');
  try {
    await to.query('SET LOCAL session_replication_role = replica');
    // What the migrations themselves wrote is in the source too.
    if (tables.length) await to.query(`TRUNCATE ${tables.map((t) => `public.${q(t)}`).join(', ')} CASCADE`);
    for (const t of tables) {
      const total = Number((await from.query(`SELECT count(*)::int AS n FROM public.${q(t)}`)).rows[0]!.n);
      for (let offset = 0; offset < total; offset += 1_000) {
        const r = await from.query(
          `SELECT coalesce(json_agg(x), '[]')::text AS rows FROM (SELECT * FROM public.${q(t)} ORDER BY ctid LIMIT 1000 OFFSET ${offset}) x`,
        );
        await to.query(`INSERT INTO public.${q(t)} SELECT * FROM json_populate_recordset(NULL::public.${q(t)}, $1::json)`, [
          String(r.rows[0]!.rows),
        ]);
      }
    }
    const seqs = (await from.query(`SELECT sequencename, last_value::text AS last_value FROM pg_sequences WHERE schemaname = 'public'`))
      .rows as {
      sequencename: string;
      last_value: string | null;
    }[];
    for (const s of seqs) {
      if (s.last_value !== null) await to.query(`SELECT setval($1, $2)`, [`public.${q(s.sequencename)}`, s.last_value]);
    }
    await to.query('COMMIT');
  } catch (err) {
    await to.query('ROLLBACK');
    throw err;
  }
}
