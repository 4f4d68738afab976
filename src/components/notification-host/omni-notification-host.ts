import { define } from '../../internal/omni-element.js';
import { OmniNotificationHost } from './omni-notification-host.component.js';

export { OmniNotificationHost };
define('omni-notification-host', OmniNotificationHost);

declare global {
  interface HTMLElementTagNameMap {
    'omni-notification-host': OmniNotificationHost;
  }
}
