/**
 * <omni-alert>'s auto-accept countdown and decline-reason menu (issue 13),
 * inside the host, the test playing the server.
 */
import { expect, html, nextFrame, oneEvent } from '@open-wc/testing';
import type sinon from 'sinon';
import '../../src/components/notification-host/omni-notification-host.js';
import type { Settings } from '../../src/services/protocol/types.js';
import { animationsFinished, button, deepQuery, fakeClock, makeOffer, settingsWith, settle } from '../helpers.js';
import { mountHost } from './host-harness.js';

const REASONS = ['Busy with another customer', 'Wrong queue', 'Language I do not speak'];

const mount = (settings: Settings, theme = 'light') =>
  mountHost({ template: html`<omni-notification-host theme=${theme}></omni-notification-host>`, hello: { settings } });

// ---- a small harness: what the agent sees --------------------------------------
const alertRoot = (host: Element) => deepQuery(host, 'omni-alert')!.shadowRoot!;
const autoText = (host: Element) => deepQuery(host, 'omni-alert >>> [part="auto-accept"] [aria-hidden="true"]')?.textContent?.trim();
const rejectButton = (host: Element) => deepQuery<HTMLButtonElement>(host, 'omni-alert >>> [part~="reject"]');
const menu = (host: Element) => deepQuery(host, 'omni-alert >>> [role="menu"]');
const menuItems = (host: Element) => [...(menu(host)?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
const focused = (host: Element) => alertRoot(host).activeElement;
function key(target: Element, k: string): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true }));
}

describe('<omni-alert> auto-accept', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => {
    clock?.restore();
    clock = undefined;
  });

  it('counts down "Accepting in N s" from offeredAt + autoAcceptSec, to the exact second', async () => {
    clock = fakeClock();
    const { host, transport } = await mount(settingsWith({ chat: { autoAcceptSec: 3 } }));
    transport.push({ type: 'offer', offer: makeOffer() });
    await settle(host);
    expect(autoText(host)).to.equal('Accepting in 3 s');
    clock.tick(2999);
    await settle(host);
    expect(autoText(host)).to.equal('Accepting in 1 s');
    clock.tick(1);
    await settle(host);
    expect(autoText(host)).to.equal('Accepting…');
  });

  it('counts from the server clock, not the arrival time', async () => {
    clock = fakeClock();
    const { host, transport } = await mount(settingsWith({ chat: { autoAcceptSec: 10 } }));
    transport.push({ type: 'offer', offer: makeOffer({ offeredAt: Date.now() - 4000 }) });
    await settle(host);
    expect(autoText(host)).to.equal('Accepting in 6 s');
  });

  it('says it once, in the description, not every second; the ticking text is hidden from assistive technology', async () => {
    clock = fakeClock();
    const { host, transport } = await mount(settingsWith({ chat: { autoAcceptSec: 30 } }));
    transport.push({ type: 'offer', offer: makeOffer() });
    await settle(host);
    const dialog = deepQuery(host, 'omni-alert >>> [role="alertdialog"]')!;
    const said = () =>
      dialog
        .getAttribute('aria-describedby')!
        .split(' ')
        .map((id) => alertRoot(host).getElementById(id)?.textContent?.trim())
        .join(' ');
    expect(said()).to.contain('Accepts automatically in 30 seconds.');
    const live = host.querySelector('[data-omni-live]')!;
    await nextFrame(); // the host announces what arrived within a frame
    expect(live.textContent).to.contain('Dana Whitfield');
    const announced = live.textContent;
    clock.tick(5000);
    await settle(host);
    expect(autoText(host)).to.equal('Accepting in 25 s');
    expect(said()).to.contain('Accepts automatically in 30 seconds.');
    expect(live.textContent).to.equal(announced);
    expect(deepQuery(host, 'omni-alert >>> [part="auto-accept"] [role="timer"], omni-alert >>> [aria-live]')).to.equal(null);
  });

  it('keeps Reject, which still works until zero', async () => {
    clock = fakeClock();
    const { host, transport } = await mount(settingsWith({ chat: { autoAcceptSec: 5 } }));
    transport.push({ type: 'offer', offer: makeOffer({ offerId: 'o-auto' }) });
    await settle(host);
    clock.tick(4000);
    await settle(host);
    rejectButton(host)!.click();
    await settle(host);
    expect(transport.commands('reject')[0]).to.include({ offerId: 'o-auto' });
  });

  it('without auto-accept, the countdown wakes the page once a second, not in a loop', async () => {
    clock = fakeClock();
    const { host, transport } = await mount(settingsWith({}));
    transport.push({ type: 'offer', offer: makeOffer({ expiresAt: Date.now() + 20_000 }) });
    await settle(host);
    const before = clock.countTimers();
    let fired = 0;
    const end = clock.now + 5000;
    // Step timer by timer: a 0 ms loop (an earlier bug: NaN until the next second) would fire thousands.
    while (clock.now < end && fired < 1000) {
      clock.next();
      fired++;
    }
    await settle(host);
    expect(fired).to.be.below(30);
    expect(clock.countTimers()).to.be.at.most(before + 2);
    expect(deepQuery(host, 'omni-alert >>> [part="countdown"]')!.textContent).to.contain('0:15');
  });

  it('shows the timeout countdown instead when auto-accept is off, or would come after the deadline', async () => {
    const { host, transport } = await mount(settingsWith({ chat: { autoAcceptSec: 200 } }));
    transport.push({ type: 'offer', offer: makeOffer() });
    await settle(host);
    expect(deepQuery(host, 'omni-alert >>> [part="auto-accept"]')).to.equal(null);
    expect(deepQuery(host, 'omni-alert >>> [part="countdown"]')).to.exist;
  });
});

describe('<omni-alert> decline reasons', () => {
  const withReasons = () => settingsWith({}, { rejectReasons: REASONS });

  it('Reject is a menu button; it opens a menu of the reasons and focus moves into it', async () => {
    const { host, transport } = await mount(withReasons());
    transport.push({ type: 'offer', offer: makeOffer() });
    await settle(host);
    const reject = rejectButton(host)!;
    expect(reject.getAttribute('aria-haspopup')).to.equal('menu');
    expect(reject.getAttribute('aria-expanded')).to.equal('false');
    expect(menu(host)).to.equal(null);
    reject.click();
    await settle(host);
    expect(reject.getAttribute('aria-expanded')).to.equal('true');
    expect(menu(host)!.getAttribute('aria-label')).to.equal('Reason for rejecting');
    expect(reject.getAttribute('aria-controls')).to.equal(menu(host)!.id);
    expect(menuItems(host).map((b) => b.textContent!.trim())).to.deep.equal(REASONS);
    expect(menuItems(host).every((b) => b.tagName === 'BUTTON')).to.equal(true);
    expect(focused(host)).to.equal(menuItems(host)[0]);
    expect(transport.commands('reject')).to.have.length(0);
  });

  it('arrow keys move through the reasons; Escape closes the menu and returns focus to Reject', async () => {
    const { host, transport } = await mount(withReasons());
    transport.push({ type: 'offer', offer: makeOffer() });
    await settle(host);
    rejectButton(host)!.click();
    await settle(host);
    key(menuItems(host)[0], 'ArrowDown');
    expect(focused(host)).to.equal(menuItems(host)[1]);
    key(menuItems(host)[1], 'End');
    expect(focused(host)).to.equal(menuItems(host)[2]);
    key(menuItems(host)[2], 'ArrowDown');
    expect(focused(host)).to.equal(menuItems(host)[0]);
    key(menuItems(host)[0], 'ArrowUp');
    expect(focused(host)).to.equal(menuItems(host)[2]);
    key(menuItems(host)[2], 'Escape');
    await settle(host);
    expect(menu(host)).to.equal(null);
    expect(rejectButton(host)!.getAttribute('aria-expanded')).to.equal('false');
    expect(focused(host)).to.equal(rejectButton(host));
    expect(transport.commands('reject')).to.have.length(0);
  });

  it('the chosen reason travels with the reject command and the omni-reject event', async () => {
    const { host, transport } = await mount(withReasons());
    const offer = makeOffer();
    transport.push({ type: 'offer', offer });
    await settle(host);
    rejectButton(host)!.click();
    await settle(host);
    const rejected = oneEvent(host, 'omni-reject');
    menuItems(host)[1].click();
    expect((await rejected).detail).to.deep.equal({ offerId: offer.offerId, conversationId: offer.conversationId, reason: 'Wrong queue' });
    await settle(host);
    expect(transport.commands('reject')[0]).to.include({ offerId: offer.offerId, reason: 'Wrong queue' });
    expect(deepQuery(host, 'omni-alert')).to.equal(null);
  });

  it('the reject shortcut opens the menu rather than rejecting without a reason', async () => {
    const { host, transport } = await mount(withReasons());
    transport.push({ type: 'offer', offer: makeOffer() });
    await settle(host);
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'R', code: 'KeyR', ctrlKey: true, shiftKey: true, bubbles: true }));
    await settle(host);
    expect(menu(host)).to.exist;
    expect(focused(host)).to.equal(menuItems(host)[0]);
    expect(transport.commands('reject')).to.have.length(0);
  });

  it('without reasons, Reject rejects at once, with no reason and no menu', async () => {
    const { host, transport } = await mount(settingsWith({}));
    transport.push({ type: 'offer', offer: makeOffer() });
    await settle(host);
    expect(rejectButton(host)!.hasAttribute('aria-haspopup')).to.equal(false);
    expect(rejectButton(host)!.hasAttribute('aria-expanded')).to.equal(false);
    rejectButton(host)!.click();
    await settle(host);
    expect(transport.commands('reject')[0]).to.not.have.property('reason');
  });

  it('where Reject is not allowed there is no menu either', async () => {
    const { host, transport } = await mount(settingsWith({ chat: { allowReject: false } }, { rejectReasons: REASONS }));
    transport.push({ type: 'offer', offer: makeOffer() });
    await settle(host);
    expect(rejectButton(host)).to.equal(null);
    expect(button(host, 'Accept')).to.exist;
  });

  for (const theme of ['light', 'dark']) {
    it(`passes axe with the menu open and auto-accept counting, in the ${theme} theme`, async function () {
      this.timeout(30_000); // axe is slow on a busy machine
      const { host, transport } = await mount(settingsWith({ chat: { autoAcceptSec: 30 } }, { rejectReasons: REASONS }), theme);
      transport.push({ type: 'offer', offer: makeOffer() });
      await settle(host);
      rejectButton(host)!.click();
      await settle(host);
      await animationsFinished();
      await expect(deepQuery(host, 'omni-alert')).to.be.accessible();
    });
  }
});
