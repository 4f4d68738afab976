/**
 * What a screen reader hears, through @guidepup/virtual-screen-reader: it
 * watches live regions the way assistive technology does (a polite or
 * assertive region, role="status" and role="alert" as implicit ones, atomic
 * regions read whole) and logs each announcement as "polite: …" or
 * "assertive: …".
 *
 * The virtual reader observes light DOM only (a MutationObserver on its
 * container does not see into shadow roots), so each test starts one reader
 * on the page (the host's live region is light DOM, slotted) and, where an
 * element keeps a live region in its own shadow root (the missed banner's
 * role="alert", a toast's role="status"), one on that region itself.
 */
import { expect, fixtureCleanup } from '@open-wc/testing';
import { Virtual } from '@guidepup/virtual-screen-reader/browser.js';
import '../../src/components/notification-host/omni-notification-host.js';
import { deepQueryAll, fakeClock, makeNotice, makeOffer, settle, settingsWith } from '../helpers.js';
import { mountHost as mountHarnessHost } from './host-harness.js';
import { firstToast, mountStandaloneToast, toastElements } from './toast-harness.js';
import { mountBanner } from './banner-harness.js';

/** A reader on `container`; `heard()` lists its live announcements so far. */
async function listen(container: Element) {
  const reader = new Virtual();
  await reader.start({ container, displayCursor: false });
  readers.push(reader);
  return {
    async heard(): Promise<string[]> {
      await settle();
      await frames(1); // mutation records are delivered in a microtask; the reader reads them after a tick
      return (await reader.spokenPhraseLog()).filter((p) => /^(polite|assertive): /.test(p));
    },
  };
}
const readers: Virtual[] = [];

/** Frames pass: whatever the host batches per frame is out. */
const frames = async (n = 3) => {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(() => r(null)));
};

const mountHost = (settings = settingsWith({})) => mountHarnessHost({ hello: { settings } });

/**
 * How live an element is for assistive technology: the nearest aria-live, or
 * the implicit value of a live role, walking out through shadow roots.
 */
function liveness(el: Element | null): string {
  const implicit: Record<string, string> = { alert: 'assertive', status: 'polite', log: 'polite', alertdialog: 'assertive' };
  for (let n: Node | null = el; n; n = (n as Element).parentElement ?? ((n.getRootNode() as ShadowRoot).host ?? null)) {
    if (!(n instanceof Element)) break;
    const live = n.getAttribute('aria-live');
    if (live) return live;
    const role = n.getAttribute('role');
    if (role && implicit[role]) return implicit[role];
    if (n.parentElement === null && !(n.getRootNode() instanceof ShadowRoot)) break;
  }
  return 'off';
}

const count = (phrases: string[], text: string) => phrases.filter((p) => p.includes(text)).length;

describe('what a screen reader hears', () => {
  afterEach(async () => {
    for (const r of readers.splice(0)) await r.stop();
    fixtureCleanup();
  });

  it('each offer once, with its channel and customer', async () => {
    const { host, transport } = await mountHost();
    const sr = await listen(document.body);
    const chat = makeOffer({ customer: { name: 'Dana Whitfield' } });
    const sms = makeOffer({ scenario: 'sms', channel: 'sms', templateId: 'sms', customer: { name: 'Ida Lindqvist' } });
    transport.push({ type: 'offer', offer: chat });
    transport.push({ type: 'offer', offer: sms });
    await frames();
    // The same offers again (a reconnect's hello, a duplicate frame) are not news.
    transport.push({ type: 'offer', offer: chat });
    await settle(host);
    await frames();
    const heard = await sr.heard();
    expect(count(heard, 'Dana Whitfield'), heard.join(' | ')).to.equal(1);
    expect(count(heard, 'Ida Lindqvist'), heard.join(' | ')).to.equal(1);
    expect(heard.find((p) => p.includes('Dana Whitfield'))).to.match(/^polite: .*chat.*Dana Whitfield/i);
    expect(heard.find((p) => p.includes('Ida Lindqvist'))).to.match(/^polite: .*SMS.*Ida Lindqvist/i);
  });

  it('each toast once: the host says it, the toast inside the host is not a second live region', async () => {
    const { host, transport } = await mountHost();
    const sr = await listen(document.body);
    transport.push({ type: 'notice', notice: makeNotice({ customer: { name: 'Sam Ortiz' } }) });
    await settle(host);
    await frames();
    const heard = await sr.heard();
    expect(count(heard, 'Sam Ortiz'), heard.join(' | ')).to.equal(1);
    const card = firstToast(host).card;
    expect(card, 'the toast card').to.exist;
    expect(card!.getAttribute('role')).to.equal('status');
    expect(liveness(card), 'the toast card inside the host').to.equal('off');
  });

  it('a standalone toast (no host) is its own polite status', async () => {
    const toast = await mountStandaloneToast(makeNotice());
    expect(liveness(toast.card)).to.equal('polite');
  });

  it('a burst of 20 notices is summarised ("20 new notifications"), not read one by one', async () => {
    const { host, transport } = await mountHost();
    const sr = await listen(document.body);
    for (let i = 0; i < 20; i++) transport.push({ type: 'notice', notice: makeNotice({ customer: { name: `Burst ${i}` } }) });
    await settle(host);
    await frames();
    const heard = await sr.heard();
    expect(heard.filter((p) => /Burst \d+/.test(p)), heard.join(' | ')).to.have.length.at.most(1);
    expect(heard.some((p) => p.includes('20 new notifications')), heard.join(' | ')).to.equal(true);
  });

  it('a toast that goes away by itself is not read again', async () => {
    const clock = fakeClock(Date.now());
    try {
      const { host, transport } = await mountHost(settingsWith({ transfer: { toastDurationSec: 5 } }));
      const sr = await listen(document.body);
      transport.push({ type: 'notice', notice: makeNotice({ customer: { name: 'Fox Mulder' } }) });
      await settle(host);
      await frames();
      expect(count(await sr.heard(), 'Fox Mulder')).to.equal(1);
      await clock.tickAsync(6000);
      await settle(host);
      await frames();
      expect(toastElements(host), 'the toast is gone').to.have.length(0);
      const heard = await sr.heard();
      expect(count(heard, 'Fox Mulder'), heard.join(' | ')).to.equal(1);
    } finally {
      clock.restore();
    }
  });

  it('the missed banner once, and not again when its menu opens or its data is re-sent', async () => {
    const { transport, banner } = await mountBanner({ hello: { settings: settingsWith({}) } });
    transport.push({ type: 'presence', presence: 'inactive', reason: 'missed', lastSystemPresence: 'available' });
    const missed = { count: 3, offerIds: ['a', 'b', 'c'], since: Date.now() };
    transport.push({ type: 'missed', missed });
    await settle(banner.element);
    // Shown: an alert appears with its text (that insertion is the one announcement).
    const alerts = deepQueryAll(banner.element, '[role="alert"]');
    expect(alerts, 'one alert region').to.have.length(1);
    expect(alerts[0].textContent).to.contain('You missed 3 notifications.');
    const sr = await listen(alerts[0]);
    transport.push({ type: 'missed', missed: { ...missed } });
    await settle(banner.element);
    banner.changeButton!.click();
    await settle(banner.element);
    expect(banner.presenceMenu, 'the menu').to.exist;
    const heard = await sr.heard();
    expect(heard, heard.join(' | ')).to.deep.equal([]);
  });
});
