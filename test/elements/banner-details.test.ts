/**
 * <omni-missed-banner>'s Details disclosure (`missed.recent`) in three
 * languages, and the theme of a banner placed outside the host (issue 13).
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/components/notification-host/omni-notification-host.js';
import '../../src/components/missed-banner/omni-missed-banner.js';
import type { OmniMissedBanner } from '../../src/components/missed-banner/omni-missed-banner.js';
import type { OmniNotificationHost } from '../../src/components/notification-host/omni-notification-host.js';
import type { Missed } from '../../src/services/protocol/types.js';
import { localeReady } from '../../src/services/i18n.js';
import { ScriptedTransport, animationsFinished, deepQuery, settingsWith, settle, restorePageLocaleAfterEach } from '../helpers.js';
import { mountHost } from './host-harness.js';

const AT = new Date(2026, 0, 15, 14, 5, 30).getTime(); // mid-minute: a clock offset of a few ms shows the same minute

function missed(): Missed {
  return {
    count: 2,
    offerIds: ['o-1', 'o-2'],
    since: AT - 60_000,
    recent: [
      { conversationId: 'c-2', scenario: 'social', channel: 'whatsapp', customer: { phone: '+1 425 555 0199' }, at: AT },
      { conversationId: 'c-1', scenario: 'chat', channel: 'chat', customer: { name: 'Dana Whitfield' }, at: AT - 60_000 },
    ],
  };
}

/** A host, and a banner outside it given the host's center (as the demo places it). */
async function mount(opts: { locale?: string; hostTheme?: string; bannerTheme?: string } = {}) {
  const transport = new ScriptedTransport();
  const host = await fixture<OmniNotificationHost>(html`<omni-notification-host></omni-notification-host>`);
  if (opts.locale) host.locale = opts.locale;
  if (opts.hostTheme) host.setAttribute('theme', opts.hostTheme);
  host.transport = transport;
  const banner = await fixture<OmniMissedBanner>(html`<omni-missed-banner .center=${host.center}></omni-missed-banner>`);
  if (opts.bannerTheme) banner.setAttribute('theme', opts.bannerTheme);
  await settle(host);
  transport.hello({ presence: 'inactive', missed: missed() });
  await localeReady();
  await settle(host);
  await settle(banner);
  return { host, banner, transport };
}

// ---- harness --------------------------------------------------------------------
const toggle = (b: Element) => deepQuery<HTMLButtonElement>(b, '[part="details-toggle"]');
const list = (b: Element) => deepQuery<HTMLUListElement>(b, '[part="details"]');
const rows = (b: Element) => [...(list(b)?.querySelectorAll('li') ?? [])].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
const bg = (b: Element) => getComputedStyle(deepQuery(b, '[part="base"]')!).backgroundColor;

describe('<omni-missed-banner> details', () => {
  restorePageLocaleAfterEach();

  it('is a collapsed disclosure: a real button with aria-expanded that controls the hidden list', async () => {
    const { banner } = await mount();
    const t = toggle(banner)!;
    expect(t.tagName).to.equal('BUTTON');
    expect(t.textContent!.trim()).to.equal('Details');
    expect(t.getAttribute('aria-expanded')).to.equal('false');
    expect(t.getAttribute('aria-controls')).to.equal(list(banner)!.id);
    expect(list(banner)!.hidden).to.equal(true);
  });

  it('lists the missed customers, newest first, with channel and time, when expanded', async () => {
    const { banner } = await mount();
    toggle(banner)!.click();
    await settle(banner);
    expect(toggle(banner)!.getAttribute('aria-expanded')).to.equal('true');
    expect(list(banner)!.hidden).to.equal(false);
    expect(list(banner)!.getAttribute('aria-label')).to.equal('Missed requests');
    const r = rows(banner);
    expect(r).to.have.length(2);
    expect(r[0]).to.contain('+1 425 555 0199').and.contain('WhatsApp').and.match(/2:05/);
    expect(r[1]).to.contain('Dana Whitfield').and.contain('Chat').and.match(/2:04/);
    // Server time → local time through the clock offset estimate (a millisecond or so here).
    expect(Math.abs(Date.parse(list(banner)!.querySelector('time')!.getAttribute('datetime')!) - AT)).to.be.below(1000);
    toggle(banner)!.click();
    await settle(banner);
    expect(list(banner)!.hidden).to.equal(true);
  });

  it('has no Details button when the server sends no recent list', async () => {
    const { banner, transport } = await mount();
    transport.push({ type: 'missed', missed: { count: 1, offerIds: ['x'], since: AT } });
    await settle(banner);
    expect(banner.hidden).to.equal(false);
    expect(toggle(banner)).to.equal(null);
  });

  it('speaks German', async () => {
    const { banner } = await mount({ locale: 'de' });
    toggle(banner)!.click();
    await settle(banner);
    expect(toggle(banner)!.textContent!.trim()).to.equal('Details');
    expect(list(banner)!.getAttribute('aria-label')).to.equal('Verpasste Anfragen');
    expect(rows(banner)[1]).to.contain('Chat').and.contain('14:04');
  });

  it('is right to left in Arabic, with the customer isolated', async () => {
    const { banner } = await mount({ locale: 'ar' });
    toggle(banner)!.click();
    await settle(banner);
    const base = deepQuery(banner, '[part="base"]')!;
    expect(base.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(list(banner)!).direction).to.equal('rtl');
    expect(toggle(banner)!.textContent!.trim()).to.equal('التفاصيل');
    expect(list(banner)!.getAttribute('aria-label')).to.equal('الطلبات الفائتة');
    const first = list(banner)!.querySelector('li')!;
    expect(first.querySelector('bdi')!.textContent).to.equal('+1 425 555 0199');
    // In a right-to-left list the first item (the customer) starts on the right.
    const who = first.querySelector('bdi')!.getBoundingClientRect();
    const when = first.querySelector('time')!.getBoundingClientRect();
    expect(who.left).to.be.greaterThan(when.left);
  });

  for (const theme of ['light', 'dark']) {
    it(`passes axe expanded, in the ${theme} theme`, async function () {
      this.timeout(30_000); // axe is slow on a busy machine
      const { banner } = await mount({ bannerTheme: theme });
      toggle(banner)!.click();
      await settle(banner);
      await animationsFinished();
      await expect(banner).to.be.accessible();
    });
  }
});

describe('<omni-missed-banner> outside the host: theme', () => {
  it("follows the administrator's theme from its center", async () => {
    const { banner, transport, host } = await mount();
    transport.push({ type: 'settings', settings: settingsWith({}, { theme: 'light' }) });
    await settle(banner);
    const light = bg(banner);
    transport.push({ type: 'settings', settings: settingsWith({}, { theme: 'dark' }) });
    await settle(banner);
    expect(banner.getAttribute('data-effective-theme')).to.equal('dark');
    expect(banner.hasAttribute('theme')).to.equal(false);
    expect(bg(banner)).to.not.equal(light);
    expect(host.getAttribute('data-effective-theme')).to.equal('dark');
  });

  it('keeps its own theme attribute when set', async () => {
    const { banner, transport } = await mount({ bannerTheme: 'light' });
    transport.push({ type: 'settings', settings: settingsWith({}, { theme: 'dark' }) });
    await settle(banner);
    expect(banner.getAttribute('data-effective-theme')).to.equal('light');
  });

  it("inside the host, follows the host's theme", async () => {
    const { host } = await mountHost({
      template: html`<omni-notification-host theme="dark"><omni-missed-banner></omni-missed-banner></omni-notification-host>`,
      hello: { presence: 'inactive', missed: missed() },
    });
    const banner = host.querySelector('omni-missed-banner')!;
    expect(banner.getAttribute('data-effective-theme')).to.equal('dark');
    host.setAttribute('theme', 'light');
    await settle(host);
    await settle(banner);
    expect(banner.getAttribute('data-effective-theme')).to.equal('light');
  });
});
