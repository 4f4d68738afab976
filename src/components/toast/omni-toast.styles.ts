import { css } from 'lit';
import { cardElementStyles } from '../../internal/tokens.styles.js';

export default [
  cardElementStyles,
  css`
    .card {
      display: flex;
      align-items: stretch;
      overflow: hidden;
    }
    .body {
      flex: 1;
      min-inline-size: 0;
      display: flex;
      gap: 10px;
      align-items: flex-start;
      text-align: start;
      border: 0;
      border-radius: 0;
      padding-block: 12px;
      padding-inline: 14px;
      font-weight: 400;
      background: transparent;
    }
    .icon {
      flex: none;
      color: var(--_accent);
    }
    .text {
      min-inline-size: 0;
      display: flex;
      flex-direction: column;
      gap: 2px;
    }
    .title {
      font-weight: 600;
      font-size: 0.9375rem;
    }
    .line {
      color: var(--_muted);
      font-size: 0.8125rem;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    bdi {
      unicode-bidi: isolate;
    }
    .dismiss {
      flex: none;
      border: 0;
      border-inline-start: 1px solid var(--_border);
      border-radius: 0;
      padding-block: 0;
      padding-inline: 12px;
      background: transparent;
      font-size: 1.125rem;
      line-height: 1;
    }
  `,
];
