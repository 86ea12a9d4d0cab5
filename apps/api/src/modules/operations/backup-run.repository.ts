import { Injectable } from '@nestjs/common';
import type { TBackupRun } from '@learnweek/contracts';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../../core/prisma/prisma.service.js';

type TRow = Prisma.BackupRunGetPayload<object>;

export const toBackupRun = (r: TRow): TBackupRun => ({
  id: r.id,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
  ok: r.ok,
  location: r.location,
  migration: r.migration,
  rows: r.rows,
  files: r.files,
  error: r.error,
  drillAt: r.drillAt?.toISOString() ?? null,
  drillOk: r.drillOk,
  drillProblems: r.drillProblems,
});

/** The record of the scheduled backups and their drills. */
@Injectable()
export class BackupRunRepository {
  constructor(private readonly prisma: PrismaService) {}

  start(id: string, at: Date): Promise<TRow> {
    return this.prisma.client.backupRun.create({ data: { id, startedAt: at } });
  }

  finish(id: string, data: Pick<Prisma.BackupRunUpdateInput, 'finishedAt' | 'ok' | 'location' | 'migration' | 'rows' | 'files' | 'error'>) {
    return this.prisma.client.backupRun.update({ where: { id }, data });
  }

  drilled(id: string, at: Date, ok: boolean, problems: string[]) {
    return this.prisma.client.backupRun.update({ where: { id }, data: { drillAt: at, drillOk: ok, drillProblems: problems } });
  }

  last(): Promise<TRow | null> {
    return this.prisma.client.backupRun.findFirst({ orderBy: { startedAt: 'desc' } });
  }

  lastDrilled(): Promise<TRow | null> {
    return this.prisma.client.backupRun.findFirst({ where: { drillAt: { not: null } }, orderBy: { startedAt: 'desc' } });
  }

  /** The newest backup written and proven by its drill. */
  /**
   * When the newest good backup was made: the metrics' `learnweek_backup_age_seconds`
   * (core/metrics/backup-status.ts). Read here, not through BackupService, which depends on the
   * scheduler's lock, which the metrics count: the metrics would then depend on themselves.
   */
  async lastBackupAt(): Promise<Date | undefined> {
    return (await this.lastGood())?.startedAt;
  }

  lastGood(): Promise<TRow | null> {
    return this.prisma.client.backupRun.findFirst({ where: { ok: true, drillOk: true }, orderBy: { startedAt: 'desc' } });
  }
}
