import { html, svg, type SVGTemplateResult } from 'lit';
import type { TextPart } from '../services/templates.js';

/** Small decorative channel glyphs (aria-hidden; the channel is also said in text). */
const paths: Record<string, SVGTemplateResult> = {
  chat: svg`<path d="M4 4h16v11H8l-4 4z" />`,
  sms: svg`<path d="M7 2h10a1 1 0 0 1 1 1v18a1 1 0 0 1-1 1H7a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1zm3 17h4" />`,
  voice: svg`<path d="M6 3l4 1 1 5-2 1a11 11 0 0 0 5 5l1-2 5 1 1 4-2 2C11 20 4 13 4 5z" />`,
  social: svg`<circle cx="12" cy="12" r="9" /><path d="M8 12h8M12 8v8" />`,
  toast: svg`<path d="M4 5h16v14H4zM4 9h16" />`,
};

/** Glyphs with a direction (the speech bubble's tail) that mirror in right-to-left text. */
const MIRRORED = new Set(['chat']);

export function channelIcon(channel: string, scenario: string): SVGTemplateResult {
  const key = channel === 'sms' ? 'sms' : channel === 'voice' ? 'voice' : scenario === 'social' ? 'social' : paths[scenario] ? scenario : channel === 'chat' ? 'chat' : 'toast';
  const glyph = paths[key] ? key : 'chat';
  return svg`<svg class=${MIRRORED.has(glyph) ? 'mirror' : ''} data-glyph=${glyph} viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" aria-hidden="true" focusable="false">${paths[glyph]}</svg>`;
}

/** Rendered template text whose slug values (customer text) are bidi-isolated. */
export function isolated(parts: TextPart[]) {
  return parts.map((p) => (p.slug ? html`<bdi>${p.text}</bdi>` : p.text));
}

/** Shortens very long customer text for labels; the full text stays in the details. */
export function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
