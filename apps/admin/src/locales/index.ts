import type { TLocale } from '@learnweek/contracts';
import { createI18n } from 'vue-i18n';
import en from './en.json';
import zhCN from './zh-CN.json';

export const STORED_LOCALE = 'learnweek.locale';

export function createAppI18n(initial: TLocale = (localStorage.getItem(STORED_LOCALE) as TLocale | null) ?? 'zh-CN') {
  return createI18n({ legacy: false, locale: initial, fallbackLocale: 'zh-CN', messages: { 'zh-CN': zhCN, en } });
}
