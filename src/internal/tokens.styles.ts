import { css, unsafeCSS } from 'lit';
import { tokenDefaults } from '../theme/palette.js';

/**
 * The public `--omni-*` tokens (set by the host page) mapped once to private
 * ones with their defaults from the palette: `--_surface: var(--omni-surface,
 * light-dark(#ffffff, #292929))`, … `--_radius`, `--_font`, `--_gap`,
 * `--_shadow`. Rules read only `--_*`.
 */
const privateTokens = unsafeCSS(
  Object.entries(tokenDefaults)
    .map(([name, value]) => `--_${name}: var(--omni-${name}, ${value});`)
    .join('\n'),
);

/**
 * The one token vocabulary, light and dark in one declaration each
 * (`light-dark()`): the theme only sets `color-scheme`, which picks the
 * value. `attr` is the attribute that carries the theme: `theme` on the
 * elements, and the effective theme on the host and the banner. Any value
 * but `light` and `dark` (`system`, none) follows the operating system.
 */
export function tokens(attr = 'theme') {
  const a = unsafeCSS(attr);
  return css`
    :host {
      ${privateTokens}
      --_muted: light-dark(
        color-mix(in srgb, var(--_on-surface) 74%, var(--_surface)),
        color-mix(in srgb, var(--_on-surface) 76%, var(--_surface))
      );
      color-scheme: light;
      font-family: var(--_font);
    }
    :host([${a}='dark']) {
      color-scheme: dark;
    }
    @media (prefers-color-scheme: dark) {
      :host(:not([${a}='light'])) {
        color-scheme: dark;
      }
    }
  `;
}

/** Shared button look: real buttons, visible focus, forced-colors aware. */
export const buttonStyles = css`
  button {
    font: inherit;
    font-size: 0.875rem;
    font-weight: 600;
    min-block-size: 32px;
    padding-block: 4px;
    padding-inline: 14px;
    border-radius: calc(var(--_radius) / 2);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_on-surface);
    cursor: pointer;
  }
  button:hover {
    background: color-mix(in srgb, var(--_on-surface) 8%, var(--_surface));
  }
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  button.primary:hover {
    background: color-mix(in srgb, var(--_accent) 88%, var(--_on-surface));
  }
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: progress;
  }
  @media (forced-colors: active) {
    button,
    button.primary {
      forced-color-adjust: none;
      background: ButtonFace;
      color: ButtonText;
      border-color: ButtonText;
    }
    button:focus-visible {
      outline-color: Highlight;
    }
  }
`;

/** Card look shared by alert and toast: a block as wide as a card, hidden by `hidden`. */
const cardStyles = css`
  :host {
    display: block;
    inline-size: min(360px, calc(100vw - 2 * var(--_gap)));
  }
  :host([hidden]) {
    display: none;
  }
  /* Directional glyphs (the chat bubble's tail) face the other way in right-to-left text. */
  [dir='rtl'] svg.mirror {
    transform: scaleX(-1);
  }
  .card {
    box-sizing: border-box;
    background: var(--_surface);
    color: var(--_on-surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
    font-family: var(--_font);
    line-height: 1.4;
  }
  @media (forced-colors: active) {
    .card {
      border: 2px solid CanvasText;
      background: Canvas;
      color: CanvasText;
    }
  }
  @media (prefers-reduced-motion: no-preference) {
    .card {
      animation: omni-in 160ms ease-out;
    }
  }
  @keyframes omni-in {
    from {
      opacity: 0;
      transform: translateY(-6px);
    }
  }
`;

/** What the card elements (alert, toast) start from: tokens, buttons, the card. */
export const cardElementStyles = [tokens(), buttonStyles, cardStyles];
