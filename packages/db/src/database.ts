/**
 * Where the data lives:
 *  - DATABASE_URL set   → that PostgreSQL server; nothing embedded.
 *  - DATABASE_URL unset → embedded PGlite (PostgreSQL in WASM, in-process) on a data dir that
 *    this process locks (data-dir-lock.ts), served by pglite-socket on a Unix socket in that
 *    folder, so the app talks to it through the same driver (@prisma/adapter-pg over pg) as to a
 *    real server: one code path. pglite-socket asks for no password, so no TCP port: only this
 *    user's processes can open the socket (mode 0600).
 * Migrations from prisma/migrations are applied on start in both cases.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { APP_ROLE } from './tenancy.js';
import { lockDataDir } from './data-dir-lock.js';
import { migrateDeploy, pgExecutor, readMigrations } from './migrate.js';

/** <repo>/.data/pglite, wherever the process was started from. */
export const DEFAULT_PGLITE_DIR = fileURLToPath(new URL('../../../.data/pglite', import.meta.url));

export interface DatabaseHandle {
  /** The API's connection: a role that neither owns the tables nor passes over row-level security (docs/ARCHITECTURE.md, "Tenancy"). */
  url: string;
  /** The tables' owner: migrations, the demo's seed, backups and test fixtures (the same as `url` on PGlite). */
  ownerUrl: string;
  kind: 'external' | 'pglite';
  /** Pool size the app should use (PGlite runs one query at a time and refuses extra connections). */
  poolMax: number;
  stop(): Promise<void>;
}

export interface StartDatabaseOptions {
  /** An explicit server; default $DATABASE_URL. */
  url?: string;
  /** The tables' owner on that server, for the migrations; default $DATABASE_OWNER_URL with $DATABASE_URL, else `url`. */
  ownerUrl?: string;
  /** Production: an API connection that would pass over the policies is refused rather than warned of. Default NODE_ENV=production. */
  production?: boolean;
  /** PGlite data dir, or 'memory://' for a throwaway one. Default $PGLITE_DATA_DIR or <repo>/.data/pglite. */
  dataDir?: string;
  migrate?: boolean;
  log?: (msg: string) => void;
}

export class DatabaseUnreachableError extends Error {}

/** What a backup needs of an embedded database open in this process: its own dump (a tarball of its data folder). */
export interface EmbeddedDatabase {
  dataDir: string;
  dumpDataDir(): Promise<Blob>;
}

/** The embedded databases this process serves, by the URL they are served at (the backup finds its dump here). */
const embedded = new Map<string, EmbeddedDatabase>();

/** The embedded database this process serves at `url`, if it is one. */
export function embeddedDatabaseAt(url: string): EmbeddedDatabase | undefined {
  return embedded.get(url);
}

async function connect(url: string, which: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new DatabaseUnreachableError(`${which}: cannot connect to ${safeHost(url)} (${(err as Error).message})`);
  }
  return client;
}

async function migrateUrl(url: string, log: (m: string) => void) {
  const client = await connect(url, 'DATABASE_URL');
  try {
    const r = await migrateDeploy(pgExecutor(client), { log });
    log(`migrations: ${r.applied.length} applied, ${r.alreadyApplied.length} already applied`);
  } finally {
    await client.end();
  }
}

export class UnscopedRoleError extends Error {}

/**
 * The API connects as a role that row-level security applies to (docs/ARCHITECTURE.md, "Tenancy"): a
 * LOGIN role, member of learnweek_app (its privileges; the scope takes learnweek_app per transaction),
 * neither superuser nor BYPASSRLS nor the tables' owner, while the migrations run as the owner
 * (DATABASE_OWNER_URL). Checked at start, after the migrations (they make learnweek_app). Not a member:
 * refused. A role that passes over the policies (a single superuser URL, as before): refused in production,
 * a warning otherwise (returned, for the log). The embedded PGlite is not checked: it has one user, a
 * superuser, and keeps the per-transaction SET ROLE (district-scope.ts).
 */
export async function checkUnscopedRole(client: pg.Client, opts: { production?: boolean } = {}): Promise<string | undefined> {
  const { rows } = await client.query<{ role: string; super: boolean; bypass: boolean; owner: boolean; member: boolean }>(
    `SELECT rolname AS role, rolsuper AS super, rolbypassrls AS bypass,
            EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owner,
            rolsuper OR pg_has_role(current_user, $1, 'MEMBER') AS member
       FROM pg_roles WHERE rolname = current_user`,
    [APP_ROLE],
  );
  const r = rows[0];
  if (!r) return undefined;
  if (!r.member)
    throw new UnscopedRoleError(
      `DATABASE_URL: the role ${r.role} is not a member of ${APP_ROLE}, which the API's queries run as (GRANT ${APP_ROLE} TO ${r.role})`,
    );
  const passes = [r.super && 'a superuser', r.bypass && 'BYPASSRLS', r.owner && 'the tables’ owner'].filter(Boolean);
  if (passes.length === 0) return undefined;
  const problem = `DATABASE_URL: the role ${r.role} is ${passes.join(', ')}: row-level security does not hold it to a district; connect the API as a role that is none of them, and run the migrations as the owner (DATABASE_OWNER_URL)`;
  if (opts.production) throw new UnscopedRoleError(problem);
  return problem;
}

async function checkApiUrl(url: string, production: boolean, log: (m: string) => void) {
  const client = await connect(url, 'DATABASE_URL');
  try {
    const warning = await checkUnscopedRole(client, { production });
    if (warning) log(`warning: ${warning}`);
  } finally {
    await client.end();
  }
}

/**
 * Where the embedded server's socket goes: the data folder, unless its path is too long for a Unix
 * socket (107 bytes on Linux) or there is none (in memory); then a private temporary folder.
 */
function socketFolder(dataDir: string | undefined): { path: string; remove(): void } {
  if (dataDir && path.resolve(dataDir, '.s.PGSQL.5432').length <= 100) return { path: path.resolve(dataDir), remove: () => {} };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'learnweek-pg-'));
  return { path: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

export async function startDatabase(opts: StartDatabaseOptions = {}): Promise<DatabaseHandle> {
  const log = opts.log ?? ((m: string) => console.log(`[db] ${m}`));
  const external = opts.url ?? (opts.dataDir ? undefined : process.env.DATABASE_URL);
  let handle: DatabaseHandle;
  if (external) {
    const ownerUrl = opts.ownerUrl ?? (opts.url ? undefined : process.env.DATABASE_OWNER_URL) ?? external;
    handle = { url: external, ownerUrl, kind: 'external', poolMax: 10, stop: async () => {} };
    log(`using PostgreSQL at ${safeHost(external)}`);
  } else {
    const dataDir = opts.dataDir ?? process.env.PGLITE_DATA_DIR ?? DEFAULT_PGLITE_DIR;
    const inMemory = dataDir.includes('://');
    // Before PGlite opens it: a second process on the folder stops here without touching it.
    const lock = inMemory ? undefined : lockDataDir(dataDir);
    const socketDir = socketFolder(inMemory ? undefined : dataDir);
    try {
      // Loaded lazily so that a real server never loads the WASM bundle.
      const { PGlite } = await import('@electric-sql/pglite');
      const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
      const db = await PGlite.create(dataDir);
      // What a killed owner left behind (this process holds the folder's lock).
      const socket = path.join(socketDir.path, '.s.PGSQL.5432');
      rmSync(socket, { force: true });
      const server = new PGLiteSocketServer({ db, path: socket, maxConnections: 8 });
      await server.start();
      chmodSync(socket, 0o600);
      log(`embedded PGlite (${dataDir}) on ${socket}`);
      // node-postgres reads a Unix socket's folder from `host` and the file name from the port.
      const url = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir.path)}&sslmode=disable`;
      embedded.set(url, { dataDir, dumpDataDir: () => db.dumpDataDir('gzip') });
      handle = {
        url,
        ownerUrl: url,
        kind: 'pglite',
        // One connection: pglite-socket interleaves the extended-protocol messages of
        // concurrent connections ("portal does not exist"); PGlite runs one query at a time anyway.
        poolMax: 1,
        stop: async () => {
          embedded.delete(url);
          await server.stop();
          await db.close();
          socketDir.remove();
          lock?.release();
        },
      };
    } catch (err) {
      socketDir.remove();
      lock?.release();
      throw err;
    }
  }
  if (opts.migrate !== false) {
    try {
      await migrateUrl(handle.ownerUrl, log);
      if (handle.kind === 'external') await checkApiUrl(handle.url, opts.production ?? process.env.NODE_ENV === 'production', log);
    } catch (err) {
      await handle.stop();
      throw err;
    }
  }
  return handle;
}

/**
 * What a test database may be cloned from (PostgreSQL only): `build` fills a fresh, migrated
 * database once; later test databases are made from it with CREATE DATABASE … TEMPLATE. It is kept
 * under a name made of `key` and the migrations (their names and checksums), so a new migration or
 * a new key builds a new one.
 */
export interface TestDatabaseTemplate {
  key: string;
  build(db: DatabaseHandle): Promise<void>;
}

export interface TestDatabaseOptions {
  log?: (m: string) => void;
  template?: TestDatabaseTemplate;
}

/** A database's name for the template of `key` at this migration level. */
export async function templateName(key: string): Promise<string> {
  const level = (await readMigrations()).map((m) => `${m.name}:${m.checksum}`).join('\n');
  return `learnweek_tpl_${createHash('sha256').update(`${level}\n${key}`).digest('hex').slice(0, 20)}`;
}

const TEMPLATE_COMMENT = 'learnweek test template, last used ';
/** How long a template nobody asked for is kept. */
const TEMPLATE_KEPT_MS = 86_400_000;

/** Drops the templates nobody asked for in a day (code and migrations moved on: nothing asks for them any more). */
async function dropOldTemplates(admin: pg.Client, keep: string): Promise<void> {
  const { rows } = await admin.query<{ datname: string; note: string | null }>(
    `SELECT datname, shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname LIKE 'learnweek\\_tpl\\_%' AND datname <> $1`,
    [keep],
  );
  for (const { datname, note } of rows) {
    const built = note?.startsWith(TEMPLATE_COMMENT) ? Date.parse(note.slice(TEMPLATE_COMMENT.length)) : Number.NaN;
    if (!(Date.now() - built < TEMPLATE_KEPT_MS) && !datname.includes('_build_'))
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
}

/**
 * The template database of `t` on `server`, built if it is not there yet: under an advisory lock
 * (one builder; the others wait for it), into a database of its own renamed to the template's name
 * only once built, so that a build that failed half-way is never cloned (its leftovers are dropped
 * by the next builder).
 */
async function ensureTemplate(server: string, t: TestDatabaseTemplate, log: (m: string) => void): Promise<string> {
  const name = await templateName(t.key);
  // Two processes ask for the same template: the first builds it under this lock, the others wait and find it.
  const lockKey = Number.parseInt(name.slice(-12), 16);
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    const exists = async () => (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    // Each use stamps the template: one in use is never dropped as old (dropOldTemplates).
    const stamp = (db: string) => admin.query(`COMMENT ON DATABASE "${db}" IS '${TEMPLATE_COMMENT}${new Date().toISOString()}'`);
    if (await exists()) {
      await stamp(name);
      return name;
    }
    await admin.query(`SET lock_timeout = '600s'`);
    await admin.query('SELECT pg_advisory_lock($1)', [lockKey]);
    try {
      if (await exists()) {
        await stamp(name);
        return name;
      }
      const stale = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${name}_build_%`]);
      for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      const building = `${name}_build_${randomBytes(4).toString('hex')}`;
      await admin.query(`CREATE DATABASE "${building}"`);
      const u = new URL(server);
      u.pathname = `/${building}`;
      const handle = await startDatabase({ url: u.toString(), log });
      await t.build(handle);
      // Nothing may be connected to a database while it is renamed or cloned.
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
        building,
      ]);
      // Stamped before its rename: never seen under its name without it.
      await stamp(building);
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
      log(`test template ${name} built (${t.key})`);
      await dropOldTemplates(admin, name);
      return name;
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [lockKey]);
    }
  } finally {
    await admin.end();
  }
}

/** The LOGIN role the tests' API connects as (password = name: a server that asks for one gets it). */
export const TEST_API_ROLE = 'learnweek_api_test';

/**
 * Makes the tests' API role on the server if it is not there: LOGIN, member of learnweek_app, neither
 * superuser nor BYPASSRLS, owning nothing. Roles are the server's: made once, by whichever test gets there
 * first (another one making it meanwhile is no failure).
 */
async function ensureApiRole(admin: pg.Client): Promise<void> {
  await admin.query(`DO $$ BEGIN
      CREATE ROLE ${TEST_API_ROLE} LOGIN PASSWORD '${TEST_API_ROLE}' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE ${APP_ROLE};
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
}

/**
 * A fresh, migrated database for one test run: a new database on the DATABASE_URL server
 * (dropped by `stop`), its `url` as TEST_API_ROLE (the API's kind of role) and its `ownerUrl` as the
 * server's user (migrations, fixtures), or an in-memory PGlite when there is none (one user: both the same); with `template`, holding what its
 * `build` writes (cloned from the template database on a server, built in place on PGlite).
 */
export async function createTestDatabase(opts: TestDatabaseOptions | ((m: string) => void) = {}): Promise<DatabaseHandle> {
  const { log = () => {}, template } = typeof opts === 'function' ? { log: opts } : opts;
  const server = process.env.DATABASE_URL;
  if (!server) {
    // PGlite in memory: nothing to clone from, the template's content is built in place.
    const db = await startDatabase({ dataDir: 'memory://', log });
    if (template) await template.build(db);
    return db;
  }
  const from = template ? await ensureTemplate(server, template, log) : undefined;
  const name = `learnweek_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(from ? `CREATE DATABASE "${name}" TEMPLATE "${from}"` : `CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  const handle = await startDatabase({ url: u.toString(), log });
  // The API's role as in production (docs/ARCHITECTURE.md, "Tenancy"): the fixtures are written as the owner.
  const api = new URL(handle.url);
  api.username = TEST_API_ROLE;
  api.password = TEST_API_ROLE;
  const admin2 = new pg.Client({ connectionString: handle.url });
  await admin2.connect();
  try {
    await ensureApiRole(admin2);
  } finally {
    await admin2.end();
  }
  return {
    ...handle,
    url: api.toString(),
    ownerUrl: handle.url,
    stop: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
