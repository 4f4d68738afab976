// No bundler: the CDN-style single file through an import map. A second copy
// of it (another URL, as when two parts of a CRM each load the widget) must
// not throw.
import { DEFAULT_SETTINGS } from 'omni-notify';
import { start } from './transport.js';

const lang = new URLSearchParams(location.search).get('lang');
if (lang) document.documentElement.lang = lang;
await import('./node_modules/omni-notify/dist/omni-notify.js?copy=2');
document.body.dataset.twice = 'ok';
start(document.querySelector('omni-notification-host'), DEFAULT_SETTINGS);
