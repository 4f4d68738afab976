/**
 * Durations and presence labels, in the widget's locale (services/i18n.ts).
 * The visible clock is "m:ss" in the locale's digits ("0:05", "2:07",
 * "1:02:07"); the spoken form uses Intl.DurationFormat ("2 minutes,
 * 7 seconds", "دقيقتان و7 ثوان") where the browser has it, else unit-formatted
 * numbers joined as a list.
 */
import { msg } from '@lit/localize';
import type { Presence } from './protocol/types.js';
import { localeTag } from './i18n.js';

type Unit = 'hour' | 'minute' | 'second';
type Formatter = { format(v: never): string };

function split(ms: number): Array<[Unit, number]> {
  const t = Math.max(0, Math.floor(ms / 1000));
  return [
    ['hour', Math.floor(t / 3600)],
    ['minute', Math.floor((t % 3600) / 60)],
    ['second', t % 60],
  ];
}

const cache = new Map<string, Formatter>();
function cached<T extends Formatter>(key: string, make: () => T): T {
  let f = cache.get(key);
  if (!f) cache.set(key, (f = make()));
  return f as T;
}

/** "0:05", "2:07", "1:02:07": elapsed or remaining time, rounded down to the second, in the locale's digits. */
export function formatDuration(ms: number, tag = localeTag()): string {
  const [h, m, s] = split(ms).map(([, n]) => n) as [number, number, number];
  const digits = (n: number, min: number) =>
    cached(`n${min} ${tag}`, () => new Intl.NumberFormat(tag, { minimumIntegerDigits: min, useGrouping: false })).format(n);
  return `${h ? `${digits(h, 1)}:${digits(m, 2)}` : digits(m, 1)}:${digits(s, 2)}`;
}

type DurationFormatCtor = new (tag: string, options: object) => { format(d: object): string };

/** Intl.DurationFormat where the browser has it (Chromium 129, Firefox 136, Safari 16.4). */
export function durationFormatCtor(): DurationFormatCtor | undefined {
  return (Intl as unknown as { DurationFormat?: DurationFormatCtor }).DurationFormat;
}

/**
 * "2 minutes, 7 seconds": the same duration for screen readers. Without
 * Intl.DurationFormat, each unit is formatted as a number with a unit and the
 * units are joined as a list ("2 minutes, 7 seconds" too in English).
 */
export function spokenDuration(ms: number, tag = localeTag(), DurationFormat = durationFormatCtor()): string {
  const all = split(ms);
  const present = all.filter(([, n]) => n > 0);
  const units = present.length ? present : [all[2]];
  if (DurationFormat) {
    // DurationFormat's "auto" display leaves out zero units, and would say nothing at all for 0 s.
    const zero = !present.length;
    const df = cached(`d${zero} ${tag}`, () => new DurationFormat(tag, zero ? { style: 'long', secondsDisplay: 'always' } : { style: 'long' }));
    return df.format(Object.fromEntries(units.map(([u, n]) => [`${u}s`, n])));
  }
  const words = units.map(([u, n]) =>
    cached(`u${u} ${tag}`, () => new Intl.NumberFormat(tag, { style: 'unit', unit: u, unitDisplay: 'long' })).format(n),
  );
  return cached(`l ${tag}`, () => new Intl.ListFormat(tag, { type: 'unit', style: 'long' })).format(words);
}

/** English presence names; agents read them translated (presenceLabel). */
export const PRESENCE_LABELS = {
  available: 'Available',
  busy: 'Busy',
  dnd: 'Busy - DND',
  away: 'Away',
  offline: 'Offline',
  inactive: 'Inactive',
} as const;

/** A presence as the agent reads it, in the widget's locale (id `presence.<presence>`). */
export function presenceLabel(p: Presence | string): string {
  const label = (PRESENCE_LABELS as Record<string, string>)[p];
  return label ? msg(label, { id: `presence.${p}` }) : p;
}
