/**
 * The hosted control: the widget inside the shell's iframe. It talks to
 * nothing but its parent window, through a PostMessageTransport that accepts
 * only the shell's origin (`?shell=<origin>`, default: this page's own).
 */
import '../src/index.js';
import type { OmniNotificationHost } from '../src/components/notification-host/omni-notification-host.js';
import type { OmniMissedBanner } from '../src/components/missed-banner/omni-missed-banner.js';
import { PostMessageTransport } from '../src/services/transports/postmessage.js';

export function startHostedFrame(root: HTMLElement): OmniNotificationHost {
  const shell = new URLSearchParams(location.search).get('shell') || location.origin;
  const host = document.createElement('omni-notification-host') as OmniNotificationHost;
  host.setAttribute('placement', 'top-end');
  const banner = document.createElement('omni-missed-banner') as OmniMissedBanner;
  banner.center = host.center;
  const note = document.createElement('p');
  note.className = 'frame-note';
  note.textContent = 'Hosted control: notifications arrive here through the shell (postMessage).';
  root.append(banner, note, host);
  host.transport = new PostMessageTransport({ allowedOrigins: [shell] });
  return host;
}
