import { expect, html } from '@open-wc/testing';
import type { CSSResultGroup } from 'lit';
import '../../src/components/notification-host/omni-notification-host.js';
import '../../src/components/missed-banner/omni-missed-banner.js';
import { OmniAlert } from '../../src/components/alert/omni-alert.js';
import { OmniToast } from '../../src/components/toast/omni-toast.js';
import { OmniMissedBanner } from '../../src/components/missed-banner/omni-missed-banner.js';
import { OmniNotificationHost } from '../../src/components/notification-host/omni-notification-host.js';
import type { Notice, Offer } from '../../src/services/protocol/types.js';
import { deepQuery, makeOffer, settingsWith, settle, restorePageLocaleAfterEach } from '../helpers.js';
import { mountHost as mountHarnessHost } from './host-harness.js';
import { alertElements, firstAlert, mountAlert } from './alert-harness.js';
import { mountToast } from './toast-harness.js';

const hostIn = (locale?: string) =>
  locale
    ? html`<omni-notification-host locale=${locale} theme="light"></omni-notification-host>`
    : html`<omni-notification-host theme="light"></omni-notification-host>`;
const mountHost = (locale?: string) => mountHarnessHost({ template: hostIn(locale) });
/** A host in `locale` that has been offered `offer`. */
const mountOffer = (locale?: string, offer: Partial<Offer> = {}) => mountAlert({ template: hostIn(locale), offer });
/** A host in `locale` that has been sent `notice`. */
const mountNotice = (locale?: string, notice: Partial<Notice> = {}) => mountToast({ template: hostIn(locale), notice });

/** Horizontal position of one character of a text node. */
function charLeft(node: Text, index: number): number {
  const r = document.createRange();
  r.setStart(node, index);
  r.setEnd(node, index + 1);
  return r.getBoundingClientRect().left;
}

/** The first text node under `root` (through `<bdi>` and the like) that contains `text`. */
function textNode(root: Node, text: string): Text {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent!.includes(text)) return n as Text;
  throw new Error(`no text node with "${text}"`);
}

/** True when `text` inside its node is laid out left to right (its first character left of its last). */
function readsLeftToRight(root: Node, text: string): boolean {
  const node = textNode(root, text);
  const at = node.textContent!.indexOf(text);
  return charLeft(node, at) < charLeft(node, at + text.length - 1);
}

const RLO = '\u202E';

describe('right-to-left', () => {
  restorePageLocaleAfterEach();

  it('placement="top-end" lands on the left in Arabic, and "top-start" on the right', async () => {
    const { host } = await mountOffer('ar');
    const stack = deepQuery(host, '[part="stack"]')!;
    expect(stack.getAttribute('dir')).to.equal('rtl');
    expect(stack.getBoundingClientRect().left).to.be.closeTo(12, 4);
    host.placement = 'top-start';
    await settle(host);
    expect(stack.getBoundingClientRect().right).to.be.closeTo(document.documentElement.clientWidth - 12, 4);
  });

  it("a page in Arabic (lang and dir on <html>) gets the right-to-left widget without a locale", async () => {
    document.documentElement.lang = 'ar';
    document.documentElement.dir = 'rtl';
    const { host, alert } = await mountOffer();
    const card = alert.dialog!;
    expect(card.getAttribute('dir')).to.equal('rtl');
    expect(deepQuery(host, '[part="stack"]')!.getBoundingClientRect().left).to.be.closeTo(12, 4);
  });

  it('in Arabic the actions mirror: Accept is left of Reject; the heading starts at the right', async () => {
    const { alert } = await mountOffer('ar');
    const accept = alert.acceptButton!.getBoundingClientRect();
    const reject = alert.rejectButton!.getBoundingClientRect();
    expect(accept.left).to.be.lessThan(reject.left);
    const card = alert.dialog!.getBoundingClientRect();
    const icon = alert.icon!.getBoundingClientRect();
    expect(icon.right).to.be.greaterThan(card.right - 40);
  });

  it('the chat bubble mirrors in right-to-left, the phone does not', async () => {
    const { host, transport } = await mountHost('ar');
    transport.push({ type: 'offer', offer: makeOffer({ channel: 'chat' }) });
    transport.push({ type: 'offer', offer: makeOffer({ channel: 'voice', scenario: 'voice', templateId: 'voice' }) });
    await settle(host);
    const alerts = alertElements(host);
    const transformOf = (glyph: string) => {
      const svg = alerts.map((a) => a.shadowRoot!.querySelector(`svg[data-glyph="${glyph}"]`)).find(Boolean)!;
      return getComputedStyle(svg).transform;
    };
    expect(transformOf('chat')).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
    expect(transformOf('voice')).to.equal('none');
  });

  it('a customer name with a right-to-left override does not flip the rest of the alert', async () => {
    const { host, transport } = await mountHost('en');
    transport.push({ type: 'settings', settings: settingsWith({ chat: { title: '{customerName} is waiting' } }) });
    transport.push({
      type: 'offer',
      offer: makeOffer({ customer: { name: `${RLO}Dana Whitfield` }, comment: 'Order 1234 is late' }),
    });
    await settle(host);
    const alert = firstAlert(host);
    // The override acts inside the name only (it is reversed there, as its sender asked)...
    expect(readsLeftToRight(alert.heading!, 'Dana Whitfield')).to.equal(false);
    // ...and stops at its isolate: the title text after it, the comment, the buttons read normally.
    expect(readsLeftToRight(alert.titleElement!, ' is waiting')).to.equal(true);
    expect(readsLeftToRight(alert.details!, 'Order 1234 is late')).to.equal(true);
    expect(readsLeftToRight(alert.acceptButton!, 'Accept')).to.equal(true);
    const reject = alert.rejectButton!.getBoundingClientRect();
    const accept = alert.acceptButton!.getBoundingClientRect();
    expect(reject.left).to.be.lessThan(accept.left);
  });

  it('in a toast, an overriding name cannot flip its label', async () => {
    const { toast } = await mountNotice('en', { from: `${RLO}Priya Patel`, customer: { name: `${RLO}Sam` } });
    const body = toast.body!;
    expect(readsLeftToRight(body, 'From')).to.equal(true);
    expect(readsLeftToRight(body, 'Needs a refund')).to.equal(true);
    expect(readsLeftToRight(body, 'Conversation transferred')).to.equal(true);
  });

  it('an Arabic name on an English page and an English name in Arabic render isolated', async () => {
    const { alert } = await mountOffer('ar', { customer: { name: 'Dana Whitfield' }, comment: 'Order 1234' });
    const bdi = alert.heading!.querySelector('bdi')!;
    expect(bdi.textContent).to.equal('Dana Whitfield');
    expect(readsLeftToRight(alert.heading!, 'Dana Whitfield')).to.equal(true);
    expect(getComputedStyle(bdi).unicodeBidi).to.equal('isolate');
  });

  it('the elements style with logical properties only (no left/right, width/height, physical margins)', () => {
    const physical = /(^|[^-\w])(left|right|top|bottom|width|height|min-width|max-width|min-height|max-height)\s*:|(margin|padding|border)-(left|right|top|bottom)\b|translateX|text-align\s*:\s*(left|right)|float\s*:/;
    const cssOf = (styles: CSSResultGroup | undefined): string =>
      Array.isArray(styles) ? styles.map((s) => cssOf(s as CSSResultGroup)).join('\n') : ((styles as { cssText?: string })?.cssText ?? '');
    for (const el of [OmniAlert, OmniToast, OmniMissedBanner, OmniNotificationHost]) {
      const css = cssOf(el.styles);
      expect(css.length, el.name).to.be.greaterThan(100);
      const hit = css.split('\n').find((line) => physical.test(line));
      expect(hit, `${el.name}: ${hit}`).to.equal(undefined);
    }
  });
});
