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
  return new PrismaClient({
    adapter: districtScopedAdapter(typeof connection === 'string' ? { connectionString: connection, max: poolMax } : connection),
  });
}
