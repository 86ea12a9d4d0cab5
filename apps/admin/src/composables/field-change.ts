import {
  ACTIVITY_TYPE_LABELS,
  AUDIENCE_LABELS,
  UNIT_KIND_LABELS,
  type TActivityType,
  type TAudience,
  type TFieldValue,
  type TUnitKind,
} from '@learnweek/contracts';
import { useI18n } from 'vue-i18n';
import { formatTime, useLabels } from './labels';

/** A changed field as a reader sees it: its label, and each value in words (a type's name, a date in China time, 是/否). */
export function useFieldChange() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const label = useLabels();
  const name = (field: string) => (i18n.te(`field.${field}`) ? t(`field.${field}`) : t(`imports.field.${field}`));
  function value(field: string, v: TFieldValue): string {
    if (v === null || v === '' || (Array.isArray(v) && v.length === 0 && field !== 'photoIds')) return t('imports.empty');
    if (typeof v === 'boolean') return v ? t('imports.yes') : t('imports.no');
    if (Array.isArray(v))
      return field === 'photoIds'
        ? t('imports.photos', { n: v.length })
        : v.map((x) => (field === 'audiences' ? label(AUDIENCE_LABELS, x as TAudience) : x)).join('、');
    if (typeof v === 'number') return String(v);
    if (field === 'type') return label(ACTIVITY_TYPE_LABELS, v as TActivityType);
    if (field === 'kind') return label(UNIT_KIND_LABELS, v as TUnitKind);
    if (field === 'startsAt' || field === 'endsAt') return formatTime(v, locale.value);
    return v;
  }
  return { name, value };
}
