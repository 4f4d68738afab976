/** Pure helpers for reconciling the center's view with a `hello` snapshot. */
import type { Offer } from './protocol/types.js';

/** Nearest deadline first; among equal deadlines, the newest offer first. */
export function sortOffers(offers: readonly Offer[]): Offer[] {
  return [...offers].sort((a, b) => a.expiresAt - b.expiresAt || b.offeredAt - a.offeredAt);
}

/** Keeps the first item of each key. */
export function dedupeBy<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => (seen.has(key(t)) ? false : (seen.add(key(t)), true)));
}

/** What a snapshot adds and removes, by id: `next` is deduplicated; nothing appears twice. */
export function diffById<T>(
  current: readonly T[],
  incoming: readonly T[],
  key: (t: T) => string,
): { next: T[]; added: T[]; gone: T[] } {
  const next = dedupeBy(incoming, key);
  const now = new Set(current.map(key));
  const ids = new Set(next.map(key));
  return {
    next,
    added: next.filter((t) => !now.has(key(t))),
    gone: current.filter((t) => !ids.has(key(t))),
  };
}
