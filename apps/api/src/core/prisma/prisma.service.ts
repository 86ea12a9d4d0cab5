import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createPrismaClient, type DistrictLookup, eachDistrict, enterDistrictOf, type PrismaClient } from '@learnweek/db';
import pg from 'pg';

/**
 * How long a request waits on the database (docs/RELIABILITY.md, "Every wait bounded"): for a
 * connection from the pool, for a lock, for a statement; and how long a connection may sit in an
 * open transaction. Beyond, PostgreSQL cancels (55P03, 57014, 25P03) or the pool gives up: a 503 with
 * Retry-After (core/errors/db-errors.ts). Connection parameters of real PostgreSQL (behind PgBouncer,
 * list them in its `ignore_startup_parameters` and set them on the role instead); the embedded PGlite
 * ignores them and runs one statement at a time, so there the pool's wait is the bound.
 */
export const DB_WAITS = { connectMs: 10_000, lockMs: 3_000, statementMs: 15_000, idleInTransactionMs: 30_000 } as const;

/**
 * Owns the database connections. Only repositories use them: `client` (Prisma) for nearly
 * everything, `pool` (node-postgres, the same connections) for the few statements on the
 * check-in hot path, where Prisma's per-query work was the largest cost left.
 */
@Injectable()
export class PrismaService implements OnModuleDestroy {
  readonly pool: pg.Pool;
  readonly client: PrismaClient;

  constructor(url: string, poolMax: number) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: poolMax,
      connectionTimeoutMillis: DB_WAITS.connectMs,
      lock_timeout: DB_WAITS.lockMs,
      statement_timeout: DB_WAITS.statementMs,
      idle_in_transaction_session_timeout: DB_WAITS.idleInTransactionMs,
    });
    // An idle connection closed by the server (a PostgreSQL restart) is an 'error' on the pool, which
    // ends the process unless someone listens; Prisma's adapter listens only once Prisma has queried.
    // The pool has dropped that connection already and opens a new one when needed.
    this.pool.on('error', () => undefined);
    this.client = createPrismaClient(this.pool);
  }

  /**
   * A public route's district, from the row it serves (a campaign, a check-in session…; a screen's or desk's
   * token hash): the rest of the request runs in it (docs/ARCHITECTURE.md, "Tenancy"). Unknown: none is named,
   * and the request finds nothing (404).
   */
  enterDistrictOf(kind: DistrictLookup, key: string): Promise<string | null> {
    return enterDistrictOf(this.pool, kind, key);
  }

  /**
   * Runs `fn` in each district in turn (the scheduler's jobs, docs/ARCHITECTURE.md "Tenancy"): each sees and
   * writes its district's rows only, under the policies. What each run returned, in the districts' order.
   */
  eachDistrict<T>(fn: (districtId: string) => T | PromiseLike<T>): Promise<T[]> {
    return eachDistrict(this.pool, fn);
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.$disconnect();
    await this.pool.end();
  }
}
