/**
 * <omni-alert>'s auto-accept countdown and decline-reason menu (issue 13),
 * inside the host, the test playing the server.
 */
import { expect, html, nextFrame, oneEvent } from '@open-wc/testing';
import type sinon from 'sinon';
import type { Offer, Settings } from '../../src/services/protocol/types.js';
import { animationsFinished, deepQueryAll, fakeClock, settingsWith, settle } from '../helpers.js';
import { mountAlert, pressKey } from './alert-harness.js';

const REASONS = ['Busy with another customer', 'Wrong queue', 'Language I do not speak'];

/** A host with `settings`, offered `offer`. */
const mount = (settings: Settings, offer: Partial<Offer> = {}, theme = 'light') =>
  mountAlert({ template: html`<omni-notification-host theme=${theme}></omni-notification-host>`, settings, offer });

describe('<omni-alert> auto-accept', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => {
    clock?.restore();
    clock = undefined;
  });

  it('counts down "Accepting in N s" from offeredAt + autoAcceptSec, to the exact second', async () => {
    clock = fakeClock();
    const { host, alert } = await mount(settingsWith({ chat: { autoAcceptSec: 3 } }));
    expect(alert.autoAcceptText).to.equal('Accepting in 3 s');
    clock.tick(2999);
    await settle(host);
    expect(alert.autoAcceptText).to.equal('Accepting in 1 s');
    clock.tick(1);
    await settle(host);
    expect(alert.autoAcceptText).to.equal('Accepting…');
  });

  it('counts from the server clock, not the arrival time', async () => {
    clock = fakeClock();
    const { alert } = await mount(settingsWith({ chat: { autoAcceptSec: 10 } }), { offeredAt: Date.now() - 4000 });
    expect(alert.autoAcceptText).to.equal('Accepting in 6 s');
  });

  it('says it once, in the description, not every second; the ticking text is hidden from assistive technology', async () => {
    clock = fakeClock();
    const { host, alert } = await mount(settingsWith({ chat: { autoAcceptSec: 30 } }));
    expect(alert.description).to.contain('Accepts automatically in 30 seconds.');
    const live = host.querySelector('[data-omni-live]')!;
    await nextFrame(); // the host announces what arrived within a frame
    expect(live.textContent).to.contain('Dana Whitfield');
    const announced = live.textContent;
    clock.tick(5000);
    await settle(host);
    expect(alert.autoAcceptText).to.equal('Accepting in 25 s');
    expect(alert.description).to.contain('Accepts automatically in 30 seconds.');
    expect(live.textContent).to.equal(announced);
    // Nothing in the alert is live or a timer (the host's region speaks for it).
    expect(alert.autoAccept!.querySelector('[role="timer"]')).to.equal(null);
    expect(deepQueryAll(alert.element!, '[aria-live]')).to.deep.equal([]);
  });

  it('keeps Reject, which still works until zero', async () => {
    clock = fakeClock();
    const { host, transport, alert } = await mount(settingsWith({ chat: { autoAcceptSec: 5 } }), { offerId: 'o-auto' });
    clock.tick(4000);
    await settle(host);
    alert.rejectButton!.click();
    await settle(host);
    expect(transport.commands('reject')[0]).to.include({ offerId: 'o-auto' });
  });

  it('without auto-accept, the countdown wakes the page once a second, not in a loop', async () => {
    clock = fakeClock();
    const { host, alert } = await mount(settingsWith({}), { expiresAt: Date.now() + 20_000 });
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
    expect(alert.countdown!.textContent).to.contain('0:15');
  });

  it('shows the timeout countdown instead when auto-accept is off, or would come after the deadline', async () => {
    const { alert } = await mount(settingsWith({ chat: { autoAcceptSec: 200 } }));
    expect(alert.autoAccept).to.equal(null);
    expect(alert.countdown).to.exist;
  });
});

describe('<omni-alert> decline reasons', () => {
  const withReasons = () => settingsWith({}, { rejectReasons: REASONS });

  it('Reject is a menu button; it opens a menu of the reasons and focus moves into it', async () => {
    const { host, transport, alert } = await mount(withReasons());
    const reject = alert.rejectButton!;
    expect(reject.getAttribute('aria-haspopup')).to.equal('menu');
    expect(reject.getAttribute('aria-expanded')).to.equal('false');
    expect(alert.menu).to.equal(null);
    reject.click();
    await settle(host);
    expect(reject.getAttribute('aria-expanded')).to.equal('true');
    expect(alert.menu!.getAttribute('aria-label')).to.equal('Reason for rejecting');
    expect(reject.getAttribute('aria-controls')).to.equal(alert.menu!.id);
    expect(alert.menuItems.map((b) => b.textContent!.trim())).to.deep.equal(REASONS);
    expect(alert.menuItems.every((b) => b.tagName === 'BUTTON')).to.equal(true);
    expect(alert.focused).to.equal(alert.menuItems[0]);
    expect(transport.commands('reject')).to.have.length(0);
  });

  it('arrow keys move through the reasons; Escape closes the menu and returns focus to Reject', async () => {
    const { host, transport, alert } = await mount(withReasons());
    alert.rejectButton!.click();
    await settle(host);
    pressKey(alert.menuItems[0], 'ArrowDown');
    expect(alert.focused).to.equal(alert.menuItems[1]);
    pressKey(alert.menuItems[1], 'End');
    expect(alert.focused).to.equal(alert.menuItems[2]);
    pressKey(alert.menuItems[2], 'ArrowDown');
    expect(alert.focused).to.equal(alert.menuItems[0]);
    pressKey(alert.menuItems[0], 'ArrowUp');
    expect(alert.focused).to.equal(alert.menuItems[2]);
    pressKey(alert.menuItems[2], 'Escape');
    await settle(host);
    expect(alert.menu).to.equal(null);
    expect(alert.rejectButton!.getAttribute('aria-expanded')).to.equal('false');
    expect(alert.focused).to.equal(alert.rejectButton);
    expect(transport.commands('reject')).to.have.length(0);
  });

  it('the chosen reason travels with the reject command and the omni-reject event', async () => {
    const { host, transport, alert, offer } = await mount(withReasons());
    alert.rejectButton!.click();
    await settle(host);
    const rejected = oneEvent(host, 'omni-reject');
    alert.menuItems[1].click();
    expect((await rejected).detail).to.deep.equal({ offerId: offer.offerId, conversationId: offer.conversationId, reason: 'Wrong queue' });
    await settle(host);
    expect(transport.commands('reject')[0]).to.include({ offerId: offer.offerId, reason: 'Wrong queue' });
    expect(alert.element).to.equal(null);
  });

  it('the reject shortcut opens the menu rather than rejecting without a reason', async () => {
    const { host, transport, alert } = await mount(withReasons());
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'R', code: 'KeyR', ctrlKey: true, shiftKey: true, bubbles: true }));
    await settle(host);
    expect(alert.menu).to.exist;
    expect(alert.focused).to.equal(alert.menuItems[0]);
    expect(transport.commands('reject')).to.have.length(0);
  });

  it('without reasons, Reject rejects at once, with no reason and no menu', async () => {
    const { host, transport, alert } = await mount(settingsWith({}));
    expect(alert.rejectButton!.hasAttribute('aria-haspopup')).to.equal(false);
    expect(alert.rejectButton!.hasAttribute('aria-expanded')).to.equal(false);
    alert.rejectButton!.click();
    await settle(host);
    expect(transport.commands('reject')[0]).to.not.have.property('reason');
  });

  it('where Reject is not allowed there is no menu either', async () => {
    const { alert } = await mount(settingsWith({ chat: { allowReject: false } }, { rejectReasons: REASONS }));
    expect(alert.rejectButton).to.equal(null);
    expect(alert.button('Accept')).to.exist;
  });

  for (const theme of ['light', 'dark']) {
    it(`passes axe with the menu open and auto-accept counting, in the ${theme} theme`, async function () {
      this.timeout(30_000); // axe is slow on a busy machine
      const { host, alert } = await mount(settingsWith({ chat: { autoAcceptSec: 30 } }, { rejectReasons: REASONS }), {}, theme);
      alert.rejectButton!.click();
      await settle(host);
      await animationsFinished();
      await expect(alert.element).to.be.accessible();
    });
  }
});
