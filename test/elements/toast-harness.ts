/**
 * The toast's test harness: mounts a notice's <omni-toast> the way a page
 * meets it (inside a host on a ScriptedTransport, the test playing the
 * server; or on its own, as a page without a host places one) and reads it
 * as the agent does: the status card, its title and text, the body button
 * that opens the conversation and Dismiss, written once.
 */
import { fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../src/components/notification-host/omni-notification-host.js';
import '../../src/components/toast/omni-toast.js';
import type { OmniToast } from '../../src/components/toast/omni-toast.js';
import type { Notice, Settings } from '../../src/services/protocol/types.js';
import { deepQuery, deepQueryAll, makeNotice, settle } from '../helpers.js';
import { ElementHarness, harnessesIn } from './element-harness.js';
import { type MountedHost, mountHost } from './host-harness.js';

/**
 * One toast, found again on every read (so it follows re-renders, and reads
 * as gone once the host has removed it).
 */
export class ToastHarness extends ElementHarness<OmniToast> {
  /** The card (its colours, its role). */
  get card(): HTMLElement | null {
    return this.q('[part="base"]');
  }

  /** The element with role="status" (quiet inside a host, whose live region speaks for it). */
  get status(): HTMLElement | null {
    return this.q('[role="status"]');
  }

  /** The title ("Conversation transferred"), as rendered. */
  get title(): string | null {
    return this.q('.title')?.textContent ?? null;
  }

  /** The body: the button that opens the conversation, named by its title and lines. */
  get body(): HTMLButtonElement | null {
    return this.q('[part="body"]');
  }

  /** Dismiss, whatever its name in this locale. */
  get dismissButton(): HTMLButtonElement | null {
    return this.q('[part="dismiss"]');
  }
}

/** Every <omni-toast> in the host, shown or on its way out (hidden). */
export function toastElements(host: Element): OmniToast[] {
  return deepQueryAll<OmniToast>(host, 'omni-toast');
}

/** The toasts the agent sees, top of the stack first. */
export function shownToasts(host: Element): ToastHarness[] {
  return harnessesIn<OmniToast, ToastHarness>(host, 'omni-toast', (find) => new ToastHarness(find), true);
}

/** The first <omni-toast> in the host, whichever it is at the time of each read. */
export function firstToast(host: Element): ToastHarness {
  return new ToastHarness(() => deepQuery<OmniToast>(host, 'omni-toast'));
}

export interface MountedToast extends MountedHost {
  toast: ToastHarness;
  notice: Notice;
}

/**
 * A host (`template`, default a bare one; `settings` in its hello) that has
 * been sent `notice` (what to change in makeNotice()'s), updated, with the
 * harness of its first toast.
 */
export async function mountToast(
  opts: { notice?: Partial<Notice>; settings?: Settings; template?: TemplateResult } = {},
): Promise<MountedToast> {
  const mounted = await mountHost({
    template: opts.template ?? html`<omni-notification-host></omni-notification-host>`,
    hello: opts.settings ? { settings: opts.settings } : undefined,
  });
  const notice = makeNotice(opts.notice);
  mounted.transport.push({ type: 'notice', notice });
  await settle(mounted.host);
  return { ...mounted, toast: firstToast(mounted.host), notice };
}

/** A toast on its own, without a host (a page that shows its notices itself), updated. */
export async function mountStandaloneToast(notice: Notice = makeNotice()): Promise<ToastHarness> {
  const el = await fixture<OmniToast>(html`<omni-toast .notice=${notice}></omni-toast>`);
  await settle(el);
  return new ToastHarness(() => el);
}
