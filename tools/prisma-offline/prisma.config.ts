import { defineConfig } from 'prisma/config'; // prisma@6.19.3 (this folder's own node_modules)
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';

// Offline migration authoring: Prisma 6.19.3 CLI + its wasm schema engine
// (engine: 'js') + in-process PGlite. No Postgres server, no engine download.
// Works: `migrate diff --from-migrations <dir> --to-schema-datamodel <schema> --script`
// (shadow DB = fresh in-memory PGlite from the adapter).
// Does NOT work: `migrate dev` (EvaluateDataLoss: "PostgreSQL shadow DB must be
// provided through an external factory"), `migrate diff --from-url/--shadow-database-url`.

/** pglite-prisma-adapter 0.7.2 runs every SQL through PGlite.query() (extended
 *  protocol), which rejects multi-statement migration scripts; the engine sends
 *  them as an argument-less executeRaw(). Route those through PGlite.exec(). */
function patch(adapter: any) {
  const client = adapter.client as PGlite;
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (q: { sql: string; args: unknown[] }) => {
    if (q.args.length > 0) return executeRaw(q);
    const results = await client.exec(q.sql);
    return results.reduce((n: number, r: any) => n + (r.affectedRows ?? 0), 0);
  };
  adapter.executeScript = async (script: string) => {
    await client.exec(script); // upstream forgets to await this
  };
  return adapter;
}

class OfflinePGlite extends PrismaPGlite {
  override async connect() {
    return patch(await super.connect());
  }
  override async connectToShadowDb() {
    return patch(await super.connectToShadowDb());
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: process.env.OFFLINE_SCHEMA!,
  migrations: { path: process.env.OFFLINE_MIGRATIONS! },
  // @ts-ignore adapter built against driver-adapter-utils 7.x
  adapter: async () => new OfflinePGlite(new PGlite('memory://dev')),
});
