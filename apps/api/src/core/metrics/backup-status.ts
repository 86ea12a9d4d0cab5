/**
 * What the metrics ask of the backups (docs/OPERATIONS.md): when the last good one was made. The
 * backup module provides it under this token; without a provider `learnweek_backup_age_seconds` is
 * not reported (a scrape tells "no backups known here", not a made-up age).
 */
export const BACKUP_STATUS = Symbol('BACKUP_STATUS');

export interface TBackupStatus {
  /** The moment the newest complete backup was made, or undefined when there is none yet. */
  lastBackupAt(): Promise<Date | undefined>;
}
