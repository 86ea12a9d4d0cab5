import type { TLocale } from '@learnweek/contracts';

/** Where the chosen language is kept; without Vue, for the entry (main.ts) to read too. */
export const STORED_LOCALE = 'learnweek.locale';

/** The stored choice, else zh-CN. */
export const storedLocale = (): TLocale => (localStorage.getItem(STORED_LOCALE) as TLocale | null) ?? 'zh-CN';
