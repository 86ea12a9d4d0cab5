const DAY = 86_400_000;
const CHINA = 8 * 3_600_000;

/** The China calendar day of an instant, as a day number (the week's deadlines are China dates). */
const chinaDay = (ms: number) => Math.floor((ms + CHINA) / DAY);

// A deadline's countdown (已逾期 15 分钟, 今天 17:09 截止) is `dueStatus` of @learnweek/contracts, shared with the notices.

/** Calendar days from `now` to a moment (the week's start, the ceremony): 0 on its day, negative after. */
export const daysUntil = (atIso: string, nowIso: string) => chinaDay(Date.parse(atIso)) - chinaDay(Date.parse(nowIso));
