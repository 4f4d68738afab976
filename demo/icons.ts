/** Decorative line icons (always aria-hidden: every icon sits next to text or in a labelled control). */
import { svg, type SVGTemplateResult } from 'lit';

const PATHS: Record<string, SVGTemplateResult> = {
  waffle: svg`<path d="M5 5h2v2H5zM11 5h2v2h-2zM17 5h2v2h-2zM5 11h2v2H5zM11 11h2v2h-2zM17 11h2v2h-2zM5 17h2v2H5zM11 17h2v2h-2zM17 17h2v2h-2z" fill="currentColor" stroke="none"/>`,
  home: svg`<path d="M4 11l8-7 8 7v9h-5v-6H9v6H4z"/>`,
  sessions: svg`<path d="M4 5h16v11H9l-5 4z"/><path d="M8 9h8M8 12h5"/>`,
  bolt: svg`<path d="M13 3L5 14h6l-1 7 8-11h-6z"/>`,
  team: svg`<circle cx="9" cy="8" r="3"/><path d="M3 19c0-3 3-5 6-5s6 2 6 5"/><circle cx="17" cy="9" r="2.2"/><path d="M16 14c2.5 0 5 1.5 5 4"/>`,
  settings: svg`<circle cx="12" cy="12" r="3"/><path d="M12 3v3M12 18v3M3 12h3M18 12h3M5.6 5.6l2.1 2.1M16.3 16.3l2.1 2.1M5.6 18.4l2.1-2.1M16.3 7.7l2.1-2.1"/>`,
  log: svg`<path d="M6 3h9l4 4v14H6z"/><path d="M9 11h7M9 14h7M9 17h4"/>`,
  chat: svg`<path d="M4 4h16v11H8l-4 4z"/>`,
  sms: svg`<rect x="7" y="2" width="10" height="20" rx="1.5"/><path d="M11 18h2"/>`,
  voice: svg`<path d="M6 3l4 1 1 5-2 1a11 11 0 0 0 5 5l1-2 5 1 1 4-2 2C11 20 4 13 4 5z"/>`,
  facebook: svg`<circle cx="12" cy="12" r="9"/><path d="M13.5 8H12a1.5 1.5 0 0 0-1.5 1.5V21M9 13h5"/>`,
  whatsapp: svg`<path d="M4 20l1.3-4A8.5 8.5 0 1 1 8 18.8z"/><path d="M9 9c0 3 3 6 6 6"/>`,
  close: svg`<path d="M6 6l12 12M18 6L6 18"/>`,
  send: svg`<path d="M4 12l16-8-6 16-2-6z"/><path d="M12 14l8-10"/>`,
  person: svg`<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4 4-6 8-6s8 2 8 6"/>`,
  warning: svg`<path d="M12 3l10 18H2z"/><path d="M12 10v5M12 18v.5"/>`,
};

export function icon(name: string, size = 20): SVGTemplateResult {
  return svg`<svg class="od-icon" viewBox="0 0 24 24" width=${size} height=${size} fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${PATHS[name] ?? PATHS.chat}</svg>`;
}

/** The icon for a conversation's channel. */
export function channelGlyph(channel: string, size = 18): SVGTemplateResult {
  const key = ['chat', 'sms', 'voice', 'facebook', 'whatsapp'].includes(channel) ? channel : 'chat';
  return icon(key, size);
}
