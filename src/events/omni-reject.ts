/** The agent rejected an offer. */
export type OmniRejectEvent = CustomEvent<{ offerId: string; conversationId: string; reason?: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'omni-reject': OmniRejectEvent;
  }
}
