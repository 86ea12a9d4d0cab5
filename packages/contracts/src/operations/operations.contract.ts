import { z } from 'zod';

/** A scheduled backup and its restore drill, as the console shows them (docs/OPERATIONS.md). */
export const ZBackupRun = z.object({
  id: z.uuid(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  ok: z.boolean(),
  location: z.string(),
  migration: z.string(),
  rows: z.number().int().min(0),
  files: z.number().int().min(0),
  error: z.string().nullable(),
  drillAt: z.iso.datetime().nullable(),
  drillOk: z.boolean().nullable(),
  drillProblems: z.array(z.string()),
});
export type TBackupRun = z.infer<typeof ZBackupRun>;

export const ZBackupStatus = z.object({
  /** BACKUP_DIR is set: the service takes the scheduled backups. */
  scheduled: z.boolean(),
  cron: z.string(),
  encrypted: z.boolean(),
  /** The next scheduled run (null when none is scheduled). */
  nextAt: z.iso.datetime().nullable(),
  lastBackup: ZBackupRun.nullable(),
  /** The last backup whose drill ran (it may be lastBackup). */
  lastDrill: ZBackupRun.nullable(),
  /** The newest backup written and proven by its drill. */
  lastGoodAt: z.iso.datetime().nullable(),
  /** Seconds since lastGoodAt (null without one). */
  ageSeconds: z.number().int().min(0).nullable(),
  /** What needs the organizer: the last drill failed, or the last good backup is older than 26 hours. */
  alerts: z.array(z.enum(['drillFailed', 'backupFailed', 'stale'])),
});
export type TBackupStatus = z.infer<typeof ZBackupStatus>;

/** How old the last good backup may be before the organizers are alerted. */
export const BACKUP_STALE_HOURS = 26;
