import { expect, fixture, html } from '@open-wc/testing';
import '../../src/components/notification-host/omni-notification-host.js';
import '../../src/components/missed-banner/omni-missed-banner.js';
import type { OmniNotificationHost } from '../../src/components/notification-host/omni-notification-host.js';
import { ScriptedTransport, deepQuery, makeNotice, makeOffer, settle } from '../helpers.js';

async function mountHost(theme: string) {
  const transport = new ScriptedTransport();
  const host = await fixture<OmniNotificationHost>(
    html`<omni-notification-host theme=${theme}><omni-missed-banner></omni-missed-banner></omni-notification-host>`,
  );
  host.transport = transport;
  await settle(host);
  transport.hello({ missed: { count: 1, offerIds: ['x'], since: Date.now() }, presence: 'inactive' });
  transport.push({ type: 'offer', offer: makeOffer() });
  transport.push({ type: 'notice', notice: makeNotice() });
  await settle(host);
  return host;
}

const colours = (el: Element) => {
  const cs = getComputedStyle(el);
  return { bg: cs.backgroundColor, fg: cs.color };
};

describe('themes and accessibility', () => {
  for (const theme of ['light', 'dark']) {
    it(`passes axe in the ${theme} theme (alert, toast, banner)`, async () => {
      const host = await mountHost(theme);
      await expect(deepQuery(host, 'omni-alert')).to.be.accessible();
      await expect(deepQuery(host, 'omni-toast')).to.be.accessible();
      await expect(host.querySelector('omni-missed-banner')).to.be.accessible();
    });
  }

  it('light and dark change the computed colours', async () => {
    const light = await mountHost('light');
    const lightCard = colours(deepQuery(light, 'omni-alert >>> [role="alertdialog"]')!);
    const lightAccept = colours(deepQuery(light, 'omni-alert >>> [part~="accept"]')!);
    light.remove();
    const dark = await mountHost('dark');
    const darkCard = colours(deepQuery(dark, 'omni-alert >>> [role="alertdialog"]')!);
    const darkAccept = colours(deepQuery(dark, 'omni-alert >>> [part~="accept"]')!);
    expect(lightCard.bg).to.equal('rgb(255, 255, 255)');
    expect(darkCard.bg).not.to.equal(lightCard.bg);
    expect(darkCard.fg).not.to.equal(lightCard.fg);
    expect(darkAccept.bg).not.to.equal(lightAccept.bg);
  });

  it('the server settings choose the theme when the host has none', async () => {
    const transport = new ScriptedTransport();
    const host = await fixture<OmniNotificationHost>(html`<omni-notification-host></omni-notification-host>`);
    host.transport = transport;
    await settle(host);
    transport.hello();
    transport.push({ type: 'offer', offer: makeOffer() });
    await settle(host);
    transport.push({ type: 'settings', settings: { ...host.center.state.settings, theme: 'dark' } });
    await settle(host);
    expect(deepQuery(host, 'omni-alert')!.getAttribute('theme')).to.equal('dark');
    expect(colours(deepQuery(host, 'omni-alert >>> [role="alertdialog"]')!).bg).to.equal('rgb(41, 41, 41)');
  });

  it('the host page restyles through --omni-* tokens', async () => {
    const host = await mountHost('light');
    host.style.setProperty('--omni-surface', 'rgb(1, 2, 3)');
    host.style.setProperty('--omni-on-surface', 'rgb(250, 250, 250)');
    await settle(host);
    const c = colours(deepQuery(host, 'omni-alert >>> [role="alertdialog"]')!);
    expect(c.bg).to.equal('rgb(1, 2, 3)');
    expect(c.fg).to.equal('rgb(250, 250, 250)');
  });

  it('places the stack at the chosen corner', async () => {
    const host = await mountHost('light');
    const stack = deepQuery(host, '[part="stack"]')!;
    const r1 = stack.getBoundingClientRect();
    expect(r1.right).to.be.closeTo(window.innerWidth - 12, 20);
    host.placement = 'bottom-start';
    await settle(host);
    const r2 = stack.getBoundingClientRect();
    expect(r2.left).to.be.closeTo(12, 20);
    expect(r2.bottom).to.be.closeTo(window.innerHeight - 12, 20);
  });
});
