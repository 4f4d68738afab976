/** A keyboard shortcut such as "Ctrl+Shift+A", parsed once. */
export interface Shortcut {
  key: string;
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
  meta: boolean;
}

export function parseShortcut(text: string | null | undefined): Shortcut | null {
  if (!text) return null;
  const parts = text.split('+').map((p) => p.trim().toLowerCase());
  const key = parts.pop();
  if (!key) return null;
  const has = (...names: string[]) => parts.some((p) => names.includes(p));
  return {
    key,
    ctrl: has('ctrl', 'control'),
    shift: has('shift'),
    alt: has('alt', 'option'),
    meta: has('meta', 'cmd', 'command'),
  };
}

/** Matches by `code` for letters and digits, so Shift and keyboard layouts don't change the key. */
export function matchesShortcut(e: KeyboardEvent, s: Shortcut | null): boolean {
  if (!s) return false;
  if (e.ctrlKey !== s.ctrl || e.shiftKey !== s.shift || e.altKey !== s.alt || e.metaKey !== s.meta) return false;
  const k = s.key;
  if (/^[a-z]$/.test(k)) return e.code === `Key${k.toUpperCase()}` || e.key.toLowerCase() === k;
  if (/^[0-9]$/.test(k)) return e.code === `Digit${k}` || e.key === k;
  return e.key.toLowerCase() === k;
}
