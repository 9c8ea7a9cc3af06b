// vue-i18n set-up: zh-CN (default) and en messages; the chosen language persists in localStorage.
import { createI18n } from 'vue-i18n';
import { MESSAGES } from './messages';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
const STORAGE_KEY = 'shuniu.locale';

function storage(): Storage | null {
  return typeof localStorage !== 'undefined' ? localStorage : null;
}

/** The saved language, or zh-CN when none (or an unknown one) is saved. */
export function savedLocale(): Locale {
  const v = storage()?.getItem(STORAGE_KEY);
  return (LOCALES as readonly string[]).includes(v ?? '') ? (v as Locale) : 'zh-CN';
}

export const i18n = createI18n({
  legacy: false,
  locale: savedLocale(),
  fallbackLocale: 'zh-CN',
  messages: MESSAGES,
});

/** Switches the UI language and remembers it. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  storage()?.setItem(STORAGE_KEY, locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
