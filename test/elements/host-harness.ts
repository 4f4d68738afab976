/**
 * The notification host's test harness: mounts an <omni-notification-host>
 * on a ScriptedTransport (the test plays the server), so that element tests
 * start from what a page has after connecting, written once.
 */
import { fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../src/components/notification-host/omni-notification-host.js';
import '../../src/components/missed-banner/omni-missed-banner.js';
import type { OmniNotificationHost } from '../../src/components/notification-host/omni-notification-host.js';
import { localeReady } from '../../src/services/i18n.js';
import { ScriptedTransport, makeNotice, makeOffer, settle } from '../helpers.js';

export interface MountedHost {
  host: OmniNotificationHost;
  transport: ScriptedTransport;
}

/**
 * `template` (default: a bare host) connected to a ScriptedTransport that has
 * sent the hello (`hello`: what to change in it), with the locale's strings
 * loaded and every element updated.
 */
export async function mountHost(
  opts: { template?: TemplateResult; hello?: Record<string, unknown> } = {},
): Promise<MountedHost> {
  const host = await fixture<OmniNotificationHost>(opts.template ?? html`<omni-notification-host></omni-notification-host>`);
  return connectHost(host, opts.hello);
}

/**
 * Connects a host already on the page to a new ScriptedTransport and sends
 * the hello (for a page that places other elements, such as a missed banner
 * outside the host, before the connection opens).
 */
export async function connectHost(host: OmniNotificationHost, hello?: Record<string, unknown>): Promise<MountedHost> {
  const transport = new ScriptedTransport();
  host.transport = transport;
  await settle(host);
  transport.hello(hello);
  await localeReady();
  await settle(host);
  return { host, transport };
}

/**
 * A host in `theme` showing one of each painted thing: an offer's alert, a
 * notice's toast and the missed banner (for theme and contrast tests).
 */
export async function mountShowcase(theme: string): Promise<OmniNotificationHost> {
  const { host, transport } = await mountHost({
    template: html`<omni-notification-host theme=${theme}><omni-missed-banner></omni-missed-banner></omni-notification-host>`,
    hello: { missed: { count: 1, offerIds: ['x'], since: Date.now() }, presence: 'inactive' },
  });
  transport.push({ type: 'offer', offer: makeOffer() });
  transport.push({ type: 'notice', notice: makeNotice() });
  await settle(host);
  return host;
}
