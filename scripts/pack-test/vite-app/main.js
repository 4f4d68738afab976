// A bundler user: the npm entry (Lit left as an import, shared with the app's own Lit),
// the theme as a CSS import, the page's language from ?lang=.
import 'omni-notify/theme.css';
import { DEFAULT_SETTINGS, OmniNotificationHost } from 'omni-notify';
import { html, render } from 'lit';
import { start } from './transport.js';

const lang = new URLSearchParams(location.search).get('lang');
if (lang) document.documentElement.lang = lang;
render(html`<p>The app's own Lit, ${customElements.get('omni-notification-host') === OmniNotificationHost ? 'same registry' : 'other'}.</p>`, document.querySelector('#app'));
start(document.querySelector('omni-notification-host'), DEFAULT_SETTINGS);
