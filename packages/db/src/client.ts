import type pg from 'pg';
import { districtScopedAdapter } from './district-scope.js';
import { PrismaClient } from './generated/prisma/client.js';

/**
 * The one way the apps get a client: the driver adapter over node-postgres, for PGlite and
 * PostgreSQL alike. Given a pool, Prisma shares it with the caller's own hot-path SQL (the
 * caller ends it); on PGlite that one pooled connection is all there is. Its queries run in the
 * district of `inDistrict` when there is one (district-scope.ts, docs/ARCHITECTURE.md "Tenancy").
 */
export function createPrismaClient(connection: string | pg.Pool, poolMax = 10): PrismaClient {
  const client = new PrismaClient({
    adapter: districtScopedAdapter(typeof connection === 'string' ? { connectionString: connection, max: poolMax } : connection),
  });
  unbatchAcrossCallers(client);
  return client;
}

/**
 * Prisma batches the findUnique calls of one tick that share a model and a shape (its DataLoader, sent on
 * process.nextTick from the first caller's async context): requests of two districts in one tick would
 * run in the first one's district, and one could read the other's row by its id. Outside a transaction
 * each such call is sent alone, from its own caller's context (inside one, the transaction already runs
 * in a single district). Prisma's internals: checked here, so that an upgrade that moves them fails at once.
 */
function unbatchAcrossCallers(client: PrismaClient): void {
  type Options = { batchBy: (request: { transaction?: unknown }) => string | undefined };
  const options = (client as unknown as { _requestHandler?: { dataloader?: { options?: Options } } })._requestHandler?.dataloader?.options;
  if (typeof options?.batchBy !== 'function') throw new Error('Prisma’s request batching moved: see unbatchAcrossCallers (district-scope)');
  const batchBy = options.batchBy.bind(options);
  options.batchBy = (request) => (request.transaction ? batchBy(request) : undefined);
}
