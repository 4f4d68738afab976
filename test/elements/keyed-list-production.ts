/** Bundled with Lit's production build by the `omni-production-bundle` command (test/commands.mjs) for keyed-list.test.ts. */
export { html, render } from 'lit';
export { keyedList } from '../../src/internal/keyed-list.js';
