import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { msg } from '@lit/localize';
import '../../src/components/notification-host/omni-notification-host.js';
import type { OmniNotificationHost } from '../../src/components/notification-host/omni-notification-host.js';
import type { Notice, Offer } from '../../src/services/protocol/types.js';
import { currentLocale, localeReady, resolveLocale, useLocale } from '../../src/services/i18n.js';
import { ScriptedTransport, fakeClock, makeNotice, makeOffer, nextFrame, settle, settingsWith } from '../helpers.js';
import { mountHost as mountHarnessHost } from './host-harness.js';
import { allAlerts, firstAlert, mountAlert } from './alert-harness.js';
import { mountToast } from './toast-harness.js';
import { mountBanner } from './banner-harness.js';

const hostIn = (locale?: string) =>
  locale ? html`<omni-notification-host locale=${locale}></omni-notification-host>` : html`<omni-notification-host></omni-notification-host>`;
const mountHost = (locale?: string) => mountHarnessHost({ template: hostIn(locale) });
/** A host in `locale` that has been offered `offer`. */
const mountOffer = (locale?: string, offer: Partial<Offer> = {}) => mountAlert({ template: hostIn(locale), offer });
/** A host in `locale` that has been sent `notice`. */
const mountNotice = (locale?: string, notice: Partial<Notice> = {}) => mountToast({ template: hostIn(locale), notice });

/** Waits until the requested locale's strings are loaded and every element re-rendered. */
async function ready(root: ParentNode = document.body) {
  await localeReady();
  await settle(root);
}

/** Cleanups for the running test, run after it (pass or fail). */
const cleanups: Array<() => void> = [];
const after1 = (fn: () => void) => cleanups.push(fn);
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
});

describe('localization', () => {
  const pageLang = document.documentElement.lang;
  afterEach(async () => {
    fixtureCleanup();
    document.documentElement.lang = pageLang;
    await useLocale(pageLang);
  });

  it('speaks English by default, with the public accessible names', async () => {
    // A fake clock: the countdown is read as pushed, whatever the machine's speed (a real second
    // passing, or the hello's clock sample landing on the next millisecond, changed it).
    const clock = fakeClock(Date.now());
    after1(() => clock.restore());
    const { alert } = await mountOffer(undefined, { expiresAt: Date.now() + 30_000 });
    expect(alert.actionNames).to.deep.equal(['Reject', 'Accept']);
    expect(alert.title).to.equal('Incoming chat request');
    expect(alert.countdown!.getAttribute('aria-label')).to.equal('Time left: 30 seconds');
    expect(alert.dialog!.getAttribute('lang')).to.equal('en');
    expect(alert.dialog!.getAttribute('dir')).to.equal('ltr');
  });

  it('locale="de" shows German: Annehmen / Ablehnen in the same order, labels, countdown, title', async () => {
    // A fake clock: the countdown is read as pushed, whatever the machine's speed (a real second
    // passing, or the hello's clock sample landing on the next millisecond, changed it).
    const clock = fakeClock(Date.now());
    after1(() => clock.restore());
    const { host, alert } = await mountOffer('de', { expiresAt: Date.now() + 125_000 });
    await ready(host);
    expect(alert.actionNames).to.deep.equal(['Ablehnen', 'Annehmen']);
    expect(alert.title).to.equal('Eingehende Chatanfrage');
    expect(alert.fieldLabels).to.include.members(['Kommentar', 'Wartezeit']);
    const countdown = alert.countdown!;
    expect(countdown.textContent!.trim()).to.equal('2:05');
    expect(countdown.getAttribute('aria-label')).to.equal('Verbleibende Zeit: 2 Minuten, 5 Sekunden');
    expect(alert.dialog!.getAttribute('lang')).to.equal('de');
  });

  it('German Accept still accepts', async () => {
    const { host, alert, offer } = await mountOffer('de');
    await ready(host);
    const accepted = oneEvent(host, 'omni-accept');
    alert.button('Annehmen')!.click();
    expect((await accepted).detail.offerId).to.equal(offer.offerId);
  });

  it('announces offers and notices in the live region in the chosen language', async () => {
    const { host, transport } = await mountHost('de');
    transport.push({ type: 'offer', offer: makeOffer({ customer: { name: 'Mina' } }) });
    transport.push({ type: 'notice', notice: makeNotice({ customer: { name: 'Sam Ortiz' } }) });
    await ready(host);
    await nextFrame();
    const live = host.querySelector('[aria-live]')!;
    expect(live.textContent).to.contain('Eingehende Chatanfrage von Mina. Zum Annehmen Ctrl+Shift+A drücken.');
    expect(live.textContent).to.contain('Unterhaltung weitergeleitet: Sam Ortiz');
    expect([...live.children].map((p) => p.getAttribute('lang'))).to.deep.equal(['de']);
    expect(live.textContent).to.contain('2 neue Benachrichtigungen.');
  });

  it("follows the page's lang when the host has no locale, and its changes", async () => {
    document.documentElement.lang = 'de-AT';
    const { host, alert } = await mountOffer();
    await ready(host);
    expect(currentLocale()).to.include({ locale: 'de', tag: 'de-AT' });
    expect(alert.actionNames).to.deep.equal(['Ablehnen', 'Annehmen']);
    document.documentElement.lang = 'en';
    await ready(host);
    expect(alert.actionNames).to.deep.equal(['Reject', 'Accept']);
  });

  it("the host's locale wins over the page's lang, and switching it re-renders", async () => {
    document.documentElement.lang = 'de';
    const { host, alert } = await mountOffer('ar');
    await ready(host);
    expect(alert.actionNames).to.deep.equal(['رفض', 'قبول']);
    host.locale = 'en';
    await host.updateComplete;
    await ready(host);
    expect(alert.actionNames).to.deep.equal(['Reject', 'Accept']);
  });

  it('an unknown locale shows English and emits omni-error once', async () => {
    const transport = new ScriptedTransport();
    const errors: string[] = [];
    const host = await fixture<OmniNotificationHost>(
      html`<omni-notification-host locale="fr-FR" @omni-error=${(e: CustomEvent) => errors.push(e.detail.code)}></omni-notification-host>`,
    );
    host.transport = transport;
    await settle(host);
    transport.hello();
    transport.push({ type: 'offer', offer: makeOffer() });
    await ready(host);
    expect(firstAlert(host).actionNames).to.deep.equal(['Reject', 'Accept']);
    expect(errors).to.deep.equal(['locale-unsupported']);
    host.requestUpdate();
    await ready(host);
    expect(errors).to.have.length(1);
  });

  it('junk in locale is harmless', async () => {
    const choice = resolveLocale('<script>');
    expect(choice).to.include({ locale: 'en', supported: false });
    const { host, alert } = await mountOffer('not a tag!');
    await ready(host);
    expect(alert.actionNames).to.deep.equal(['Reject', 'Accept']);
  });

  it('a message without a translation shows English, not its id', async () => {
    await useLocale('de');
    expect(msg('Accept', { id: 'alert.accept' })).to.equal('Annehmen');
    expect(msg('Something new', { id: 'not.translated.yet' })).to.equal('Something new');
  });

  it('an administrator-written title is shown as written; built-in titles are translated', async () => {
    const { host, transport } = await mountHost('de');
    transport.push({ type: 'settings', settings: settingsWith({ sms: { title: 'SMS von {customerName}' } }) });
    transport.push({ type: 'offer', offer: makeOffer({ scenario: 'sms', channel: 'sms', templateId: 'sms', customer: { name: 'Ida' } }) });
    transport.push({ type: 'offer', offer: makeOffer({ scenario: 'social', channel: 'whatsapp', templateId: 'social' }) });
    await ready(host);
    const titles = allAlerts(host).map((a) => a.title);
    expect(titles).to.have.members(['SMS von Ida', 'Eingehende WhatsApp-Anfrage']);
  });

  it('toasts: title, labels and the Dismiss button in German', async () => {
    const { host, toast } = await mountNotice('de', { from: 'Priya Patel' });
    await ready(host);
    expect(toast.title).to.equal('Unterhaltung weitergeleitet');
    expect(toast.body!.textContent).to.contain('Von: Priya Patel');
    expect(toast.button('Schließen')).to.exist;
  });

  it('Arabic plural forms for the missed count, and translated presences', async () => {
    const { transport, banner } = await mountBanner({ locale: 'ar' });
    transport.push({ type: 'presence', presence: 'inactive', reason: 'missed', lastSystemPresence: 'available' });
    const text = async (count: number) => {
      transport.push({ type: 'missed', missed: { count, offerIds: ['a'], since: Date.now() } });
      await ready(banner.element);
      return banner.count;
    };
    expect(await text(1)).to.equal('لديك إشعار فائت واحد.');
    expect(await text(2)).to.equal('لديك إشعاران فائتان.');
    // Digits as this browser's Intl writes Arabic numbers: Latin in Chromium and
    // Firefox, Arabic-Indic (٣) in WebKitGTK with Debian's ICU; both are correct.
    const n = (x: number) => new Intl.NumberFormat('ar', { maximumFractionDigits: 0 }).format(x);
    expect(await text(3)).to.equal(`لديك ${n(3)} إشعارات فائتة.`);
    expect(await text(11)).to.equal(`لديك ${n(11)} إشعارًا فائتًا.`);
    expect(await text(100)).to.equal(`لديك ${n(100)} إشعار فائت.`);
    expect(banner.message!.textContent).to.contain('غير نشط');
    expect(banner.button('إعادة تعيين الحالة')).to.exist;
  });

  it('German singular and plural for the missed count', async () => {
    const { transport, banner } = await mountBanner({ locale: 'de' });
    transport.push({ type: 'missed', missed: { count: 1, offerIds: ['a'], since: Date.now() } });
    await ready(banner.element);
    expect(banner.count).to.equal('Sie haben eine Benachrichtigung verpasst.');
    transport.push({ type: 'missed', missed: { count: 4, offerIds: ['a'], since: Date.now() } });
    await ready(banner.element);
    expect(banner.count).to.equal('Sie haben 4 Benachrichtigungen verpasst.');
  });
});
