/** Something was refused or failed: a bad frame, an undeliverable command... Nothing was thrown into the page. */
export type OmniErrorEvent = CustomEvent<{ code: string; message: string }>;

declare global {
  interface GlobalEventHandlersEventMap {
    'omni-error': OmniErrorEvent;
  }
}
