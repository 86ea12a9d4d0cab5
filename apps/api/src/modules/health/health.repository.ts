import { Injectable } from '@nestjs/common';
import type { TDbHealth } from '@learnweek/contracts';
import { sqlStateOf } from '../../core/errors/db-errors.js';
import { PrismaService } from '../../core/prisma/prisma.service.js';

/** The readiness probe's own bound: it answers `slow` by then, whatever the pool and the database do. */
export const HEALTH_PROBE_MS = 1_500;

@Injectable()
export class HealthRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Whether a check-in could be written now: a connection from the pool, then the lock an insert
   * into `Checkin` takes (ROW EXCLUSIVE, refused by a LOCK TABLE or a schema change holding it),
   * waited for at most 500 ms, in a transaction rolled back at once.
   */
  async probe(): Promise<TDbHealth> {
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<TDbHealth>((resolve) => (timer = setTimeout(() => resolve('slow'), HEALTH_PROBE_MS)));
    try {
      return await Promise.race([this.tryCheckinLock(), slow]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async tryCheckinLock(): Promise<TDbHealth> {
    const client = await this.prisma.pool.connect().catch(() => undefined);
    if (!client) return 'down';
    try {
      await client.query(
        `BEGIN; SET LOCAL lock_timeout = 500; SET LOCAL statement_timeout = ${HEALTH_PROBE_MS}; LOCK TABLE "Checkin" IN ROW EXCLUSIVE MODE`,
      );
      return 'ok';
    } catch (err) {
      const state = sqlStateOf(err);
      return state === '55P03' ? 'locked' : state === '57014' ? 'slow' : 'down';
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }
}
