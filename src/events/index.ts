import type { OmniAcceptEvent } from './omni-accept.js';
import type { OmniConnectionEvent } from './omni-connection.js';
import type { OmniErrorEvent } from './omni-error.js';
import type { OmniMissedEvent } from './omni-missed.js';
import type { OmniOfferEvent } from './omni-offer.js';
import type { OmniPresenceChangeEvent } from './omni-presence-change.js';
import type { OmniRejectEvent } from './omni-reject.js';
import type { OmniSessionStartEvent } from './omni-session-start.js';
import type { OmniTimeoutEvent } from './omni-timeout.js';
import type { OmniToastDismissEvent } from './omni-toast-dismiss.js';
import type { OmniToastOpenEvent } from './omni-toast-open.js';

export type {
  OmniAcceptEvent,
  OmniConnectionEvent,
  OmniErrorEvent,
  OmniMissedEvent,
  OmniOfferEvent,
  OmniPresenceChangeEvent,
  OmniRejectEvent,
  OmniSessionStartEvent,
  OmniTimeoutEvent,
  OmniToastDismissEvent,
  OmniToastOpenEvent,
};

/** Every public event, by name. */
export interface OmniEventMap {
  'omni-offer': OmniOfferEvent;
  'omni-accept': OmniAcceptEvent;
  'omni-reject': OmniRejectEvent;
  'omni-timeout': OmniTimeoutEvent;
  'omni-session-start': OmniSessionStartEvent;
  'omni-toast-open': OmniToastOpenEvent;
  'omni-toast-dismiss': OmniToastDismissEvent;
  'omni-missed': OmniMissedEvent;
  'omni-presence-change': OmniPresenceChangeEvent;
  'omni-connection': OmniConnectionEvent;
  'omni-error': OmniErrorEvent;
}
