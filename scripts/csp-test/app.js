// The bundle, loaded twice (two parts of a CRM each load it), an offer through
// an in-page transport, the optional parts (desktop, ringer, tab roles,
// hidden-tab timers through the worker file), the German translation, and an
// accept: the things a page runs in its first minutes.
import { DEFAULT_SETTINGS, loadPart } from './omni-notify.js';
import { start } from './transport.js';

await import('./omni-notify.js?copy=2');
const host = document.querySelector('omni-notification-host');
start(host, DEFAULT_SETTINGS);
await host.loadParts();
await loadPart('sse');
await loadPart('postmessage');
host.locale = 'de';
await new Promise((r) => setTimeout(r, 300));
const alert = host.shadowRoot.querySelector('omni-alert');
alert?.shadowRoot.querySelector('[part~="accept"]')?.click();
await new Promise((r) => setTimeout(r, 300));
document.body.dataset.done = JSON.stringify({ alert: !!alert, session: document.body.dataset.session ?? null, parts: !!host.tabs });
