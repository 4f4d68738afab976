import { css } from 'lit';
import { cardElementStyles } from '../../internal/tokens.styles.js';

export default [
  cardElementStyles,
  css`
    .card {
      padding-block: 14px 12px;
      padding-inline: 16px;
      border-inline-start: 4px solid var(--_accent);
      overflow: hidden;
    }
    .head {
      display: flex;
      align-items: flex-start;
      gap: 10px;
    }
    .icon {
      flex: none;
      color: var(--_accent);
      margin-block-start: 2px;
    }
    .titles {
      flex: 1;
      min-inline-size: 0;
    }
    .eyebrow {
      display: block;
      font-size: 0.8125rem;
      color: var(--_muted);
    }
    h2 {
      margin: 0;
      font-size: 1rem;
      font-weight: 600;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    bdi {
      unicode-bidi: isolate;
    }
    .countdown {
      flex: none;
      font-variant-numeric: tabular-nums;
      font-size: 0.875rem;
      font-weight: 600;
      padding-block: 2px;
      padding-inline: 8px;
      border-radius: 999px;
      border: 1px solid var(--_border);
    }
    .countdown.urgent {
      color: var(--_danger);
      border-color: currentColor;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 2px 12px;
      margin: 0;
      margin-block-start: 10px;
      font-size: 0.875rem;
    }
    dt {
      color: var(--_muted);
    }
    dd {
      margin: 0;
      min-inline-size: 0;
      overflow-wrap: anywhere;
      display: -webkit-box;
      -webkit-line-clamp: 3;
      -webkit-box-orient: vertical;
      overflow: hidden;
    }
    .wait {
      font-variant-numeric: tabular-nums;
    }
    .auto-accept {
      margin: 0;
      margin-block-start: 10px;
      font-size: 0.875rem;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
      color: var(--_accent);
    }
    .visually-hidden {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    .reasons {
      display: flex;
      flex-direction: column;
      gap: 4px;
      margin-block-start: 8px;
      padding-block-start: 8px;
      border-block-start: 1px solid var(--_border);
    }
    .reasons button {
      text-align: start;
      font-weight: 400;
      overflow-wrap: anywhere;
    }
    .error {
      margin: 0;
      margin-block-start: 8px;
      color: var(--_danger);
      font-size: 0.8125rem;
    }
    .actions {
      display: flex;
      gap: 8px;
      justify-content: flex-end;
      margin-block-start: 12px;
    }
    @media (forced-colors: active) {
      .card {
        border-inline-start-width: 6px;
      }
      .countdown.urgent {
        color: CanvasText;
      }
    }
  `,
];
