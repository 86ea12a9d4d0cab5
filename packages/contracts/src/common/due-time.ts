import type { TLocale } from './domain.js';

/** The campaigns' time zone: the bureau's (China Standard Time), whatever the server's or the browser's. */
export const CAMPAIGN_TIME_ZONE = 'Asia/Shanghai';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Where a moment stands against a deadline. Overdue counts whole units of time since the deadline
 * (at least one minute once it has passed; hours from 1 h; days only from 24 h); before it, the
 * deadline's calendar day in the campaign's time zone: today, tomorrow, or so many days ahead.
 */
export type TDueStatus =
  | { kind: 'overdue'; unit: 'minute' | 'hour' | 'day'; n: number }
  | { kind: 'today' | 'tomorrow'; time: string }
  | { kind: 'later'; days: number; date: string; time: string };

/** The wall clock of an instant in `timeZone`: its calendar day (as a day number) and hh:mm. */
function wallClock(ms: number, timeZone: string): { day: number; month: number; date: number; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  const [y, mo, d, h, mi] = [parts.year, parts.month, parts.day, parts.hour, parts.minute].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return {
    day: Math.floor(Date.UTC(y, mo - 1, d) / DAY),
    month: mo,
    date: d,
    time: `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`,
  };
}

/**
 * The status of a deadline `due` at `now` (both instants, ISO text or Date), in the campaign's time
 * zone. A deadline at midnight closes the day before (“今天 24:00”), as the bureau writes it.
 */
export function dueStatus(due: string | Date, now: string | Date, timeZone: string = CAMPAIGN_TIME_ZONE): TDueStatus {
  const dueMs = typeof due === 'string' ? Date.parse(due) : due.getTime();
  const nowMs = typeof now === 'string' ? Date.parse(now) : now.getTime();
  const late = nowMs - dueMs;
  if (late > 0) {
    if (late < HOUR) return { kind: 'overdue', unit: 'minute', n: Math.max(1, Math.floor(late / MINUTE)) };
    if (late < DAY) return { kind: 'overdue', unit: 'hour', n: Math.floor(late / HOUR) };
    return { kind: 'overdue', unit: 'day', n: Math.floor(late / DAY) };
  }
  const at = wallClock(dueMs, timeZone);
  // Midnight belongs to the day it ends: 00:00 of the 18th is 24:00 of the 17th.
  const endOfDay = at.time === '00:00';
  const dueDay = endOfDay ? wallClock(dueMs - 1, timeZone) : at;
  const time = endOfDay ? '24:00' : at.time;
  const days = dueDay.day - wallClock(nowMs, timeZone).day;
  if (days <= 0) return { kind: 'today', time };
  if (days === 1) return { kind: 'tomorrow', time };
  return { kind: 'later', days, date: `${dueDay.month}-${dueDay.date}`, time };
}

/** An overdue time in words, in each language. */
const OVERDUE: Record<TLocale, (unit: 'minute' | 'hour' | 'day', n: number) => string> = {
  'zh-CN': (unit, n) => `已逾期 ${n} ${{ minute: '分钟', hour: '小时', day: '天' }[unit]}`,
  en: (unit, n) => `${n} ${{ minute: 'min', hour: n === 1 ? 'hour' : 'hours', day: n === 1 ? 'day' : 'days' }[unit]} overdue`,
};

/** A status in words: “已逾期 15 分钟”, “今天 17:09 截止”, “明天 17:09 截止”, “3 天后（12月17日 17:09）截止”. */
export function dueStatusText(s: TDueStatus, locale: TLocale): string {
  const en = locale === 'en';
  switch (s.kind) {
    case 'overdue':
      return OVERDUE[locale](s.unit, s.n);
    case 'today':
      return en ? `Due today at ${s.time}` : `今天 ${s.time} 截止`;
    case 'tomorrow':
      return en ? `Due tomorrow at ${s.time}` : `明天 ${s.time} 截止`;
    case 'later': {
      const [m, d] = s.date.split('-');
      return en ? `Due in ${s.days} days (${d}/${m} ${s.time})` : `${s.days} 天后（${m}月${d}日 ${s.time}）截止`;
    }
  }
}

/** `dueStatus` in words, in one call: what the console and the notices both show. */
export const dueText = (due: string | Date, now: string | Date, locale: TLocale, timeZone: string = CAMPAIGN_TIME_ZONE): string =>
  dueStatusText(dueStatus(due, now, timeZone), locale);
