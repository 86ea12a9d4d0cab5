/**
 * Database selection:
 *  - DATABASE_URL set  -> real PostgreSQL (any server), nothing embedded.
 *  - DATABASE_URL unset -> embedded PGlite (WASM Postgres, in-process) exposed on
 *    127.0.0.1:<ephemeral port> via @electric-sql/pglite-socket, so the rest of
 *    the app uses exactly the same driver path (@prisma/adapter-pg + pg) as prod.
 * Migrations from prisma/migrations are applied on start in both cases.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { migrateDeploy, pgExecutor } from './migrate.js';

export interface DatabaseHandle {
  url: string;
  kind: 'external' | 'pglite';
  /** Max pool size the app should use (PGlite executes one query at a time). */
  poolMax: number;
  stop(): Promise<void>;
}

export interface StartDatabaseOptions {
  /** PGlite data dir; 'memory://' for a throwaway DB. Default: $PGLITE_DATA_DIR or ./.data/pglite */
  dataDir?: string;
  /** Port for the embedded wire-protocol server. 0 = ephemeral (default). */
  port?: number;
  migrate?: boolean;
  log?: (msg: string) => void;
}

export async function startDatabase(opts: StartDatabaseOptions = {}): Promise<DatabaseHandle> {
  const log = opts.log ?? ((m: string) => console.log(`[db] ${m}`));
  let handle: DatabaseHandle;
  if (process.env.DATABASE_URL) {
    handle = { url: process.env.DATABASE_URL, kind: 'external', poolMax: 10, stop: async () => {} };
    log(`using DATABASE_URL (${new URL(handle.url).host})`);
  } else {
    const dataDir = opts.dataDir ?? process.env.PGLITE_DATA_DIR ?? path.resolve('.data/pglite');
    // Loaded lazily so production (DATABASE_URL) never touches the WASM bundle.
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    // PGlite creates only the last path segment itself.
    if (!dataDir.includes('://')) mkdirSync(path.dirname(dataDir), { recursive: true });
    const db = await PGlite.create(dataDir);
    // maxConnections is a hard limit (extra connections are refused, not queued);
    // keep the app's pool below it. Transactions are serialized across connections.
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: opts.port ?? 0, maxConnections: 8 });
    await server.start();
    const url = `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;
    log(`embedded PGlite (${dataDir}) listening on ${server.getServerConn()}`);
    handle = {
      url,
      kind: 'pglite',
      poolMax: 4,
      stop: async () => {
        await server.stop();
        await db.close();
      },
    };
  }
  if (opts.migrate !== false) {
    const client = new pg.Client({ connectionString: handle.url });
    await client.connect();
    try {
      const r = await migrateDeploy(pgExecutor(client), { log });
      log(`migrations: ${r.applied.length} applied, ${r.alreadyApplied.length} already applied`);
    } finally {
      await client.end();
    }
  }
  return handle;
}
