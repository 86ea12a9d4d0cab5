import { PrismaService } from '../../core/prisma/prisma.service.js';
import { randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { BACKUP_STALE_HOURS, type TBackupStatus } from '@learnweek/contracts';
import { Clock } from '../../core/clock/clock.js';
import { chinaText } from '../../core/clock/china-time.js';
import { APP_OPTIONS, type AppOptions } from '../../core/config/app-options.js';
import { AdvisoryLockService } from '../../core/scheduler/advisory-lock.service.js';
import { NotificationService } from '../notification/notification.service.js';
import { DEFAULT_PGLITE_DIR } from '@learnweek/db';
import { backupTimeOf, createBackup, fileDriverOf, type TDatabaseTarget } from './backup.js';
import { BackupRunRepository, toBackupRun } from './backup-run.repository.js';
import { drillBackup, type TDrillResult } from './restore.js';
import { expiredBackups, nextCronTime, parseCron, type TCronFields } from './schedule.js';

/** Advisory lock key of the scheduled backup (the other jobs' are 0x1ea2_0001…0x1ea2_0004). */
export const BACKUP_LOCK = 0x1ea2_0010;
const STALE_MS = BACKUP_STALE_HOURS * 3_600_000;

/**
 * The scheduled backup (BACKUP_DIR, BACKUP_CRON) on one instance, its restore drill right after, the
 * retention (14 daily, 8 weekly), and the organizers' alerts: a failed backup or drill, and no good
 * backup for 26 hours (a full disk, a stopped scheduler). Time from the Clock.
 */
@Injectable()
export class BackupService implements OnModuleDestroy {
  private readonly logger = new Logger('backup');
  private readonly fields: TCronFields;
  /** When this process began watching: with no backup at all, the 26 hours count from here. */
  private readonly since: Date;
  private running: Promise<unknown> | undefined;

  constructor(
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
    private readonly runs: BackupRunRepository,
    private readonly locks: AdvisoryLockService,
    private readonly notices: NotificationService,
    private readonly clock: Clock,
    private readonly prisma: PrismaService,
  ) {
    this.fields = parseCron(options.config.backup.cron);
    this.since = clock.now();
  }

  get scheduled(): boolean {
    return this.options.config.backup.dir !== undefined;
  }

  /** The cron's minute: a backup when one is due, then the staleness check. */
  async tick(): Promise<void> {
    if (!this.scheduled) return;
    const last = await this.runs.last();
    if (nextCronTime(this.fields, last?.startedAt ?? this.since) <= this.clock.now()) await this.runNow();
    await this.checkStale();
  }

  /** A backup, its drill, the retention, under the backup's lock; undefined when another instance holds it. */
  async runNow(): Promise<{ ok: boolean; drill: TDrillResult | undefined } | undefined> {
    const dir = this.options.config.backup.dir;
    if (!dir) return undefined;
    const run = this.locks.withLock(BACKUP_LOCK, 'backup', () => this.backup(dir));
    this.running = run.catch(() => undefined);
    return run;
  }

  private async backup(out: string): Promise<{ ok: boolean; drill: TDrillResult | undefined }> {
    const at = this.clock.now();
    const id = randomUUID();
    await this.runs.start(id, at);
    const { config } = this.options;
    const files = fileDriverOf(config);
    let dir: string;
    try {
      const r = await createBackup({
        out,
        at,
        database: this.target(),
        files,
        key: config.backup.key,
      });
      dir = r.dir;
      await this.runs.finish(id, {
        finishedAt: this.clock.now(),
        ok: true,
        location: r.dir,
        migration: r.manifest.database.migration,
        rows: Object.values(r.manifest.database.rowCounts).reduce((a, b) => a + b, 0),
        files: r.manifest.files.entries.length,
      });
    } catch (err) {
      const message = (err as Error).message;
      this.logger.error(`backup failed: ${message}`);
      await this.runs.finish(id, { finishedAt: this.clock.now(), ok: false, error: message.slice(0, 2_000) });
      await this.alert('backupFailed', id, message);
      return { ok: false, drill: undefined };
    } finally {
      await files.close();
    }
    const drill = await this.drill(id, dir);
    await this.prune(out).catch((err: unknown) => this.logger.warn(`retention: ${(err as Error).message}`));
    return { ok: true, drill };
  }

  /** As the database's owner (DATABASE_OWNER_URL, else DATABASE_URL), never the API's own role; the embedded one as this process serves it. */
  private target(): TDatabaseTarget {
    const { config } = this.options;
    return this.options.embedded
      ? { kind: 'pglite', dataDir: config.pgliteDataDir ?? DEFAULT_PGLITE_DIR, url: this.options.databaseUrl }
      : {
          kind: 'postgresql',
          url: config.databaseOwnerUrl ?? this.options.databaseOwnerUrl ?? config.databaseUrl ?? this.options.databaseUrl,
        };
  }

  /** Restores the package into a scratch database and compares it with its manifest; records the result; alerts on a failure. */
  async drill(id: string, dir: string): Promise<TDrillResult> {
    const target = this.target();
    const result = await drillBackup({
      from: dir,
      server: target.kind === 'postgresql' ? target.url : undefined,
      key: this.options.config.backup.key,
    });
    await this.runs.drilled(
      id,
      this.clock.now(),
      result.ok,
      result.problems.map((p) => p.slice(0, 1_000)),
    );
    if (!result.ok) {
      this.logger.error(`restore drill of ${dir} failed: ${result.problems.join('; ')}`);
      await this.alert('drillFailed', id, result.problems.join('\n'));
    }
    return result;
  }

  /** Alerts when the last good backup (written and drilled) is older than 26 hours; once per last good backup. */
  async checkStale(): Promise<boolean> {
    if (!this.scheduled) return false;
    const good = await this.runs.lastGood();
    const from = good?.startedAt ?? this.since;
    if (this.clock.now().getTime() - from.getTime() <= STALE_MS) return false;
    await this.alert('stale', good?.id ?? `none-${this.since.toISOString()}`, good ? chinaText(good.startedAt, 'minute') : '');
    return true;
  }

  private async alert(kind: 'backupFailed' | 'drillFailed' | 'stale', about: string, detail: string): Promise<void> {
    const title = {
      backupFailed: { 'zh-CN': '数据备份失败', en: 'A backup failed' },
      drillFailed: { 'zh-CN': '备份恢复演练失败：该备份无法使用', en: 'A restore drill failed: the backup cannot be used' },
      stale: { 'zh-CN': `超过 ${BACKUP_STALE_HOURS} 小时没有可用的备份`, en: `No good backup for more than ${BACKUP_STALE_HOURS} hours` },
    }[kind];
    const body = {
      backupFailed: { 'zh-CN': `定时备份没有完成：${detail}`, en: `The scheduled backup did not complete: ${detail}` },
      drillFailed: { 'zh-CN': `恢复演练发现问题：${detail}`, en: `The restore drill found: ${detail}` },
      stale: {
        'zh-CN': detail
          ? `最近一次可用的备份在 ${detail}（北京时间）。请检查备份目录的磁盘空间和服务的定时任务。`
          : '还没有一次可用的备份。请检查备份目录和服务的定时任务。',
        en: detail
          ? `The last good backup was taken at ${detail} (China time). Check the backup folder's disk and the service's schedule.`
          : 'There is no good backup yet. Check the backup folder and the service’s schedule.',
      },
    }[kind];
    // The installation's backup is every district's: each district's organizers are told, in their district.
    await this.prisma
      .eachDistrict(() =>
        this.notices.notifyOrganizers(
          null,
          { kind: `backup.${kind}`, title, body, link: '/admin/operations', dedupeKey: `backup.${kind}:${about}` },
          this.clock.now(),
        ),
      )
      .catch((err: unknown) => this.logger.error(`cannot alert the organizers: ${(err as Error).message}`));
  }

  /** Removes the packages the retention no longer keeps, and what an interrupted run left (`.partial`). */
  private async prune(out: string): Promise<void> {
    const names = await readdir(out);
    const packages = names.flatMap((name) => {
      const at = backupTimeOf(name);
      return at ? [{ name, at }] : [];
    });
    for (const p of expiredBackups(packages)) await rm(path.join(out, p.name), { recursive: true, force: true });
    const running = this.clock.now().getTime();
    for (const name of names) {
      const at = name.endsWith('.partial') ? backupTimeOf(name.slice(0, -'.partial'.length)) : undefined;
      if (at && running - at.getTime() > STALE_MS) await rm(path.join(out, name), { recursive: true, force: true });
    }
  }

  /** Seconds since the last good backup (for the metrics), or null without one. */
  async status(): Promise<TBackupStatus> {
    const [last, drilled, good] = await Promise.all([this.runs.last(), this.runs.lastDrilled(), this.runs.lastGood()]);
    const now = this.clock.now();
    const alerts: TBackupStatus['alerts'] = [];
    if (last && !last.ok && last.finishedAt) alerts.push('backupFailed');
    if (drilled?.drillOk === false) alerts.push('drillFailed');
    if (this.scheduled && now.getTime() - (good?.startedAt ?? this.since).getTime() > STALE_MS) alerts.push('stale');
    return {
      scheduled: this.scheduled,
      cron: this.options.config.backup.cron,
      encrypted: this.options.config.backup.key !== undefined,
      nextAt: this.scheduled ? nextCronTime(this.fields, last?.startedAt ?? this.since).toISOString() : null,
      lastBackup: last ? toBackupRun(last) : null,
      lastDrill: drilled ? toBackupRun(drilled) : null,
      lastGoodAt: good?.startedAt.toISOString() ?? null,
      ageSeconds: good ? Math.max(0, Math.floor((now.getTime() - good.startedAt.getTime()) / 1000)) : null,
      alerts,
    };
  }

  async onModuleDestroy(): Promise<void> {
    await this.running;
  }
}
