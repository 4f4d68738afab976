/**
 * The alert's test harness: mounts an offer's <omni-alert> the way a page
 * meets it (inside a host on a ScriptedTransport, the test playing the
 * server) and reads it as the agent does: the dialog and its name, the
 * title, customer and fields, the countdowns, the buttons, the reason menu
 * and where focus is, written once.
 */
import { html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../src/components/notification-host/omni-notification-host.js';
import type { OmniAlert } from '../../src/components/alert/omni-alert.js';
import type { Offer, Settings } from '../../src/services/protocol/types.js';
import { deepQuery, deepQueryAll, makeOffer, nameOf, settle } from '../helpers.js';
import { ElementHarness, harnessesIn } from './element-harness.js';
import { type MountedHost, mountHost } from './host-harness.js';

/**
 * One alert, found again on every read (so it follows re-renders, and reads
 * as gone once the host has removed it).
 */
export class AlertHarness extends ElementHarness<OmniAlert> {
  /** Its shadow root (for layout tests that measure its parts). */
  get root(): ShadowRoot {
    return this.element!.shadowRoot!;
  }

  /** The card: the element with role="alertdialog". */
  get dialog(): HTMLElement | null {
    return this.q('[role="alertdialog"]');
  }

  /** The dialog's accessible name: the texts its aria-labelledby points at (title, then customer). */
  get name(): string {
    return this.idRefs('aria-labelledby');
  }

  /** The dialog's description: the texts its aria-describedby points at (the fields, and the auto-accept sentence). */
  get description(): string {
    return this.idRefs('aria-describedby');
  }

  private idRefs(attribute: string): string {
    return this.dialog!
      .getAttribute(attribute)!
      .split(' ')
      .map((id) => this.root.getElementById(id)!.textContent!.trim())
      .join(' ');
  }

  /** The title line ("Incoming chat request"), as rendered. */
  get titleElement(): HTMLElement | null {
    return this.q('.eyebrow');
  }

  get title(): string | null {
    return this.titleElement?.textContent ?? null;
  }

  /** The heading: the customer. */
  get heading(): HTMLElement | null {
    return this.q('h2');
  }

  get customer(): string | null {
    return this.heading?.textContent ?? null;
  }

  /** The channel icon. */
  get icon(): HTMLElement | null {
    return this.q('.icon');
  }

  /** The fields list (<dl>), its labels and its values, as rendered. */
  get details(): HTMLElement | null {
    return this.q('dl');
  }

  get fieldLabels(): string[] {
    return this.qAll('dt').map((d) => d.textContent ?? '');
  }

  get fieldValues(): string[] {
    return this.qAll('dd').map((d) => d.textContent ?? '');
  }

  /** The wait time so far (a field). */
  get wait(): HTMLElement | null {
    return this.q('.wait');
  }

  /** The time left before the offer expires (role="timer"; its aria-label is what is said). */
  get countdown(): HTMLElement | null {
    return this.q('[part="countdown"]');
  }

  /** The auto-accept line, when the offer accepts itself. */
  get autoAccept(): HTMLElement | null {
    return this.q('[part="auto-accept"]');
  }

  /** What the auto-accept line shows ("Accepting in 3 s"): the visible, ticking text. */
  get autoAcceptText(): string | undefined {
    return this.q('[part="auto-accept"] [aria-hidden="true"]')?.textContent?.trim();
  }

  /** The error shown when an answer could not be sent. */
  get error(): HTMLElement | null {
    return this.q('.error');
  }

  /** The primary action, whatever its name in this locale ("Accept", or "Open" for auto-assigned work). */
  get acceptButton(): HTMLButtonElement | null {
    return this.q('[part~="accept"]');
  }

  /** Reject, whatever its name in this locale; a menu button when there are reasons. */
  get rejectButton(): HTMLButtonElement | null {
    return this.q('[part~="reject"]');
  }

  /** The accessible names of the action buttons, in order. */
  get actionNames(): string[] {
    return this.qAll('[part~="actions"] button').map(nameOf);
  }

  /** The decline-reason menu (role="menu"), open or null. */
  get menu(): HTMLElement | null {
    return this.q('[role="menu"]');
  }

  /** Its items (role="menuitem"), in order. */
  get menuItems(): HTMLButtonElement[] {
    return [...(this.menu?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
  }

  /** The element that has focus inside the alert. */
  get focused(): Element | null {
    return this.root.activeElement;
  }
}

/** Every <omni-alert> in the host, shown or on its way out (hidden). */
export function alertElements(host: Element): OmniAlert[] {
  return deepQueryAll<OmniAlert>(host, 'omni-alert');
}

/** The alerts the agent sees, top of the stack first. */
export function shownAlerts(host: Element): AlertHarness[] {
  return harnessesIn<OmniAlert, AlertHarness>(host, 'omni-alert', (find) => new AlertHarness(find), true);
}

/** Every <omni-alert> in the host (shown or on its way out), in stack order. */
export function allAlerts(host: Element): AlertHarness[] {
  return harnessesIn<OmniAlert, AlertHarness>(host, 'omni-alert', (find) => new AlertHarness(find), false);
}

/** The first <omni-alert> in the host, whichever it is at the time of each read. */
export function firstAlert(host: Element): AlertHarness {
  return new AlertHarness(() => deepQuery<OmniAlert>(host, 'omni-alert'));
}

/** A key pressed on `target` (keydown, bubbling out of shadow roots, cancelable). */
export function pressKey(target: Element, key: string): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
}

export interface MountedAlert extends MountedHost {
  alert: AlertHarness;
  offer: Offer;
}

/**
 * A host (`template`, default a bare one; `settings` in its hello) that has
 * been offered `offer` (what to change in makeOffer()'s), updated, with the
 * harness of its first alert.
 */
export async function mountAlert(
  opts: { offer?: Partial<Offer>; settings?: Settings; template?: TemplateResult; hello?: Record<string, unknown> } = {},
): Promise<MountedAlert> {
  const mounted = await mountHost({
    template: opts.template ?? html`<omni-notification-host></omni-notification-host>`,
    hello: { ...(opts.settings ? { settings: opts.settings } : {}), ...opts.hello },
  });
  const offer = makeOffer(opts.offer);
  mounted.transport.push({ type: 'offer', offer });
  await settle(mounted.host);
  return { ...mounted, alert: firstAlert(mounted.host), offer };
}
