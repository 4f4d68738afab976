import { expect, fixture, html } from '@open-wc/testing';
import '../../src/components/notification-host/omni-notification-host.js';
import '../../src/components/missed-banner/omni-missed-banner.js';
import type { OmniNotificationHost } from '../../src/components/notification-host/omni-notification-host.js';
import { ScriptedTransport, deepQuery, makeNotice, makeOffer, settle } from '../helpers.js';

/** The theme file the package exports as `omni-notify/theme.css`. */
async function themeSheet(): Promise<HTMLStyleElement> {
  const res = await fetch(new URL('../../src/theme/theme.css', import.meta.url));
  expect(res.ok).to.equal(true);
  const style = document.createElement('style');
  style.textContent = await res.text();
  return style;
}

async function mount(theme: string) {
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

/** Computed colours, radius, font and shadow of every painted part. */
function look(host: Element) {
  const parts = [
    deepQuery(host, 'omni-alert >>> [role="alertdialog"]')!,
    deepQuery(host, 'omni-alert >>> [part~="accept"]')!,
    deepQuery(host, 'omni-alert >>> [part~="reject"]')!,
    deepQuery(host, 'omni-toast >>> [role="status"]')!,
    deepQuery(host.querySelector('omni-missed-banner')!, '[part="base"]')!,
  ];
  return parts.map((el) => {
    const cs = getComputedStyle(el);
    return [cs.backgroundColor, cs.color, cs.borderTopColor, cs.borderTopLeftRadius, cs.fontFamily, cs.boxShadow].join(' ; ');
  });
}

describe('theme.css', () => {
  for (const theme of ['light', 'dark', 'system']) {
    it(`holds the elements' own ${theme} values: loading it changes nothing`, async () => {
      const without = look(await mount(theme));
      const sheet = await themeSheet();
      document.head.append(sheet);
      try {
        const withSheet = look(await mount(theme));
        expect(withSheet).to.deep.equal(without);
      } finally {
        sheet.remove();
      }
    });
  }

  it('a page that edits a token in it restyles the elements', async () => {
    const sheet = await themeSheet();
    sheet.textContent = sheet.textContent!.replace('--omni-accent: #0f6cbd;', '--omni-accent: rgb(10, 120, 20);');
    document.head.append(sheet);
    try {
      const host = await mount('light');
      expect(getComputedStyle(deepQuery(host, 'omni-alert >>> [part~="accept"]')!).backgroundColor).to.equal('rgb(10, 120, 20)');
    } finally {
      sheet.remove();
    }
  });
});
