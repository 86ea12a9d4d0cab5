import { afterEach, describe, expect, it } from 'vitest';
import { createAppI18n, STORED_LOCALE } from '../src/locales';

afterEach(() => localStorage.clear());

describe('the console’s languages', () => {
  it('comes with zh-CN: its messages are there at once', async () => {
    const i18n = createAppI18n('zh-CN');
    expect(i18n.global.t('app.title')).toBe('全民终身学习推进周 · 管理平台');
    await i18n.ready;
    expect(i18n.global.availableLocales).toEqual(['zh-CN']);
  });

  it('opened in English (the stored choice), is English once ready', async () => {
    localStorage.setItem(STORED_LOCALE, 'en');
    const i18n = createAppI18n();
    expect(i18n.global.locale.value).toBe('en');
    await i18n.ready;
    expect(i18n.global.t('app.title')).toBe('Lifelong Learning Week · Console');
  });

  it('loads English when it is chosen, zh-CN showing until then', async () => {
    const i18n = createAppI18n('zh-CN');
    i18n.global.locale.value = 'en';
    expect(i18n.global.t('app.title')).toBe('全民终身学习推进周 · 管理平台');
    await expect.poll(() => i18n.global.t('app.title')).toBe('Lifelong Learning Week · Console');
    expect(i18n.global.t('login.submit')).not.toBe('登录');
  });
});
