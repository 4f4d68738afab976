import { css, unsafeCSS } from 'lit';

/**
 * The one token vocabulary. Public `--omni-*` properties (set by the host page)
 * map to private `--_*` ones; rules read only `--_*`. Light and dark define
 * the same names with different values (both meet WCAG AA). `attr` is the
 * attribute that carries the theme: `theme` on the elements, and the host's
 * effective theme on the host itself.
 */
const light = css`
  --_surface: var(--omni-surface, #ffffff);
  --_on-surface: var(--omni-on-surface, #1f1f1f);
  --_muted: color-mix(in srgb, var(--_on-surface) 74%, var(--_surface));
  --_accent: var(--omni-accent, #0f6cbd);
  --_on-accent: var(--omni-on-accent, #ffffff);
  --_danger: var(--omni-danger, #b10e1c);
  --_border: var(--omni-border, #c7c7c7);
  --_shadow: var(--omni-shadow, 0 8px 24px rgb(0 0 0 / 0.16), 0 1px 3px rgb(0 0 0 / 0.12));
`;
const dark = css`
  --_surface: var(--omni-surface, #292929);
  --_on-surface: var(--omni-on-surface, #ffffff);
  --_muted: color-mix(in srgb, var(--_on-surface) 76%, var(--_surface));
  --_accent: var(--omni-accent, #479ef5);
  --_on-accent: var(--omni-on-accent, #0a0a0a);
  --_danger: var(--omni-danger, #ff9a9a);
  --_border: var(--omni-border, #5c5c5c);
  --_shadow: var(--omni-shadow, 0 8px 24px rgb(0 0 0 / 0.5), 0 1px 3px rgb(0 0 0 / 0.4));
`;

export function tokens(attr = 'theme') {
  const a = unsafeCSS(attr);
  return css`
    :host {
      ${light}
      --_radius: var(--omni-radius, 8px);
      --_font: var(--omni-font, 'Segoe UI', system-ui, -apple-system, sans-serif);
      --_gap: var(--omni-gap, 12px);
      color-scheme: light;
      font-family: var(--_font);
    }
    :host([${a}='dark']) {
      ${dark}
      color-scheme: dark;
    }
    @media (prefers-color-scheme: dark) {
      :host(:not([${a}='light'])) {
        ${dark}
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

/** Card look shared by alert, toast and banner. */
export const cardStyles = css`
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
