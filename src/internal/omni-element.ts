import { LitElement } from 'lit';
import type { OmniEventMap } from '../events/index.js';

type EventsWithDetail = { [K in keyof OmniEventMap]: OmniEventMap[K] extends CustomEvent<infer D> ? D : never };

/**
 * Base class of every omni-notify element: a typed `emit()` whose events
 * bubble and cross shadow roots by default (Shoelace's ShoelaceElement).
 */
export class OmniElement extends LitElement {
  /** Dispatches a typed `omni-*` event; returns it so callers can read `defaultPrevented`. */
  emit<K extends keyof OmniEventMap>(
    name: K,
    ...[detail, init]: EventsWithDetail[K] extends undefined | void
      ? [detail?: undefined, init?: EventInit]
      : [detail: EventsWithDetail[K], init?: EventInit]
  ): OmniEventMap[K] {
    const event = new CustomEvent(name, {
      bubbles: true,
      composed: true,
      cancelable: false,
      ...init,
      detail,
    }) as unknown as OmniEventMap[K];
    try {
      this.dispatchEvent(event);
    } catch {
      // dispatchEvent does not rethrow listener errors; this is belt and braces.
    }
    return event;
  }
}

/** The version that registers the tags; a second copy of the same version is a no-op. */
export const VERSION = '0.1.0';

/**
 * Registers a custom element without throwing when the tag is already taken
 * (a CRM page may load the widget twice). A different version already
 * registered is left in place, with a console warning.
 */
export function define(tag: string, ctor: CustomElementConstructor & { omniVersion?: string }): void {
  const registry = globalThis.customElements;
  if (!registry) return;
  const existing = registry.get(tag) as (CustomElementConstructor & { omniVersion?: string }) | undefined;
  if (existing) {
    if (existing.omniVersion !== VERSION) {
      console.warn(`[omni-notify] <${tag}> is already defined by version ${existing.omniVersion ?? 'unknown'}; keeping it.`);
    }
    return;
  }
  ctor.omniVersion = VERSION;
  registry.define(tag, ctor);
}
