import { css } from 'lit';
import { tokens } from '../../internal/tokens.styles.js';

export default [
  tokens('data-effective-theme'),
  css`
    :host {
      display: contents;
    }
    .stack {
      position: fixed;
      z-index: var(--omni-z-index, 2147483000);
      display: flex;
      flex-direction: column;
      gap: 8px;
      max-block-size: calc(100vh - 2 * var(--_gap));
      overflow: auto;
      padding: 2px;
      pointer-events: none;
    }
    .stack > * {
      pointer-events: auto;
    }
    .stack:empty {
      display: none;
    }
    :host(:not([placement])) .stack,
    :host([placement^='top']) .stack {
      inset-block-start: var(--_gap);
    }
    :host([placement^='bottom']) .stack {
      inset-block-end: var(--_gap);
      flex-direction: column-reverse;
    }
    :host(:not([placement])) .stack,
    :host([placement$='end']) .stack {
      inset-inline-end: var(--_gap);
    }
    :host([placement$='start']) .stack {
      inset-inline-start: var(--_gap);
    }
    .chip {
      align-self: flex-end;
      font-family: var(--_font);
      font-size: 0.8125rem;
      padding: 4px 10px;
      border-radius: 999px;
      background: var(--_surface);
      color: var(--_on-surface);
      border: 1px solid var(--_border);
      box-shadow: var(--_shadow);
      margin: 0;
    }
    button.chip {
      cursor: pointer;
      font-weight: 600;
      line-height: inherit;
    }
    button.chip:hover {
      background: color-mix(in srgb, var(--_on-surface) 8%, var(--_surface));
    }
    button.chip:focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
    }
    p.chip[part='desktop-chip'] {
      max-inline-size: 22rem;
      border-radius: var(--_radius);
    }
    :host([placement$='start']) .chip {
      align-self: flex-start;
    }
    ::slotted([slot='live']) {
      position: absolute !important;
      inline-size: 1px !important;
      block-size: 1px !important;
      overflow: hidden !important;
      clip-path: inset(50%) !important;
      white-space: nowrap !important;
    }
    @media (forced-colors: active) {
      .chip {
        border-color: CanvasText;
      }
    }
  `,
];
