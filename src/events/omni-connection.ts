import type { ConnectionState } from '../services/protocol/types.js';
/** The transport's connection state changed. */
export type OmniConnectionEvent = CustomEvent<{ state: ConnectionState; error?: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'omni-connection': OmniConnectionEvent;
  }
}
