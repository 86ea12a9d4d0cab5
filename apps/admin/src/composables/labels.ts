import type { TLocale } from '@learnweek/contracts';
import { useI18n } from 'vue-i18n';

/** Reads the shared domain labels of @learnweek/contracts in the current language. */
export function useLabels() {
  const { locale } = useI18n();
  return <K extends string>(map: Record<K, Record<TLocale, string>>, key: K) => map[key][locale.value as TLocale];
}

export const formatTime = (iso: string | null, locale: string) =>
  iso
    ? new Intl.DateTimeFormat(locale, {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      }).format(new Date(iso))
    : '—';
