/** China Standard Time (UTC+8, no daylight saving): the bureau's clock, whatever the server's zone. */
export const CHINA_OFFSET_MS = 8 * 3_600_000;

/** A Date whose UTC fields read as China's wall clock (how a spreadsheet stores a local time). */
export const toChinaWallClock = (instant: Date) => new Date(instant.getTime() + CHINA_OFFSET_MS);

const LENGTH = { day: 10, minute: 16, second: 19 } as const;

/** A wall-clock Date as text: 2017-10-24, 2017-10-24 09:00 or 2017-10-24 09:00:05. */
export const wallClockText = (wallClock: Date, precision: keyof typeof LENGTH) =>
  wallClock.toISOString().slice(0, LENGTH[precision]).replace('T', ' ');

/** An instant as China's wall clock in text. */
export const chinaText = (instant: Date, precision: keyof typeof LENGTH) => wallClockText(toChinaWallClock(instant), precision);
