import { define } from '../../internal/omni-element.js';
import { OmniAlert } from './omni-alert.component.js';

export { OmniAlert };
define('omni-alert', OmniAlert);

declare global {
  interface HTMLElementTagNameMap {
    'omni-alert': OmniAlert;
  }
}
