/**
 * What the demo remembers across a reload, in localStorage: the
 * administrator's settings (for the engine in this page; a real server keeps
 * its own) and this workspace's choices (placement, shortcuts, desktop
 * override, language). Anything stored that is not what we wrote (hand
 * edited, an older shape, another app's key) is ignored with one log line,
 * never a crash.
 */
import type { Settings } from '../src/services/protocol/types.js';
import type { DemoLang } from './i18n.js';
import type { Placement, UiSettings } from './state.js';

export const PREFS_KEY = 'omni-notify-demo:v1';

export interface Prefs {
  /** The administrator's settings, as the engine returned them. */
  settings?: Settings;
  placement?: Placement;
  shortcuts?: boolean;
  desktop?: UiSettings['desktop'];
  lang?: DemoLang;
}

/** The storage the demo may use: null when there is none or it is blocked. */
export type PrefsStorage = Pick<Storage, 'getItem' | 'setItem'> | null;

const PLACEMENTS: readonly string[] = ['top-end', 'top-start', 'bottom-end', 'bottom-start'];
const DESKTOP: readonly string[] = ['template', 'background', 'always', 'never'];
const LANGS: readonly string[] = ['en', 'de', 'ar'];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads and checks the stored prefs. Returns what is usable and, when
 * something was dropped, why (for the log). The settings object is only
 * shape-checked here; the engine validates it fully when it is applied.
 */
export function loadPrefs(storage: PrefsStorage): { prefs: Prefs; problem?: string } {
  if (!storage) return { prefs: {} };
  let raw: string | null;
  try {
    raw = storage.getItem(PREFS_KEY);
  } catch (e) {
    return { prefs: {}, problem: `could not read stored settings (${e instanceof Error ? e.message : String(e)})` };
  }
  if (raw === null) return { prefs: {} };
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { prefs: {}, problem: 'stored settings are not JSON; using the defaults' };
  }
  if (!isObj(data)) return { prefs: {}, problem: 'stored settings are not an object; using the defaults' };
  const prefs: Prefs = {};
  const dropped: string[] = [];
  const take = <K extends keyof Prefs>(key: K, ok: (v: unknown) => boolean) => {
    if (!(key in data)) return;
    if (ok(data[key])) prefs[key] = data[key] as Prefs[K];
    else dropped.push(key);
  };
  take('settings', isObj);
  take('placement', (v) => typeof v === 'string' && PLACEMENTS.includes(v));
  take('shortcuts', (v) => typeof v === 'boolean');
  take('desktop', (v) => typeof v === 'string' && DESKTOP.includes(v));
  take('lang', (v) => typeof v === 'string' && LANGS.includes(v));
  return dropped.length ? { prefs, problem: `ignored invalid stored ${dropped.join(', ')}` } : { prefs };
}

/** Writes the prefs; a full or blocked storage is reported, not thrown. */
export function savePrefs(storage: PrefsStorage, prefs: Prefs): string | null {
  if (!storage) return null;
  try {
    storage.setItem(PREFS_KEY, JSON.stringify(prefs));
    return null;
  } catch (e) {
    return `could not store settings (${e instanceof Error ? e.message : String(e)})`;
  }
}
