const DAY = 86_400_000;
const CHINA = 8 * 3_600_000;

/** The China calendar day of an instant, as a day number (the week's deadlines are China dates). */
const chinaDay = (ms: number) => Math.floor((ms + CHINA) / DAY);

export type TCountdown = { kind: 'left'; days: number } | { kind: 'today' } | { kind: 'overdue'; days: number };

/**
 * Where `now` stands against a deadline, in China calendar days: due today (until its last
 * moment), so many days left, or so many days overdue (at least one once it has passed, so that a
 * passed deadline never reads "0 days left"). A deadline at midnight belongs to the day it ends.
 */
export function countdown(dueIso: string, nowIso: string): TCountdown {
  const due = Date.parse(dueIso);
  const now = Date.parse(nowIso);
  const dueDay = chinaDay(due - 1);
  if (now > due) return { kind: 'overdue', days: Math.max(1, chinaDay(now) - dueDay) };
  const days = dueDay - chinaDay(now);
  return days === 0 ? { kind: 'today' } : { kind: 'left', days };
}

/** Calendar days from `now` to a moment (the week's start, the ceremony): 0 on its day, negative after. */
export const daysUntil = (atIso: string, nowIso: string) => chinaDay(Date.parse(atIso)) - chinaDay(Date.parse(nowIso));
