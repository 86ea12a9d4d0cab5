import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import type { TBackupStatus } from './backup-status.js';
import type { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';

const NOW = new Date('2026-12-07T10:00:00Z');
const repo = {
  mailQueue: () => Promise.resolve({ pending: 2, held: 1, failed: 0 }),
  outboxBacklog: () => Promise.resolve({ events: 40, oldestAgeSeconds: 3_600 }),
} as unknown as MetricsRepository;
const line = (text: string, name: string) => text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));

describe('MetricsService', () => {
  it('reports the age of the newest backup its provider knows, +Inf before the first, nothing without a provider', async () => {
    const made: { last?: Date } = {};
    const backups: TBackupStatus = { lastBackupAt: () => Promise.resolve(made.last) };
    const metrics = new MetricsService(repo, new ManualClock(NOW), backups);
    expect(line((await metrics.text()).body, 'learnweek_backup_age_seconds')).toBe('learnweek_backup_age_seconds +Inf');
    made.last = new Date(NOW.getTime() - 27 * 3_600_000);
    expect(line((await metrics.text()).body, 'learnweek_backup_age_seconds')).toBe('learnweek_backup_age_seconds 97200');
    const without = new MetricsService(repo, new ManualClock(NOW));
    expect((await without.text()).body).not.toContain('learnweek_backup_age_seconds');
  });

  it('counts a job’s runs and failures, the failure going on to the caller', async () => {
    const metrics = new MetricsService(repo, new ManualClock(NOW));
    await metrics.job('deadlines', () => Promise.resolve(1));
    await expect(metrics.job('deadlines', () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    const text = (await metrics.text()).body;
    expect(line(text, 'learnweek_scheduler_runs_total')).toBe('learnweek_scheduler_runs_total{job="deadlines"} 2');
    expect(line(text, 'learnweek_scheduler_failures_total')).toBe('learnweek_scheduler_failures_total{job="deadlines"} 1');
    expect(line(text, 'learnweek_outbox_lag_seconds')).toBe('learnweek_outbox_lag_seconds 3600');
    expect(text).toContain('learnweek_mail_queue{status="pending"} 2');
  });
});
