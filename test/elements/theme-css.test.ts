import { expect } from '@open-wc/testing';
import { themeCss } from '../../src/theme/palette.js';
import { mountShowcase } from './host-harness.js';
import { firstAlert } from './alert-harness.js';
import { firstToast } from './toast-harness.js';
import { bannerIn } from './banner-harness.js';

/** The theme file the package exports as `omni-notify/theme.css` (the build writes themeCss()). */
function themeSheet(): HTMLStyleElement {
  const style = document.createElement('style');
  style.textContent = themeCss();
  return style;
}

/** Computed colours, radius, font and shadow of every painted part. */
function look(host: Element) {
  const alert = firstAlert(host);
  const parts = [alert.dialog!, alert.acceptButton!, alert.rejectButton!, firstToast(host).status!, bannerIn(host).base!];
  return parts.map((el) => {
    const cs = getComputedStyle(el);
    return [cs.backgroundColor, cs.color, cs.borderTopColor, cs.borderTopLeftRadius, cs.fontFamily, cs.boxShadow].join(' ; ');
  });
}

describe('theme.css', () => {
  for (const theme of ['light', 'dark', 'system']) {
    it(`holds the elements' own ${theme} values: loading it changes nothing`, async () => {
      const without = look(await mountShowcase(theme));
      const sheet = themeSheet();
      document.head.append(sheet);
      try {
        const withSheet = look(await mountShowcase(theme));
        expect(withSheet).to.deep.equal(without);
      } finally {
        sheet.remove();
      }
    });
  }

  it('a page that edits a token in it restyles the elements', async () => {
    const sheet = themeSheet();
    const edited = sheet.textContent!.replace(/--omni-accent: [^;]+;/, '--omni-accent: rgb(10, 120, 20);');
    expect(edited).not.to.equal(sheet.textContent);
    sheet.textContent = edited;
    document.head.append(sheet);
    try {
      const host = await mountShowcase('light');
      expect(getComputedStyle(firstAlert(host).acceptButton!).backgroundColor).to.equal('rgb(10, 120, 20)');
    } finally {
      sheet.remove();
    }
  });
});
