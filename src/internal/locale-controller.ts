import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { currentLocale, onLocaleChange, useLocale, type LocaleChoice } from '../services/i18n.js';

/**
 * Which locale the page's omni-notify elements speak: the `locale` of the
 * most recently configured connected `<omni-notification-host>` that has one,
 * else the page's `<html lang>` (watched, so a CRM that switches language
 * switches the widget), else English.
 */
const explicit = new Map<object, string>();
const connected = new Set<LocaleController>();
let observer: MutationObserver | null = null;

function requested(): string {
  const last = [...explicit.values()].pop();
  return last ?? document.documentElement.lang ?? '';
}

function apply(): Promise<LocaleChoice> {
  return useLocale(requested());
}

export interface LocaleControllerOptions {
  /** The element's own request (the host's `locale`), if it makes one. */
  locale?: () => string | null | undefined;
  /** Told when the page's locale is one omni-notify does not translate (English shows), or failed to load. */
  onProblem?: (problem: { code: 'locale-unsupported' | 'locale-load-failed'; message: string }) => void;
}

/**
 * Re-renders its element when the widget's locale changes; keeps the page's
 * `lang` watched while any omni-notify element is connected. Elements render
 * `lang` and `dir` from `currentLocale()` on their base part, so an Arabic
 * widget is right-to-left on any page.
 */
export class LocaleController implements ReactiveController {
  private off: (() => void) | null = null;
  private reported = '';

  constructor(
    private readonly host: ReactiveControllerHost & object,
    private readonly options: LocaleControllerOptions = {},
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.off = onLocaleChange(() => this.host.requestUpdate());
    connected.add(this);
    if (!observer && typeof MutationObserver !== 'undefined') {
      observer = new MutationObserver(() => connected.forEach((c) => c.changed()));
      observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    }
    this.sync();
  }

  hostDisconnected(): void {
    this.off?.();
    this.off = null;
    connected.delete(this);
    if (connected.size === 0) {
      observer?.disconnect();
      observer = null;
    }
    if (explicit.delete(this.host)) void apply().catch(() => {});
  }

  /** Call when the element's own `locale` changed. */
  sync(): void {
    const own = this.options.locale?.()?.trim();
    explicit.delete(this.host);
    if (own) explicit.set(this.host, own);
    this.changed();
  }

  /** Re-resolves the page's locale and reports a problem with it once per request. */
  changed(): void {
    apply().then(
      (choice) => {
        if (choice.supported || !choice.requested) {
          this.reported = '';
          return;
        }
        if (this.reported === choice.requested) return;
        this.reported = choice.requested;
        this.options.onProblem?.({
          code: 'locale-unsupported',
          message: `no translation for locale "${choice.requested}"; showing English`,
        });
      },
      (e: unknown) =>
        this.options.onProblem?.({
          code: 'locale-load-failed',
          message: `could not load the translations for "${requested()}"; showing English (${e})`,
        }),
    );
  }
}

/** `lang` and `dir` for an element's base part. */
export function localeAttributes(): { lang: string; dir: 'ltr' | 'rtl' } {
  const c = currentLocale();
  return { lang: c.tag, dir: c.dir };
}
