import { expect } from '@open-wc/testing';
import type { CSSResult, ReactiveElement } from 'lit';
import { colours as palette, tokenDefaults } from '../../src/theme/palette.js';
import { animationsFinished, deepQuery, settle } from '../helpers.js';
import { mountShowcase } from './host-harness.js';
import { firstAlert, mountAlert } from './alert-harness.js';
import { firstToast } from './toast-harness.js';
import { bannerIn } from './banner-harness.js';

const colours = (el: Element) => {
  const cs = getComputedStyle(el);
  return { bg: cs.backgroundColor, fg: cs.color };
};

describe('themes and accessibility', () => {
  for (const theme of ['light', 'dark']) {
    it(`passes axe in the ${theme} theme (alert, toast, banner)`, async () => {
      const host = await mountShowcase(theme);
      await animationsFinished();
      await expect(firstAlert(host).element).to.be.accessible();
      await expect(firstToast(host).element).to.be.accessible();
      await expect(bannerIn(host).element).to.be.accessible();
    });
  }

  it('light and dark change the computed colours', async () => {
    const light = await mountShowcase('light');
    const lightCard = colours(firstAlert(light).dialog!);
    const lightAccept = colours(firstAlert(light).acceptButton!);
    light.remove();
    const dark = await mountShowcase('dark');
    const darkCard = colours(firstAlert(dark).dialog!);
    const darkAccept = colours(firstAlert(dark).acceptButton!);
    expect(lightCard.bg).to.equal('rgb(255, 255, 255)');
    expect(darkCard.bg).not.to.equal(lightCard.bg);
    expect(darkCard.fg).not.to.equal(lightCard.fg);
    expect(darkAccept.bg).not.to.equal(lightAccept.bg);
  });

  it('the server settings choose the theme when the host has none', async () => {
    const { host, transport, alert } = await mountAlert();
    transport.push({ type: 'settings', settings: { ...host.center.state.settings, theme: 'dark' } });
    await settle(host);
    expect(alert.element!.getAttribute('theme')).to.equal('dark');
    expect(colours(alert.dialog!).bg).to.equal('rgb(41, 41, 41)');
  });

  it('the host page restyles through --omni-* tokens', async () => {
    const host = await mountShowcase('light');
    host.style.setProperty('--omni-surface', 'rgb(1, 2, 3)');
    host.style.setProperty('--omni-on-surface', 'rgb(250, 250, 250)');
    await settle(host);
    const c = colours(firstAlert(host).dialog!);
    expect(c.bg).to.equal('rgb(1, 2, 3)');
    expect(c.fg).to.equal('rgb(250, 250, 250)');
  });

  it('places the stack at the chosen corner', async () => {
    const host = await mountShowcase('light');
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

/** A CSS colour in any syntax (rgb(), color(srgb …) from color-mix()) as the browser paints it: [r, g, b], 0–255. */
function rgbOf(colour: string): number[] {
  const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, 1, 1);
  return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
}

/** WCAG 2 contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const luminance = (rgb: number[]) => {
    const [r, g, b] = rgb.map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [luminance(rgbOf(a)), luminance(rgbOf(b))].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** What `expr` (a colour using the private tokens) resolves to inside `el`'s shadow root. */
function resolveIn(el: Element, expr: string): string {
  const probe = document.createElement('span');
  probe.style.color = expr;
  el.shadowRoot!.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour;
}

/** The private `--_*` tokens an element's styles declare, and those they read. */
function privateTokens(el: Element) {
  const text = (el.constructor as typeof ReactiveElement).elementStyles.map((s) => (s as CSSResult).cssText).join('\n');
  return {
    declared: new Set([...text.matchAll(/(--_[\w-]+)\s*:/g)].map((m) => m[1])),
    read: new Set([...text.matchAll(/var\((--_[\w-]+)/g)].map((m) => m[1])),
  };
}

/** Text (first) on its background (second) as the elements paint them; WCAG AA asks 4.5:1. */
const TEXT_ON_BACKGROUND: Array<[string, string, string]> = [
  ['text', 'var(--_on-surface)', 'var(--_surface)'],
  ['secondary text', 'var(--_muted)', 'var(--_surface)'],
  ['countdown and links', 'var(--_accent)', 'var(--_surface)'],
  ['error text', 'var(--_danger)', 'var(--_surface)'],
  ['primary button', 'var(--_on-accent)', 'var(--_accent)'],
  ['missed banner', 'var(--_on-surface)', 'color-mix(in srgb, var(--_danger) 12%, var(--_surface))'],
];

describe('theme tokens', () => {
  it('the palette holds exactly the public tokens of DESIGN.md', () => {
    expect(Object.keys(tokenDefaults).sort()).to.deep.equal(
      ['surface', 'on-surface', 'accent', 'on-accent', 'danger', 'border', 'radius', 'font', 'shadow', 'gap'].sort(),
    );
  });

  it('light and dark define the same private tokens in every element, and every one is read', async () => {
    const defined: Record<string, string[]> = {};
    const declared = new Set<string>();
    const read = new Set<string>();
    for (const theme of ['light', 'dark']) {
      const host = await mountShowcase(theme);
      await animationsFinished();
      const elements = [host, firstAlert(host).element!, firstToast(host).element!, bannerIn(host).element];
      for (const el of elements) {
        const tokens = privateTokens(el);
        tokens.declared.forEach((t) => declared.add(t));
        tokens.read.forEach((t) => read.add(t));
        const cs = getComputedStyle(el);
        const key = `${el.localName} ${theme}`;
        defined[key] = [...tokens.declared].filter((t) => cs.getPropertyValue(t).trim() !== '').sort();
        expect(defined[key], key).to.deep.equal([...tokens.declared].sort());
      }
      host.remove();
    }
    for (const name of ['omni-notification-host', 'omni-alert', 'omni-toast', 'omni-missed-banner']) {
      expect(defined[`${name} dark`], name).to.deep.equal(defined[`${name} light`]);
    }
    expect([...declared].filter((t) => !read.has(t)), 'declared but never read').to.deep.equal([]);
    expect([...read].filter((t) => !declared.has(t)), 'read but never declared').to.deep.equal([]);
  });

  for (const theme of ['light', 'dark']) {
    it(`text meets WCAG AA contrast (4.5:1) on its background in the ${theme} theme`, async () => {
      const host = await mountShowcase(theme);
      await animationsFinished();
      const alert = firstAlert(host).element!;
      const below = TEXT_ON_BACKGROUND.map(([what, fg, bg]) => ({ what, ratio: contrast(resolveIn(alert, fg), resolveIn(alert, bg)) }))
        .filter(({ ratio }) => ratio < 4.5)
        .map(({ what, ratio }) => `${what}: ${ratio.toFixed(2)}:1`);
      expect(below).to.deep.equal([]);
    });
  }

  it('a colour token resolves to its light value in light and its dark value in dark', async () => {
    for (const [theme, index] of [['light', 0], ['dark', 1]] as const) {
      const host = await mountShowcase(theme);
      await animationsFinished();
      const alert = firstAlert(host).element!;
      for (const [name, pair] of Object.entries(palette)) {
        expect(rgbOf(resolveIn(alert, `var(--_${name})`)), `${name} ${theme}`).to.deep.equal(rgbOf(pair[index]));
      }
      host.remove();
    }
  });
});
