/** A toast was dismissed or its duration ran out. */
export type OmniToastDismissEvent = CustomEvent<{ noticeId: string; conversationId: string; reason: 'dismissed' | 'expired' }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'omni-toast-dismiss': OmniToastDismissEvent;
  }
}
