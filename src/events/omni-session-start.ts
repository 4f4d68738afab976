import type { Contact, Customer, Session } from '../services/protocol/types.js';
/** A session started (accept or an opened toast): open the customer summary and communication panel. */
export type OmniSessionStartEvent = CustomEvent<{
  conversationId: string;
  offerId?: string;
  channel: string;
  customer: Customer;
  contactId?: string;
  contact?: Contact;
  session: Session;
}>;

declare global {
  interface GlobalEventHandlersEventMap {
    'omni-session-start': OmniSessionStartEvent;
  }
}
