import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { Clock } from '../clock/clock.js';
import { BACKUP_STATUS, type TBackupStatus } from './backup-status.js';
import { MetricsRepository } from './metrics.repository.js';

/** How long a scrape waits for one database reading before it leaves that metric out. */
const DB_READ_MS = 1_000;

/** The kinds of live connection, as an operator names them: ceremony walls, check-in desks, signed-in consoles. */
export type TSocketKind = 'wall' | 'desk' | 'console';

/**
 * The service's metrics in the Prometheus text format (GET /api/metrics, docs/OPERATIONS.md, "Metrics
 * and logs"): one registry per application (tests start several in one process), the process's own
 * (CPU, memory, event loop) beside learnweek's. Counters are moved by the code that does the thing;
 * gauges are read when scraped, from a sampler the owner registers or from the database.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger('metrics');
  readonly registry = new Registry();
  private socketSampler: (() => Record<TSocketKind, number>) | undefined;

  /** Every answer of the HTTP API, by the declared route template (not the URL), method and status. */
  readonly httpDuration = new Histogram({
    name: 'learnweek_http_request_duration_seconds',
    help: 'HTTP requests served, by route template, method and status, and how long each took',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly checkinsWritten = new Counter({
    name: 'learnweek_checkins_written_total',
    help: 'Check-ins written to the database by this instance, by source (self: a phone, staff: a desk or console)',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly schedulerRuns = new Counter({
    name: 'learnweek_scheduler_runs_total',
    help: 'Scheduled jobs run by this instance (it held the job lock), by job',
    labelNames: ['job'] as const,
    registers: [this.registry],
  });

  readonly schedulerFailures = new Counter({
    name: 'learnweek_scheduler_failures_total',
    help: 'Scheduled job runs that failed, by job',
    labelNames: ['job'] as const,
    registers: [this.registry],
  });

  constructor(
    private readonly repo: MetricsRepository,
    private readonly clock: Clock,
    @Optional() @Inject(BACKUP_STATUS) private readonly backups?: TBackupStatus,
  ) {
    collectDefaultMetrics({ register: this.registry });
    // The gauges' collect() is called with the gauge as `this`: what they read comes through these.
    const sockets = () => this.socketSampler?.() ?? { wall: 0, desk: 0, console: 0 };
    const mailQueue = () => this.read('mail queue', () => this.repo.mailQueue());
    const now = () => this.clock.now();
    new Gauge({
      name: 'learnweek_live_sockets',
      help: 'Live-feed connections open on this instance, by kind (wall: a ceremony screen, desk: a check-in desk link, console: a signed-in user)',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      collect() {
        for (const [kind, n] of Object.entries(sockets())) this.set({ kind }, n);
      },
    });
    new Gauge({
      name: 'learnweek_mail_queue',
      help: 'E-mails not sent yet, by status (pending: due or waiting to retry, held: waiting for a digest, failed: given up)',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const q = await mailQueue();
        if (q) for (const [status, n] of Object.entries(q)) this.set({ status }, n);
      },
    });
    const outbox = () => this.read('outbox', () => this.repo.outboxBacklog(this.clock.now()));
    new Gauge({
      name: 'learnweek_outbox_events',
      help: "Events the live feed's outbox keeps for replays (a screen that reconnects catches up from them)",
      registers: [this.registry],
      async collect() {
        const o = await outbox();
        if (o) this.set(o.events);
      },
    });
    new Gauge({
      name: 'learnweek_outbox_lag_seconds',
      help: "Age of the oldest event the live feed's outbox keeps: above OUTBOX_RETENTION_HOURS the retention job is behind",
      registers: [this.registry],
      async collect() {
        const o = await outbox();
        if (o) this.set(o.oldestAgeSeconds);
      },
    });
    // Only where the backups tell (a provider of BACKUP_STATUS): no age is made up. No backup yet: +Inf.
    const provider = this.backups;
    if (provider) {
      const backupAt = () => this.read('backup status', () => provider.lastBackupAt().then((d) => d ?? null));
      new Gauge({
        name: 'learnweek_backup_age_seconds',
        help: 'Seconds since the newest complete backup was made (+Inf: none yet)',
        registers: [this.registry],
        async collect() {
          const at = await backupAt();
          if (at === null) this.set(Infinity);
          else if (at) this.set(Math.max(0, (now().getTime() - at.getTime()) / 1000));
        },
      });
    }
  }

  /** The live gateway tells how to count its sockets (read at each scrape). */
  sampleSockets(sampler: () => Record<TSocketKind, number>): void {
    this.socketSampler = sampler;
  }

  /** Runs a scheduled job's body, counting the run and its failure (the error goes on to the caller). */
  async job<T>(name: string, run: () => Promise<T>): Promise<T> {
    this.schedulerRuns.inc({ job: name });
    try {
      return await run();
    } catch (err) {
      this.schedulerFailures.inc({ job: name });
      throw err;
    }
  }

  /** The text a scrape gets. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** A database reading within DB_READ_MS, or undefined (the metric is left out of this scrape, the rest still answers). */
  private async read<T>(what: string, get: () => Promise<T>): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), DB_READ_MS)));
    try {
      return await Promise.race([get(), late]);
    } catch (err) {
      this.logger.warn(`${what} not read for the metrics: ${(err as Error).message}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
