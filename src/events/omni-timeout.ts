/** An offer's deadline passed without an answer. */
export type OmniTimeoutEvent = CustomEvent<{ offerId: string; conversationId: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'omni-timeout': OmniTimeoutEvent;
  }
}
