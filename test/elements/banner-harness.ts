/**
 * The missed banner's test harness: mounts an <omni-missed-banner> the way
 * a page meets it (beside a host and given its center, as the demo places
 * it, or inside the host, which hands it the center by context; the host on
 * a ScriptedTransport, the test playing the server) and reads it as the
 * agent does: the alert text and its count, Reset status, Change status and
 * its presences, the Details disclosure and its list, written once.
 */
import { fixture, html } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../../src/components/notification-host/omni-notification-host.js';
import '../../src/components/missed-banner/omni-missed-banner.js';
import type { OmniMissedBanner } from '../../src/components/missed-banner/omni-missed-banner.js';
import type { OmniNotificationHost } from '../../src/components/notification-host/omni-notification-host.js';
import { settle } from '../helpers.js';
import { ElementHarness } from './element-harness.js';
import { type MountedHost, connectHost, mountHost } from './host-harness.js';

/** One banner, read as the agent sees it. */
export class BannerHarness extends ElementHarness<OmniMissedBanner> {
  constructor(element: OmniMissedBanner) {
    super(() => element);
  }

  /** The <omni-missed-banner> (it stays on the page, hidden while nothing is missed). */
  override get element(): OmniMissedBanner {
    return super.element!;
  }

  /** Hidden while nothing is missed. */
  get hidden(): OmniMissedBanner['hidden'] {
    return this.element.hidden;
  }

  /** The painted banner (its dir and lang, its colours). */
  get base(): HTMLElement | null {
    return this.q('[part="base"]');
  }

  /** The message: role="alert", said once when it appears. */
  get message(): HTMLElement | null {
    return this.q('[role="alert"]');
  }

  /** The sentence with the count ("You missed 2 notifications."), as rendered. */
  get count(): string | null {
    return this.q('strong')?.textContent ?? null;
  }

  /** Reset status, whatever its name in this locale. */
  get resetButton(): HTMLButtonElement | null {
    return this.q('button[part="reset"]');
  }

  /** Change status (it opens the list of presences), whatever its name in this locale. */
  get changeButton(): HTMLButtonElement | null {
    return this.q('button[part="change"]');
  }

  /** The list of presences Change status opens, or null. */
  get presenceMenu(): HTMLElement | null {
    return this.q('[part="menu"]');
  }

  /** Details: the disclosure button for the list of missed requests, or null when there is none. */
  get detailsToggle(): HTMLButtonElement | null {
    return this.q('[part="details-toggle"]');
  }

  /** The list of missed requests (hidden until Details is expanded). */
  get details(): HTMLUListElement | null {
    return this.q('[part="details"]');
  }

  /** Its rows' text, white space folded. */
  get detailsRows(): string[] {
    return [...(this.details?.querySelectorAll('li') ?? [])].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
  }
}

/** The banner placed inside `host` (as mountShowcase() has it). */
export function bannerIn(host: Element): BannerHarness {
  return new BannerHarness(host.querySelector<OmniMissedBanner>('omni-missed-banner')!);
}

export interface MountedBanner extends MountedHost {
  banner: BannerHarness;
}

/**
 * A host and a missed banner, connected: the server's hello (`hello`: what to
 * change in it) reaches both. `inside`: the banner is the host's child and
 * gets its center by context; otherwise it stands beside the host, on the
 * page before the connection opens, given `.center=${host.center}`.
 * `locale` and `hostTheme` go on the host, `bannerTheme` on the banner.
 */
export async function mountBanner(
  opts: { inside?: boolean; locale?: string; hostTheme?: string; bannerTheme?: string; hello?: Record<string, unknown> } = {},
): Promise<MountedBanner> {
  if (opts.inside) {
    const mounted = await mountHost({
      template: html`<omni-notification-host locale=${ifDefined(opts.locale)} theme=${ifDefined(opts.hostTheme)}
        ><omni-missed-banner theme=${ifDefined(opts.bannerTheme)}></omni-missed-banner
      ></omni-notification-host>`,
      hello: opts.hello,
    });
    return { ...mounted, banner: new BannerHarness(mounted.host.querySelector('omni-missed-banner')!) };
  }
  const host = await fixture<OmniNotificationHost>(
    html`<omni-notification-host locale=${ifDefined(opts.locale)} theme=${ifDefined(opts.hostTheme)}></omni-notification-host>`,
  );
  const element = await fixture<OmniMissedBanner>(
    html`<omni-missed-banner .center=${host.center} theme=${ifDefined(opts.bannerTheme)}></omni-missed-banner>`,
  );
  const mounted = await connectHost(host, opts.hello);
  await settle(element);
  return { ...mounted, banner: new BannerHarness(element) };
}
