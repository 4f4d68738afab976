import type { Presence, PresenceReason } from '../services/protocol/types.js';
/** The agent's presence changed. */
export type OmniPresenceChangeEvent = CustomEvent<{ presence: Presence; previous: Presence; reason: PresenceReason }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'omni-presence-change': OmniPresenceChangeEvent;
  }
}
