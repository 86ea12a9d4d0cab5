import type { TLocale } from '@learnweek/contracts';
import { watch } from 'vue';
import { createI18n } from 'vue-i18n';
import { storedLocale } from './stored';
import zhCN from './zh-CN.json';

export { STORED_LOCALE } from './stored';

type TMessages = typeof zhCN;

/** The other languages' messages, loaded when one is first chosen: zh-CN, the default, comes with the page. */
const LOADERS: Record<Exclude<TLocale, 'zh-CN'>, () => Promise<{ default: TMessages }>> = {
  en: () => import('./en.json'),
};

/**
 * The console's i18n, in `initial` (the stored choice, else zh-CN). Setting the locale loads its
 * messages; until they are there, zh-CN (the fallback) shows. `ready` is the initial locale's
 * messages: the app mounts after it, so a page opened in English starts in English.
 */
export function createAppI18n(initial: TLocale = storedLocale()) {
  // Partial: the other languages' messages are set when they arrive.
  const i18n = createI18n({
    legacy: false,
    locale: initial,
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': zhCN } as Partial<Record<TLocale, TMessages>>,
  });
  const loading = new Map<TLocale, Promise<void>>();
  const load = (locale: TLocale): Promise<void> => {
    if (locale === 'zh-CN') return Promise.resolve();
    const known = loading.get(locale);
    if (known) return known;
    const done = LOADERS[locale]().then(
      (m) => i18n.global.setLocaleMessage(locale, m.default),
      (e: unknown) => {
        // Asked again at the next change of language.
        loading.delete(locale);
        throw e;
      },
    );
    loading.set(locale, done);
    return done;
  };
  watch(i18n.global.locale, (locale) => load(locale).catch((e: unknown) => console.warn('locale', locale, e)));
  return Object.assign(i18n, { ready: load(initial) });
}
