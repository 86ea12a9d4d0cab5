import { describe, expect, it } from 'vitest';
import { expiredBackups, nextCronTime, parseCron } from './schedule.js';

describe('BACKUP_CRON', () => {
  it('runs daily at 02:00 China time by default', () => {
    const daily = parseCron('0 2 * * *');
    expect(nextCronTime(daily, new Date('2026-12-06T17:00:00Z')).toISOString()).toBe('2026-12-06T18:00:00.000Z');
    expect(nextCronTime(daily, new Date('2026-12-06T18:00:00Z')).toISOString()).toBe('2026-12-07T18:00:00.000Z');
  });

  it('reads lists, ranges, steps and Sunday as 0 or 7', () => {
    expect(nextCronTime(parseCron('*/15 9-10 * * 7'), new Date('2026-12-07T01:50:00Z')).toISOString()).toBe('2026-12-13T01:00:00.000Z');
    expect(nextCronTime(parseCron('30 1,13 1 * *'), new Date('2026-12-07T00:00:00Z')).toISOString()).toBe('2026-12-31T17:30:00.000Z');
  });

  it('refuses what it cannot read', () => {
    expect(() => parseCron('0 2 * *')).toThrow(/five fields/);
    expect(() => parseCron('0 25 * * *')).toThrow(/outside 0–23/);
    expect(() => parseCron('@daily 1 2 3 4')).toThrow(/cannot read/);
  });
});

describe('retention', () => {
  it('keeps the newest of each of the last 14 days and of 8 weeks', () => {
    // Two a day for 100 days, at 02:00 and 14:00 China time.
    const packages = Array.from({ length: 200 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 8, 1, i % 2 ? 6 : 18) + Math.floor(i / 2) * 86_400_000),
    }));
    const expired = new Set(expiredBackups(packages));
    const kept = packages.filter((p) => !expired.has(p)).sort((a, b) => b.at.getTime() - a.at.getTime());
    // 14 days, then one a week for the weeks the days do not already cover.
    expect(kept.length).toBeGreaterThanOrEqual(14 + 8 - 3);
    expect(kept.length).toBeLessThanOrEqual(14 + 8);
    expect(kept[0]).toBe(packages.reduce((a, b) => (a.at > b.at ? a : b)));
    const days = new Set(kept.map((p) => Math.floor((p.at.getTime() + 8 * 3_600_000) / 86_400_000)));
    expect(days.size).toBe(kept.length);
    // The oldest kept is about eight weeks back.
    const span = (kept[0]!.at.getTime() - kept.at(-1)!.at.getTime()) / 86_400_000;
    expect(span).toBeGreaterThan(7 * 6);
    expect(span).toBeLessThan(7 * 8);
  });
});
