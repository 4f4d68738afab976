/**
 * <omni-missed-banner>'s Details disclosure (`missed.recent`) in three
 * languages, and the theme of a banner placed outside the host (issue 13).
 */
import { expect } from '@open-wc/testing';
import type { Missed } from '../../src/services/protocol/types.js';
import { animationsFinished, settingsWith, settle, restorePageLocaleAfterEach } from '../helpers.js';
import { type BannerHarness, mountBanner } from './banner-harness.js';

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
const mount = (opts: { locale?: string; hostTheme?: string; bannerTheme?: string } = {}) =>
  mountBanner({ ...opts, hello: { presence: 'inactive', missed: missed() } });

const bg = (b: BannerHarness) => getComputedStyle(b.base!).backgroundColor;

describe('<omni-missed-banner> details', () => {
  restorePageLocaleAfterEach();

  it('is a collapsed disclosure: a real button with aria-expanded that controls the hidden list', async () => {
    const { banner } = await mount();
    const t = banner.detailsToggle!;
    expect(t.tagName).to.equal('BUTTON');
    expect(t.textContent!.trim()).to.equal('Details');
    expect(t.getAttribute('aria-expanded')).to.equal('false');
    expect(t.getAttribute('aria-controls')).to.equal(banner.details!.id);
    expect(banner.details!.hidden).to.equal(true);
  });

  it('lists the missed customers, newest first, with channel and time, when expanded', async () => {
    const { banner } = await mount();
    banner.detailsToggle!.click();
    await settle(banner.element);
    expect(banner.detailsToggle!.getAttribute('aria-expanded')).to.equal('true');
    expect(banner.details!.hidden).to.equal(false);
    expect(banner.details!.getAttribute('aria-label')).to.equal('Missed requests');
    const r = banner.detailsRows;
    expect(r).to.have.length(2);
    expect(r[0]).to.contain('+1 425 555 0199').and.contain('WhatsApp').and.match(/2:05/);
    expect(r[1]).to.contain('Dana Whitfield').and.contain('Chat').and.match(/2:04/);
    // Server time → local time through the clock offset estimate (a millisecond or so here).
    expect(Math.abs(Date.parse(banner.details!.querySelector('time')!.getAttribute('datetime')!) - AT)).to.be.below(1000);
    banner.detailsToggle!.click();
    await settle(banner.element);
    expect(banner.details!.hidden).to.equal(true);
  });

  it('has no Details button when the server sends no recent list', async () => {
    const { banner, transport } = await mount();
    transport.push({ type: 'missed', missed: { count: 1, offerIds: ['x'], since: AT } });
    await settle(banner.element);
    expect(banner.hidden).to.equal(false);
    expect(banner.detailsToggle).to.equal(null);
  });

  it('speaks German', async () => {
    const { banner } = await mount({ locale: 'de' });
    banner.detailsToggle!.click();
    await settle(banner.element);
    expect(banner.detailsToggle!.textContent!.trim()).to.equal('Details');
    expect(banner.details!.getAttribute('aria-label')).to.equal('Verpasste Anfragen');
    expect(banner.detailsRows[1]).to.contain('Chat').and.contain('14:04');
  });

  it('is right to left in Arabic, with the customer isolated', async () => {
    const { banner } = await mount({ locale: 'ar' });
    banner.detailsToggle!.click();
    await settle(banner.element);
    const base = banner.base!;
    expect(base.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(banner.details!).direction).to.equal('rtl');
    expect(banner.detailsToggle!.textContent!.trim()).to.equal('التفاصيل');
    expect(banner.details!.getAttribute('aria-label')).to.equal('الطلبات الفائتة');
    const first = banner.details!.querySelector('li')!;
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
      banner.detailsToggle!.click();
      await settle(banner.element);
      await animationsFinished();
      await expect(banner.element).to.be.accessible();
    });
  }
});

describe('<omni-missed-banner> outside the host: theme', () => {
  it("follows the administrator's theme from its center", async () => {
    const { banner, transport, host } = await mount();
    transport.push({ type: 'settings', settings: settingsWith({}, { theme: 'light' }) });
    await settle(banner.element);
    const light = bg(banner);
    transport.push({ type: 'settings', settings: settingsWith({}, { theme: 'dark' }) });
    await settle(banner.element);
    expect(banner.element.getAttribute('data-effective-theme')).to.equal('dark');
    expect(banner.element.hasAttribute('theme')).to.equal(false);
    expect(bg(banner)).to.not.equal(light);
    expect(host.getAttribute('data-effective-theme')).to.equal('dark');
  });

  it('keeps its own theme attribute when set', async () => {
    const { banner, transport } = await mount({ bannerTheme: 'light' });
    transport.push({ type: 'settings', settings: settingsWith({}, { theme: 'dark' }) });
    await settle(banner.element);
    expect(banner.element.getAttribute('data-effective-theme')).to.equal('light');
  });

  it("inside the host, follows the host's theme", async () => {
    const { host, banner } = await mountBanner({ inside: true, hostTheme: 'dark', hello: { presence: 'inactive', missed: missed() } });
    expect(banner.element.getAttribute('data-effective-theme')).to.equal('dark');
    host.setAttribute('theme', 'light');
    await settle(host);
    await settle(banner.element);
    expect(banner.element.getAttribute('data-effective-theme')).to.equal('light');
  });
});
