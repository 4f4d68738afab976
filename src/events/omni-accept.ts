/** The agent accepted an offer (button, shortcut or desktop notification). */
export type OmniAcceptEvent = CustomEvent<{ offerId: string; conversationId: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'omni-accept': OmniAcceptEvent;
  }
}
