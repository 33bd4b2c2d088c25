import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en.json';
import zhCN from '../locales/zh-CN.json';

export type UiLanguage = 'zh-CN' | 'en';
const LANGUAGE_KEY = 'scilit.language';

export function savedLanguage(): UiLanguage {
  return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

export function setLanguage(lang: UiLanguage): void {
  localStorage.setItem(LANGUAGE_KEY, lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

/** The questionnaire's language code for the UI language (the bundled form uses `zh` and `en`). */
export function formLanguage(lang: string): string {
  return lang.startsWith('zh') ? 'zh' : 'en';
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: savedLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = savedLanguage();

export default i18n;
