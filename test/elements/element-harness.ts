/**
 * What the element harnesses (alert, toast, missed banner) share: an
 * element found again on every read, so that a harness follows re-renders
 * and reads as gone once its element is removed; queries through its shadow
 * root; buttons by accessible name.
 */
import { button, deepQuery, deepQueryAll } from '../helpers.js';

export class ElementHarness<E extends HTMLElement> {
  constructor(private readonly find: () => E | null) {}

  /** The element, or null once it is gone. */
  get element(): E | null {
    return this.find();
  }

  /** The first match of `selector` in the element (through shadow roots), or null. */
  protected q<T extends Element = HTMLElement>(selector: string): T | null {
    const el = this.element;
    return el ? deepQuery<T>(el, selector) : null;
  }

  /** Every match of `selector` in the element (through shadow roots). */
  protected qAll<T extends Element = HTMLElement>(selector: string): T[] {
    const el = this.element;
    return el ? deepQueryAll<T>(el, selector) : [];
  }

  /** The button with that accessible name in the element (exact, or starting with it when `prefix`). */
  button(name: string, prefix = false): HTMLButtonElement | null {
    const el = this.element;
    return el ? button(el, name, prefix) : null;
  }
}

/** A harness for each `tag` element under `host`, in document order; `shownOnly`: those not hidden. */
export function harnessesIn<E extends HTMLElement, H>(host: Element, tag: string, make: (find: () => E | null) => H, shownOnly: boolean): H[] {
  return deepQueryAll<E>(host, tag)
    .filter((e) => !shownOnly || !e.hidden)
    .map((e) => make(() => (e.isConnected ? e : null)));
}
