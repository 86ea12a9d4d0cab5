import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { APP_OPTIONS, type AppOptions } from '../config/app-options.js';
import { MetricsService } from '../metrics/metrics.service.js';

/**
 * PostgreSQL session advisory locks on one dedicated connection, so that a job runs on
 * one replica at a time. (Prisma's pool gives no connection affinity for session locks.)
 */
@Injectable()
export class AdvisoryLockService implements OnModuleDestroy {
  private readonly logger = new Logger('advisory-lock');
  private client: pg.Client | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Runs `fn` if no other instance holds `key`; returns undefined when it was skipped. A run is
   * counted under `job` in the metrics (learnweek_scheduler_runs_total, …_failures_total).
   */
  withLock<T>(key: number, job: string, body: () => Promise<T>): Promise<T | undefined> {
    const fn = () => this.metrics.job(job, body);
    if (this.options.embedded) return fn();
    // One lock call at a time on the shared connection.
    const run = this.chain.then(async () => {
      const client = await this.connection();
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [key]);
      if (!rows[0]?.locked) return undefined;
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [key]);
      }
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async connection(): Promise<pg.Client> {
    if (!this.client) {
      const client = new pg.Client({ connectionString: this.options.databaseUrl });
      client.on('error', (err) => {
        this.logger.warn(`lock connection lost: ${err.message}`);
        this.client = undefined;
      });
      await client.connect();
      this.client = client;
    }
    return this.client;
  }

  async onModuleDestroy(): Promise<void> {
    await this.chain;
    await this.client?.end().catch(() => undefined);
  }
}
