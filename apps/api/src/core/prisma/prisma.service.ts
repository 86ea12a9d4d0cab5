import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createPrismaClient, type PrismaClient } from '@learnweek/db';
import pg from 'pg';

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
    this.pool = new pg.Pool({ connectionString: url, max: poolMax });
    // An idle connection closed by the server (a PostgreSQL restart) is an 'error' on the pool, which
    // ends the process unless someone listens; Prisma's adapter listens only once Prisma has queried.
    // The pool has dropped that connection already and opens a new one when needed.
    this.pool.on('error', () => undefined);
    this.client = createPrismaClient(this.pool);
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.$disconnect();
    await this.pool.end();
  }
}
