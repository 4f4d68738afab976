import { css } from 'lit';
import { buttonStyles, tokens } from '../../internal/tokens.styles.js';

export default [
  tokens('data-effective-theme'),
  buttonStyles,
  css`
    :host {
      display: block;
    }
    :host([hidden]) {
      display: none;
    }
    .banner {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
      padding-block: 10px;
      padding-inline: 16px;
      background: color-mix(in srgb, var(--_danger) 12%, var(--_surface));
      color: var(--_on-surface);
      border: 1px solid var(--_danger);
      border-inline-start-width: 4px;
      border-radius: var(--_radius);
      font-family: var(--_font);
      font-size: 0.875rem;
      line-height: 1.4;
    }
    .text {
      flex: 1 1 280px;
      margin: 0;
    }
    strong {
      font-weight: 600;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      position: relative;
    }
    .menu {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      flex-basis: 100%;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .details {
      flex-basis: 100%;
      margin: 0;
      padding: 0;
      list-style: none;
      display: grid;
      gap: 4px;
    }
    .details[hidden] {
      display: none;
    }
    .details li {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      padding-block: 4px;
      border-block-start: 1px solid color-mix(in srgb, var(--_danger) 30%, var(--_surface));
    }
    .who {
      font-weight: 600;
      min-inline-size: 10ch;
    }
    .channel,
    time {
      color: var(--_muted);
    }
    time {
      font-variant-numeric: tabular-nums;
    }
    @media (forced-colors: active) {
      .banner {
        border: 2px solid CanvasText;
        background: Canvas;
        color: CanvasText;
      }
    }
  `,
];
