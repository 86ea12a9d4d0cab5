import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  REHEARSAL_TARGETS,
  ZRehearsal,
  ZRehearsalResult,
  type TRehearsal,
  type TRehearsalProgress,
  type TRehearsalResult,
  type TStartRehearsalRequest,
} from '@learnweek/contracts';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { TokenService } from '../../core/auth/token.service.js';
import { Clock } from '../../core/clock/clock.js';
import { ApiException, notFound } from '../../core/errors/api.exception.js';
import { runRehearsal, verdictOf } from './rehearsal-runner.js';
import { RehearsalRepository, type TRehearsalRecord, type TRehearsalRow } from './rehearsal.repository.js';
import { PrismaService } from '../../core/prisma/prisma.service.js';

/** The session opens a minute early (desks' clocks) and closes this long after the planned end. */
const OPEN_EARLY_MS = 60_000;
const CLOSE_GRACE_MS = 10 * 60_000;
/** How often a running rehearsal's progress is stored for the console to show. */
const PROGRESS_EVERY_MS = 2_000;
const ZProgress = ZRehearsal.shape.progress;

const toRehearsal = (r: TRehearsalRow): TRehearsal => {
  const parsed = ZRehearsalResult.safeParse(r.record.result);
  return {
    id: r.id,
    campaignId: r.campaignId,
    sessionId: r.id,
    status: r.record.status,
    screens: r.record.screens,
    people: r.record.people,
    minutes: r.record.minutes,
    runner: r.record.runner,
    startedAt: r.record.startedAt,
    endsBy: r.closesAt.toISOString(),
    targets: REHEARSAL_TARGETS,
    progress: r.record.status === 'running' ? (ZProgress.safeParse(r.record.progress).data ?? null) : null,
    result: parsed.success ? parsed.data : null,
  };
};

/**
 * The load rehearsal (docs/SCALE.md). Its session is the campaign's, open now, marked `rehearsal`: the
 * check-in path takes its check-ins like any other, while every list, figure, export and wall
 * leaves it out and the live feed sends its events to its own followers only. When the runner's
 * report comes (or the session closes without one) its check-ins and events are removed.
 */
@Injectable()
export class RehearsalService implements OnModuleDestroy {
  private readonly logger = new Logger('rehearsal');
  /** Runs this instance is making (the console's button): stopped on shutdown, then awaited. */
  private readonly runs = new Set<Promise<void>>();
  private readonly shutdown = new AbortController();

  constructor(
    private readonly repo: RehearsalRepository,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
    private readonly prisma: PrismaService,
  ) {}

  async start(campaignId: string, req: TStartRehearsalRequest, caller: UserPrincipal, origin: string): Promise<TRehearsal> {
    const campaign = await this.repo.campaignStatus(campaignId);
    if (!campaign) throw notFound();
    // Check-ins are taken only for a published campaign: so is a rehearsal of them.
    if (campaign.status !== 'published') throw new ApiException(409, 'rehearsalNeedsPublished');
    const now = this.clock.now();
    const record: TRehearsalRecord = {
      status: 'running',
      screens: req.screens,
      people: req.people,
      minutes: req.minutes,
      runner: req.runner,
      startedAt: now.toISOString(),
      result: null,
    };
    const closesAt = new Date(now.getTime() + req.minutes * 60_000 + CLOSE_GRACE_MS);
    const row = await this.repo.open(campaignId, record, new Date(now.getTime() - OPEN_EARLY_MS), closesAt, now);
    if (!row) throw new ApiException(409, 'rehearsalRunning');
    this.logger.log(
      `rehearsal ${row.id}: ${req.screens} walls, ${req.people} people over ${req.minutes} min, runner ${req.runner}${req.runner === 'server' ? ` against ${origin}` : ''}`,
    );
    if (req.runner === 'server') {
      const { accessToken } = this.tokens.sign(caller, Math.ceil((closesAt.getTime() - now.getTime()) / 1_000));
      const run = this.runHere(row, origin, accessToken).finally(() => this.runs.delete(run));
      this.runs.add(run);
    }
    return toRehearsal(row);
  }

  async latest(campaignId: string): Promise<TRehearsal | null> {
    const row = await this.repo.latest(campaignId);
    // None: a campaign unknown (or another district's) is 404, not "no rehearsal yet".
    if (!row && !(await this.repo.campaignStatus(campaignId))) throw notFound();
    return row && toRehearsal(row);
  }

  /** The report of a rehearsal its caller ran (`npm run rehearsal`). */
  async report(id: string, result: TRehearsalResult): Promise<TRehearsal> {
    const row = await this.repo.find(id);
    if (!row) throw notFound();
    if (row.record.status !== 'running' || !(await this.finish(row, result))) throw new ApiException(409, 'conflict');
    return toRehearsal((await this.repo.find(id))!);
  }

  /** Rehearsals whose session closed without a report: abandoned, their check-ins removed. */
  async sweep(): Promise<number> {
    // District by district, each under its own policies.
    const each = await this.prisma.eachDistrict(async () => {
      let n = 0;
      for (const row of await this.repo.stale(this.clock.now())) {
        if (await this.finish(row, undefined)) n += 1;
      }
      return n;
    });
    return each.reduce((a, b) => a + b, 0);
  }

  /** A run cut short by the shutdown is stored as abandoned (its check-ins removed) before the instance stops. */
  async onModuleDestroy(): Promise<void> {
    this.shutdown.abort();
    await Promise.allSettled([...this.runs]);
  }

  private async runHere(row: TRehearsalRow, origin: string, token: string): Promise<void> {
    const { screens, people, minutes } = row.record;
    let result: TRehearsalResult | undefined;
    try {
      let stored = 0;
      const progress = (p: TRehearsalProgress) => {
        if (performance.now() - stored < PROGRESS_EVERY_MS) return;
        stored = performance.now();
        this.repo
          .progress(row.id, p)
          .catch((err: unknown) => this.logger.warn(`rehearsal ${row.id}: progress not stored: ${(err as Error).message}`));
      };
      result = await runRehearsal({
        baseUrl: origin,
        token,
        sessionId: row.id,
        screens,
        people,
        minutes,
        signal: this.shutdown.signal,
        progress,
        log: (line) => this.logger.log(`rehearsal ${row.id}: ${line}`),
      });
    } catch (err) {
      if (this.shutdown.signal.aborted) this.logger.warn(`rehearsal ${row.id}: stopped by this instance's shutdown, stored as abandoned`);
      else this.logger.error(`rehearsal ${row.id} stopped: ${(err as Error).message}`);
    }
    await this.finish(row, result).catch((err: unknown) =>
      this.logger.error(`rehearsal ${row.id}: cannot store the report: ${(err as Error).message}`),
    );
  }

  /** Stores the outcome (no result: abandoned) with the verdict worked out here, and removes the check-ins. */
  private finish(row: TRehearsalRow, result: TRehearsalResult | undefined): Promise<boolean> {
    const judged = result && { ...result, verdict: verdictOf(result) };
    const status = !judged ? 'abandoned' : judged.verdict.passed ? 'passed' : 'failed';
    if (judged)
      this.logger.log(
        `rehearsal ${row.id}: ${status} (p99 ${judged.latency.p99Ms} ms, ${judged.checkins.errors} errors, ${judged.missed} missed${judged.verdict.saturated ? `, saturated: ${judged.verdict.saturated}` : ''})`,
      );
    return this.repo.finish(row.id, { ...row.record, progress: undefined, status, result: judged ?? null });
  }
}
