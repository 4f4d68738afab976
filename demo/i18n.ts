/**
 * The demo's own words in English, German and Arabic (the widget has its own
 * translations in src/locales/). English text is the key: `tr('Sessions')`;
 * a missing translation shows English. `?lang=de|ar` or the language picker
 * chooses; Arabic turns the whole dashboard right to left.
 */
import { AR } from './i18n-ar.js';
import { DE } from './i18n-de.js';

export type DemoLang = 'en' | 'de' | 'ar';
export const DEMO_LANGS: readonly [DemoLang, string][] = [
  ['en', 'English'],
  ['de', 'Deutsch'],
  ['ar', 'العربية'],
];

let lang: DemoLang = 'en';

export function demoLang(): DemoLang {
  return lang;
}

export function setDemoLang(next: DemoLang): void {
  lang = next;
}

export function isDemoLang(v: unknown): v is DemoLang {
  return v === 'en' || v === 'de' || v === 'ar';
}

/** `?lang=de` (or `de-AT`) → 'de'; null when absent or not one we have. */
export function langFromQuery(search: string): DemoLang | null {
  const asked = new URLSearchParams(search).get('lang')?.trim().toLowerCase().split(/[-_]/)[0];
  return isDemoLang(asked) ? asked : null;
}

export function dirOf(l: DemoLang): 'ltr' | 'rtl' {
  return l === 'ar' ? 'rtl' : 'ltr';
}

/** The demo's text in its language; `{0}`, `{1}` … are replaced by `args` (as text). */
export function tr(text: string, ...args: Array<string | number>): string {
  const table = lang === 'de' ? DE : lang === 'ar' ? AR : null;
  const out = table?.[text] ?? text;
  return args.length ? out.replace(/\{(\d)\}/g, (m: string, i: string) => (args[Number(i)] ?? m).toString()) : out;
}
