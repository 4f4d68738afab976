import { define } from '../../internal/omni-element.js';
import { OmniMissedBanner } from './omni-missed-banner.component.js';

export { OmniMissedBanner };
define('omni-missed-banner', OmniMissedBanner);

declare global {
  interface HTMLElementTagNameMap {
    'omni-missed-banner': OmniMissedBanner;
  }
}
