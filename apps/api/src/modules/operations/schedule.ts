/**
 * When the scheduled backup runs (BACKUP_CRON, five fields: minute hour day-of-month month
 * day-of-week, read on China's wall clock like every time the bureau sees) and which packages are
 * kept: the newest of each of the last 14 days and of each of the last 8 weeks.
 */
import { CHINA_OFFSET_MS } from '../../core/clock/china-time.js';

const FIELDS = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12 },
  { min: 0, max: 7 },
] as const;

export type TCronFields = [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];

/** The values of each field, or an error naming the first bad one. */
export function parseCron(expr: string): TCronFields {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error('must have five fields: minute hour day-of-month month day-of-week, e.g. "0 2 * * *"');
  return parts.map((part, i) => {
    const { min, max } = FIELDS[i]!;
    const values = new Set<number>();
    for (const item of part.split(',')) {
      const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
      if (!m) throw new Error(`cannot read "${item}"`);
      const from = m[1] === '*' ? min : Number(m[2]);
      const to = m[1] === '*' ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : from;
      const step = m[4] !== undefined ? Number(m[4]) : 1;
      if (from < min || to > max || from > to || step < 1) throw new Error(`"${item}" is outside ${min}–${max}`);
      for (let v = from; v <= to; v += step) values.add(i === 4 && v === 7 ? 0 : v);
    }
    return values;
  }) as TCronFields;
}

/** The first minute strictly after `after` that the expression names (China time), within a year and a day. */
export function nextCronTime(fields: TCronFields, after: Date): Date {
  const [minutes, hours, days, months, weekdays] = fields;
  const restrictedDay = days.size < 31;
  const restrictedWeekday = weekdays.size < 7;
  let t = Math.floor((after.getTime() + CHINA_OFFSET_MS) / 60_000 + 1) * 60_000;
  for (let i = 0; i < 366 * 1440 + 1440; i++, t += 60_000) {
    const d = new Date(t);
    if (!minutes.has(d.getUTCMinutes()) || !hours.has(d.getUTCHours()) || !months.has(d.getUTCMonth() + 1)) continue;
    const dayOk = days.has(d.getUTCDate());
    const weekdayOk = weekdays.has(d.getUTCDay());
    // cron's rule: with both restricted, either matches.
    if (restrictedDay && restrictedWeekday ? dayOk || weekdayOk : dayOk && weekdayOk) return new Date(t - CHINA_OFFSET_MS);
  }
  throw new Error('the schedule names no time within a year');
}

export const KEEP_DAILY = 14;
export const KEEP_WEEKLY = 8;

/** Which of the packages (by their time) to remove: all but the newest of each of the last 14 days and 8 weeks (China time). */
export function expiredBackups<T extends { at: Date }>(packages: readonly T[]): T[] {
  const newestFirst = [...packages].sort((a, b) => b.at.getTime() - a.at.getTime());
  const keep = new Set<T>();
  const days = new Set<number>();
  const weeks = new Set<number>();
  for (const p of newestFirst) {
    const day = Math.floor((p.at.getTime() + CHINA_OFFSET_MS) / 86_400_000);
    // Weeks from Monday (1970-01-01 was a Thursday).
    const week = Math.floor((day + 3) / 7);
    if (!days.has(day) && days.size < KEEP_DAILY) {
      days.add(day);
      keep.add(p);
    }
    if (!weeks.has(week) && weeks.size < KEEP_WEEKLY) {
      weeks.add(week);
      keep.add(p);
    }
  }
  return newestFirst.filter((p) => !keep.has(p));
}
