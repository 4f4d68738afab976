import { expect, oneEvent } from '@open-wc/testing';
import type sinon from 'sinon';
import { deepQuery, fakeClock, makeNotice, settle } from '../helpers.js';
import { mountHost } from './host-harness.js';
import { firstToast, mountToast, shownToasts } from './toast-harness.js';
import { mountBanner } from './banner-harness.js';

describe('<omni-toast> in the host', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => {
    clock?.restore();
    clock = undefined;
  });

  it('is a status whose body button is named by its heading, with Dismiss', async () => {
    const { toast } = await mountToast({ notice: { customer: { name: 'Sam Ortiz' } } });
    expect(toast.status).to.exist;
    const body = toast.button('Conversation transferred', true)!;
    expect(body).to.exist;
    expect(body.textContent).to.contain('Sam Ortiz');
    expect(body.textContent).to.contain('Priya Patel');
    expect(toast.button('Dismiss')).to.exist;
  });

  it('selecting it emits omni-toast-open, sends notice.open and removes it', async () => {
    const { host, transport, toast, notice } = await mountToast();
    const opened = oneEvent(host, 'omni-toast-open');
    toast.button('Conversation transferred', true)!.click();
    expect((await opened).detail).to.include({ noticeId: notice.noticeId, conversationId: notice.conversationId });
    await settle(host);
    expect(transport.commands('notice.open')[0]).to.include({ noticeId: notice.noticeId });
    expect(shownToasts(host)).to.have.length(0);
  });

  it('Dismiss and Escape remove it', async () => {
    const { host, transport } = await mountHost();
    transport.push({ type: 'notice', notice: makeNotice() });
    transport.push({ type: 'notice', notice: makeNotice() });
    await settle(host);
    const toast = firstToast(host);
    toast.button('Dismiss')!.click();
    await settle(host);
    expect(shownToasts(host)).to.have.length(1);
    const dismissed = oneEvent(host, 'omni-toast-dismiss');
    const b = toast.button('Dismiss')!;
    b.focus();
    b.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect((await dismissed).detail.reason).to.equal('dismissed');
    await settle(host);
    expect(shownToasts(host)).to.have.length(0);
  });

  it('goes away after its duration, paused while hovered', async () => {
    clock = fakeClock();
    const { host } = await mountToast(); // transfer: 8 s by default
    const toast = shownToasts(host)[0].element!;
    clock.tick(3000);
    toast.dispatchEvent(new PointerEvent('pointerenter'));
    clock.tick(60_000);
    await settle(host);
    expect(shownToasts(host)).to.have.length(1);
    toast.dispatchEvent(new PointerEvent('pointerleave'));
    clock.tick(4999);
    await settle(host);
    expect(shownToasts(host)).to.have.length(1);
    clock.tick(1);
    await settle(host);
    expect(shownToasts(host)).to.have.length(0);
  });

  it('with duration 0 stays until dismissed', async () => {
    clock = fakeClock();
    const { host, transport } = await mountHost();
    host.templates = { transfer: { toastDurationSec: 0 } };
    transport.push({ type: 'notice', notice: makeNotice() });
    await settle(host);
    clock.tick(3_600_000);
    await settle(host);
    expect(shownToasts(host)).to.have.length(1);
  });

  it('keeps the DOM bounded under a burst of notices', async () => {
    const { host, transport } = await mountHost();
    for (let i = 0; i < 300; i++) transport.push({ type: 'notice', notice: makeNotice() });
    await settle(host);
    expect(shownToasts(host)).to.have.length(3);
    expect(deepQuery(host, '[part="more"]')!.textContent).to.match(/\+\d+ more/);
    expect(host.center.state.notices.length).to.be.at.most(50);
  });
});

describe('<omni-missed-banner>', () => {
  it('is hidden until something is missed, then says how many and that presence is Inactive', async () => {
    const { transport, banner } = await mountBanner();
    expect(banner.hidden).to.equal(true);
    transport.push({ type: 'presence', presence: 'inactive', reason: 'missed', lastSystemPresence: 'available' });
    transport.push({ type: 'missed', missed: { count: 2, offerIds: ['a', 'b'], since: Date.now() } });
    await settle(banner.element);
    expect(banner.hidden).to.equal(false);
    const alert = banner.message!;
    expect(alert.textContent).to.contain('You missed 2 notifications');
    expect(alert.textContent).to.contain('Inactive');
    expect(banner.button('Reset status')).to.exist;
    expect(banner.button('Change status')).to.exist;
  });

  it('Reset status sends missed.ack; the banner goes when the server clears it', async () => {
    const { transport, banner } = await mountBanner();
    transport.push({ type: 'missed', missed: { count: 1, offerIds: ['a'], since: Date.now() } });
    await settle(banner.element);
    banner.button('Reset status')!.click();
    await settle(banner.element);
    expect(transport.commands('missed.ack')).to.have.length(1);
    transport.push({ type: 'missed', missed: null });
    await settle(banner.element);
    expect(banner.hidden).to.equal(true);
  });

  it('Change status lists presences and sets the chosen one', async () => {
    const { transport, banner } = await mountBanner();
    transport.push({ type: 'missed', missed: { count: 1, offerIds: ['a'], since: Date.now() } });
    await settle(banner.element);
    const change = banner.button('Change status')!;
    expect(change.getAttribute('aria-expanded')).to.equal('false');
    change.click();
    await settle(banner.element);
    expect(change.getAttribute('aria-expanded')).to.equal('true');
    banner.button('Busy')!.click();
    await settle(banner.element);
    expect(transport.commands('presence.set')[0]).to.include({ presence: 'busy' });
  });

  it('works inside the host through context', async () => {
    const { banner } = await mountBanner({ inside: true, hello: { missed: { count: 3, offerIds: ['a', 'b', 'c'], since: Date.now() } } });
    expect(banner.hidden).to.equal(false);
    expect(banner.message!.textContent).to.contain('You missed 3 notifications');
  });
});
