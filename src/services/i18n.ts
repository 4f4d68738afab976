/**
 * Localization: @lit/localize in runtime mode. Every string an agent sees goes
 * through `msg()` with a stable id; `src/locales/<locale>.ts` holds the
 * translations (German and Arabic), loaded lazily where the bundler can split.
 * English is the source locale and the fallback: an unsupported locale shows
 * English (the host reports it as an `omni-error`), a missing translation
 * shows the English text rather than a key.
 *
 * One locale per page: @lit/localize keeps one active locale per copy of the
 * library, and the bundles carry their own copy, so a page that uses
 * @lit/localize itself is not disturbed. No DOM here: the host element
 * decides what is requested (its `locale`, else the page's `lang`).
 */
import { configureLocalization, msg, type LocaleModule, type StrResult } from '@lit/localize';

export const SOURCE_LOCALE = 'en';
export const TARGET_LOCALES = ['de', 'ar'] as const;
export type OmniLocale = typeof SOURCE_LOCALE | (typeof TARGET_LOCALES)[number];

/** The shipped locales written right to left (add `he`, `fa`, … with their translations). */
const RTL_LOCALES: readonly string[] = ['ar'];

/** What a requested locale resolves to. */
export interface LocaleChoice {
  /** As requested ('' when nothing was). */
  requested: string;
  /** The message locale: one we ship. */
  locale: OmniLocale;
  /** The BCP 47 tag numbers and durations are formatted with (`de-AT`, `ar-EG`, `en`). */
  tag: string;
  dir: 'ltr' | 'rtl';
  /** False when the request was not a tag we translate: English is shown instead. */
  supported: boolean;
}

const loaders: Record<(typeof TARGET_LOCALES)[number], () => Promise<LocaleModule>> = {
  de: () => import('../locales/de.js'),
  ar: () => import('../locales/ar.js'),
};

const { setLocale } = configureLocalization({
  sourceLocale: SOURCE_LOCALE,
  targetLocales: TARGET_LOCALES,
  loadLocale: (l) => loaders[l as keyof typeof loaders](),
});

const ENGLISH: LocaleChoice = { requested: '', locale: 'en', tag: 'en', dir: 'ltr', supported: true };

/** Resolves a requested tag (`de-DE`, `ar`, `en_GB`, `fr`, junk) without changing anything. */
export function resolveLocale(requested: string | null | undefined): LocaleChoice {
  const raw = (requested ?? '').trim();
  if (!raw) return ENGLISH;
  let tag: string;
  try {
    tag = Intl.getCanonicalLocales(raw.replace(/_/g, '-'))[0] ?? '';
  } catch {
    return { ...ENGLISH, requested: raw, supported: false };
  }
  const lang = tag.split('-')[0]!.toLowerCase();
  if (lang === SOURCE_LOCALE || (TARGET_LOCALES as readonly string[]).includes(lang)) {
    return { requested: raw, locale: lang as OmniLocale, tag, dir: RTL_LOCALES.includes(lang) ? 'rtl' : 'ltr', supported: true };
  }
  return { ...ENGLISH, requested: raw, supported: false };
}

let active: LocaleChoice = ENGLISH;
let wanted: LocaleChoice = ENGLISH;
let ready: Promise<void> = Promise.resolve();
const listeners = new Set<(c: LocaleChoice) => void>();

/** The locale whose strings are showing now. */
export function currentLocale(): LocaleChoice {
  return active;
}

/** The tag Intl formats with now. */
export function localeTag(): string {
  return active.tag;
}

/** Settles when the last requested locale is showing (or failed and English shows). */
export function localeReady(): Promise<void> {
  return ready;
}

/** Called with the new choice once its strings are loaded. Returns the unsubscribe function. */
export function onLocaleChange(fn: (c: LocaleChoice) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * Switches every omni-notify element on the page to `requested`. Resolves to
 * the choice; rejects when the translations could not be loaded (a missing
 * chunk), in which case English shows.
 */
export function useLocale(requested: string | null | undefined): Promise<LocaleChoice> {
  const choice = resolveLocale(requested);
  // Same strings and formats as requested already ("fr" and "" both mean English): nothing to load,
  // but the caller still learns whether its request was supported.
  if (choice.tag === wanted.tag) return ready.then(() => (active.tag === choice.tag ? choice : active));
  wanted = choice;
  const done = setLocale(choice.locale).then(
    () => {
      if (wanted !== choice) return active;
      active = choice;
      for (const fn of [...listeners]) fn(choice);
      return choice;
    },
    async (e: unknown) => {
      if (wanted === choice) {
        wanted = ENGLISH;
        await setLocale(SOURCE_LOCALE);
        active = ENGLISH;
        for (const fn of [...listeners]) fn(ENGLISH);
      }
      throw e;
    },
  );
  ready = done.then(
    () => undefined,
    () => undefined,
  );
  return done;
}

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * A message with a number in it, in the right plural form for the locale
 * (Arabic has six). `one` and `other` are the English source; the id gets the
 * plural category as suffix (`missed.one`, `missed.few`): a locale module
 * translates the categories its language has.
 */
export function plural(n: number, id: string, one: StrResult | string, other: StrResult | string): string {
  let rules = pluralRules.get(active.locale);
  if (!rules) pluralRules.set(active.locale, (rules = new Intl.PluralRules(active.locale)));
  const category = rules.select(n);
  return msg((category === 'one' ? one : other) as StrResult, { id: `${id}.${category}` });
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A whole number in the locale's digits. */
export function formatNumber(n: number): string {
  let f = numberFormats.get(active.tag);
  if (!f) numberFormats.set(active.tag, (f = new Intl.NumberFormat(active.tag, { maximumFractionDigits: 0 })));
  return f.format(n);
}
