import type { Customer, Notice, Scenario } from '../services/protocol/types.js';
/** The agent selected a toast. */
export type OmniToastOpenEvent = CustomEvent<{ conversationId: string; noticeId: string; scenario: Scenario; customer: Customer; notice: Notice }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'omni-toast-open': OmniToastOpenEvent;
  }
}
