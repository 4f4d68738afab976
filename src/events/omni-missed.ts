import type { Missed } from '../services/protocol/types.js';
/** The missed-notification state changed (null: cleared). */
export type OmniMissedEvent = CustomEvent<{ missed: Missed | null }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'omni-missed': OmniMissedEvent;
  }
}
