import type { Offer } from '../services/protocol/types.js';
/** An offer arrived (once per offer, even across reconnects). */
export type OmniOfferEvent = CustomEvent<{ offer: Offer; offerId: string; conversationId: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'omni-offer': OmniOfferEvent;
  }
}
