import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/components/notification-host/omni-notification-host.js';
import type { Offer } from '../../src/services/protocol/types.js';
import { fakeClock, deepQuery, makeNotice, makeOffer, nextFrame, settingsWith, settle } from '../helpers.js';
import { mountHost as mountHarnessHost } from './host-harness.js';
import { alertElements, firstAlert, mountAlert, shownAlerts } from './alert-harness.js';
import { mountToast } from './toast-harness.js';

const hostWith = (attrs: { shortcuts?: string }) =>
  html`<omni-notification-host shortcuts=${attrs.shortcuts ?? 'on'}></omni-notification-host>`;
const mountHost = (attrs: { shortcuts?: string } = {}) => mountHarnessHost({ template: hostWith(attrs) });
/** A host that has been offered `offer`. */
const mountOffer = (offer: Partial<Offer> = {}, attrs: { shortcuts?: string } = {}) => mountAlert({ template: hostWith(attrs), offer });

describe('<omni-notification-host> alerts', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => {
    clock?.restore();
    clock = undefined;
  });

  it('shows an alert dialog named after the title and the customer, with Accept and Reject', async () => {
    const { alert } = await mountOffer({ customer: { name: 'Dana Whitfield' } });
    expect(alert.dialog).to.exist;
    expect(alert.name).to.equal('Incoming chat request Dana Whitfield');
    expect(alert.description).to.contain('My order has not arrived');
    expect(alert.button('Accept')).to.exist;
    expect(alert.button('Reject')).to.exist;
  });

  it('accepting sends accept, emits omni-accept and omni-session-start, and removes the alert', async () => {
    const { host, transport, alert, offer } = await mountOffer();
    const accepted = oneEvent(host, 'omni-accept');
    alert.button('Accept')!.click();
    expect((await accepted).detail).to.deep.equal({ offerId: offer.offerId, conversationId: offer.conversationId });
    await settle(host);
    expect(transport.commands('accept')[0]).to.include({ offerId: offer.offerId, v: 1 });
    const started = oneEvent(host, 'omni-session-start');
    transport.push({
      type: 'session.started',
      session: {
        sessionId: 's1',
        conversationId: offer.conversationId,
        channel: 'chat',
        customer: offer.customer,
        comment: offer.comment,
        queuedAt: offer.queuedAt,
        startedAt: Date.now(),
      },
    });
    const e = await started;
    expect(e.detail).to.include({ conversationId: offer.conversationId, offerId: offer.offerId, channel: 'chat' });
    await settle(host);
    expect(shownAlerts(host)).to.have.length(0);
  });

  it('an alert removed before its answer is acknowledged does not stay subscribed to the center', async () => {
    const { host, transport } = await mountHost();
    transport.autoAck = false;
    let live = 0;
    const subscribe = host.center.subscribe.bind(host.center);
    sinon.stub(host.center, 'subscribe').callsFake((fn) => {
      live++;
      const off = subscribe(fn);
      let done = false;
      return () => {
        if (!done) live--;
        done = true;
        off();
      };
    });
    const offer = makeOffer();
    transport.push({ type: 'offer', offer });
    await settle(host);
    expect(live).to.be.greaterThan(0);

    firstAlert(host).button('Accept')!.click();
    await settle(host);
    // The server starts the session (the alert goes) before it acks the command.
    transport.push({ type: 'session.started', session: { sessionId: 's1', conversationId: offer.conversationId, channel: 'chat', customer: offer.customer, queuedAt: offer.queuedAt, startedAt: Date.now() } });
    await settle(host);
    expect(alertElements(host)).to.have.length(0);
    transport.push({ type: 'ack', commandId: String(transport.commands('accept')[0].commandId), ok: true });
    await settle(host);
    await new Promise((r) => setTimeout(r, 0));

    expect(live).to.equal(0);
  });

  it('shows the answer that failed and keeps the alert when the transport cannot send', async () => {
    const { host, transport, alert } = await mountOffer();
    transport.failSends = true;
    const err = oneEvent(host, 'omni-error');
    alert.button('Accept')!.click();
    expect((await err).detail.code).to.equal('transport-closed');
    await settle(host);
    expect(shownAlerts(host)).to.have.length(1);
    expect(alert.error!.textContent).to.contain('Could not accept');
  });

  it('stacks the nearest deadline first and caps the stack with "+N more"', async () => {
    const { host, transport } = await mountHost();
    const now = Date.now();
    transport.push({ type: 'offer', offer: makeOffer({ offerId: 'late', customer: { name: 'Late' }, expiresAt: now + 100_000 }) });
    transport.push({ type: 'offer', offer: makeOffer({ offerId: 'soon', customer: { name: 'Soon' }, expiresAt: now + 20_000 }) });
    for (let i = 0; i < 3; i++) transport.push({ type: 'offer', offer: makeOffer({ expiresAt: now + 110_000 + i }) });
    await settle(host);
    const shown = shownAlerts(host);
    expect(shown).to.have.length(3);
    expect(shown[0].customer!.trim()).to.equal('Soon');
    expect(shown[1].customer!.trim()).to.equal('Late');
    expect(deepQuery(host, '[part="more"]')!.textContent!.trim()).to.equal('+2 more');
  });

  it('removes the alert exactly at its deadline and emits omni-timeout', async () => {
    clock = fakeClock(1_000_000);
    const { host, alert } = await mountOffer({ expiresAt: Date.now() + 30_000 });
    const countdown = () => alert.countdown!.textContent!.trim();
    expect(countdown()).to.equal('0:30');
    clock.tick(12_500);
    await settle(host);
    expect(countdown()).to.equal('0:18');
    let timedOut = false;
    host.addEventListener('omni-timeout', () => (timedOut = true));
    clock.tick(17_499);
    await settle(host);
    expect(shownAlerts(host)).to.have.length(1);
    expect(timedOut).to.equal(false);
    clock.tick(1);
    await settle(host);
    expect(shownAlerts(host)).to.have.length(0);
    expect(timedOut).to.equal(true);
  });

  it('keeps counting the wait time', async () => {
    clock = fakeClock(2_000_000);
    const { host, alert } = await mountOffer({ queuedAt: Date.now() - 65_000 });
    const wait = () => alert.wait!.textContent!.trim();
    expect(wait()).to.equal('1:05');
    clock.tick(10_000);
    await settle(host);
    expect(wait()).to.equal('1:15');
  });

  it('hides the countdown when Show Timeout is No, and still removes the alert at the deadline', async () => {
    clock = fakeClock(3_000_000);
    const { host, transport } = await mountHost();
    transport.push({ type: 'settings', settings: settingsWith({ chat: { showTimeout: false } }) });
    transport.push({ type: 'offer', offer: makeOffer({ expiresAt: Date.now() + 10_000 }) });
    await settle(host);
    expect(shownAlerts(host)).to.have.length(1);
    expect(firstAlert(host).countdown).to.equal(null);
    clock.tick(10_000);
    await settle(host);
    expect(shownAlerts(host)).to.have.length(0);
  });

  it('reads "Open" and has no Reject for auto-assigned work', async () => {
    const { alert } = await mountOffer({ autoAssign: true });
    expect(alert.button('Open')).to.exist;
    expect(alert.button('Accept')).to.equal(null);
    expect(alert.button('Reject')).to.equal(null);
  });

  it('has no Reject where the template disallows it', async () => {
    const { host, transport } = await mountHost();
    transport.push({ type: 'settings', settings: settingsWith({ chat: { allowReject: false } }) });
    transport.push({ type: 'offer', offer: makeOffer() });
    await settle(host);
    const alert = firstAlert(host);
    expect(alert.button('Accept')).to.exist;
    expect(alert.button('Reject')).to.equal(null);
  });

  it('rejecting sends reject and removes the alert', async () => {
    const { host, transport, alert, offer } = await mountOffer();
    const rejected = oneEvent(host, 'omni-reject');
    alert.button('Reject')!.click();
    await rejected;
    await settle(host);
    await settle(host);
    expect(transport.commands('reject')[0]).to.include({ offerId: offer.offerId });
    expect(shownAlerts(host)).to.have.length(0);
  });

  it('announces each offer once in one light-DOM live region', async () => {
    const { host, transport } = await mountHost();
    const offer = makeOffer({ customer: { name: 'Mina' } });
    transport.push({ type: 'offer', offer });
    transport.push({ type: 'offer', offer }); // same offer, new message id
    await settle(host);
    await nextFrame();
    const regions = host.querySelectorAll('[aria-live]');
    expect(regions).to.have.length(1);
    expect(regions[0].getRootNode()).to.equal(document);
    expect(regions[0].textContent).to.contain('Incoming chat request from Mina');
    expect(regions[0].querySelectorAll('p')).to.have.length(1);
    expect(shownAlerts(host)).to.have.length(1);
  });

  it('says what arrives within one frame in one live-region update, offers first', async () => {
    const { host, transport } = await mountHost();
    for (let i = 0; i < 20; i++) transport.push({ type: 'notice', notice: makeNotice({ customer: { name: `N${i}` } }) });
    transport.push({ type: 'offer', offer: makeOffer({ customer: { name: 'Mina' } }) });
    await settle(host);
    await nextFrame();
    const live = host.querySelector('[aria-live]')!;
    expect(live.querySelectorAll('p')).to.have.length(1);
    const text = live.textContent!;
    expect(text).to.match(/^21 new notifications\. Incoming chat request from Mina\./);
    expect(text.match(/from Mina/g)).to.have.length(1);
  });

  it('keeps the role="status" of its toasts quiet: the live region reads them, once', async () => {
    const { toast } = await mountToast({ template: hostWith({}) });
    const card = toast.status!;
    expect(card.getAttribute('aria-live')).to.equal('off');
  });

  it('never moves focus when an offer arrives or leaves', async () => {
    const input = await fixture<HTMLInputElement>(html`<input aria-label="Notes" />`);
    input.focus();
    const { host, transport } = await mountHost();
    const offer = makeOffer();
    transport.push({ type: 'offer', offer });
    await settle(host);
    expect(document.activeElement).to.equal(input);
    transport.push({ type: 'offer.revoked', offerId: offer.offerId, reason: 'customer-left' });
    await settle(host);
    expect(document.activeElement).to.equal(input);
  });

  it('leaves nothing behind in its stack as alerts and toasts come and go (lit/lit#5298)', async () => {
    const { host, transport } = await mountHost();
    const stack = host.shadowRoot!.querySelector('.stack')!;
    const comments = () => [...stack.childNodes].filter((n) => n.nodeType === Node.COMMENT_NODE).length;
    const round = async () => {
      const offers = [makeOffer(), makeOffer(), makeOffer()];
      const notices = [makeNotice(), makeNotice()];
      for (const offer of offers) transport.push({ type: 'offer', offer });
      for (const notice of notices) transport.push({ type: 'notice', notice });
      await settle(host);
      // the middle one first: the keyed list moves and removes parts
      for (const i of [1, 0, 2]) transport.push({ type: 'offer.revoked', offerId: offers[i].offerId, reason: 'customer-left' });
      for (const notice of notices) host.center.dismissNotice(notice.noticeId);
      await settle(host);
    };
    await round();
    const after1 = comments();
    for (let i = 0; i < 20; i++) await round();
    expect(alertElements(host)).to.have.length(0);
    expect(comments()).to.equal(after1); // was +100 (one end marker per removed item)
  });

  it('sends a displayed receipt for an alert on screen', async () => {
    const { transport, offer } = await mountOffer();
    expect(transport.commands('displayed')[0]).to.include({ offerId: offer.offerId, surface: 'page' });
  });
});

describe('<omni-notification-host> keyboard shortcuts', () => {
  const press = (code: string, key: string) =>
    document.body.dispatchEvent(new KeyboardEvent('keydown', { code, key, ctrlKey: true, shiftKey: true, bubbles: true, cancelable: true }));

  it('Ctrl+Shift+A accepts the offer with the nearest deadline', async () => {
    const { host, transport } = await mountHost();
    const now = Date.now();
    transport.push({ type: 'offer', offer: makeOffer({ offerId: 'b', expiresAt: now + 90_000 }) });
    transport.push({ type: 'offer', offer: makeOffer({ offerId: 'a', expiresAt: now + 60_000 }) });
    await settle(host);
    const accepted = oneEvent(host, 'omni-accept');
    press('KeyA', 'A');
    expect((await accepted).detail.offerId).to.equal('a');
  });

  it('Ctrl+Shift+R rejects it', async () => {
    const { host } = await mountOffer({ offerId: 'r' });
    const rejected = oneEvent(host, 'omni-reject');
    press('KeyR', 'R');
    expect((await rejected).detail.offerId).to.equal('r');
  });

  it('can be configured and turned off', async () => {
    const { host, transport } = await mountOffer({}, { shortcuts: 'off' });
    let fired = false;
    host.addEventListener('omni-accept', () => (fired = true));
    press('KeyA', 'A');
    await settle(host);
    expect(fired).to.equal(false);
    expect(transport.commands('accept')).to.have.length(0);

    host.shortcuts = 'on';
    host.acceptShortcut = 'Alt+Shift+Y';
    await settle(host);
    press('KeyA', 'A');
    await settle(host);
    expect(fired).to.equal(false);
    const accepted = oneEvent(host, 'omni-accept');
    document.body.dispatchEvent(new KeyboardEvent('keydown', { code: 'KeyY', key: 'Y', altKey: true, shiftKey: true, bubbles: true }));
    await accepted;
  });
});
