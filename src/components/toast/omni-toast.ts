import { define } from '../../internal/omni-element.js';
import { OmniToast } from './omni-toast.component.js';

export { OmniToast };
define('omni-toast', OmniToast);

declare global {
  interface HTMLElementTagNameMap {
    'omni-toast': OmniToast;
  }
}
