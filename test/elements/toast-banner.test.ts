import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type sinon from 'sinon';
import '../../src/components/notification-host/omni-notification-host.js';
import '../../src/components/missed-banner/omni-missed-banner.js';
import type { OmniMissedBanner } from '../../src/components/missed-banner/omni-missed-banner.js';
import { button, deepQuery, deepQueryAll, fakeClock, makeNotice, settle } from '../helpers.js';
import { mountHost } from './host-harness.js';

const toasts = (host: Element) => deepQueryAll(host, 'omni-toast').filter((t) => !t.hidden);

describe('<omni-toast> in the host', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => {
    clock?.restore();
    clock = undefined;
  });

  it('is a status whose body button is named by its heading, with Dismiss', async () => {
    const { host, transport } = await mountHost();
    transport.push({ type: 'notice', notice: makeNotice({ customer: { name: 'Sam Ortiz' } }) });
    await settle(host);
    expect(deepQuery(host, 'omni-toast >>> [role="status"]')).to.exist;
    const body = button(host, 'Conversation transferred', true)!;
    expect(body).to.exist;
    expect(body.textContent).to.contain('Sam Ortiz');
    expect(body.textContent).to.contain('Priya Patel');
    expect(button(host, 'Dismiss')).to.exist;
  });

  it('selecting it emits omni-toast-open, sends notice.open and removes it', async () => {
    const { host, transport } = await mountHost();
    const notice = makeNotice();
    transport.push({ type: 'notice', notice });
    await settle(host);
    const opened = oneEvent(host, 'omni-toast-open');
    button(host, 'Conversation transferred', true)!.click();
    expect((await opened).detail).to.include({ noticeId: notice.noticeId, conversationId: notice.conversationId });
    await settle(host);
    expect(transport.commands('notice.open')[0]).to.include({ noticeId: notice.noticeId });
    expect(toasts(host)).to.have.length(0);
  });

  it('Dismiss and Escape remove it', async () => {
    const { host, transport } = await mountHost();
    transport.push({ type: 'notice', notice: makeNotice() });
    transport.push({ type: 'notice', notice: makeNotice() });
    await settle(host);
    button(host, 'Dismiss')!.click();
    await settle(host);
    expect(toasts(host)).to.have.length(1);
    const dismissed = oneEvent(host, 'omni-toast-dismiss');
    const b = button(host, 'Dismiss')!;
    b.focus();
    b.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect((await dismissed).detail.reason).to.equal('dismissed');
    await settle(host);
    expect(toasts(host)).to.have.length(0);
  });

  it('goes away after its duration, paused while hovered', async () => {
    clock = fakeClock();
    const { host, transport } = await mountHost();
    transport.push({ type: 'notice', notice: makeNotice() }); // transfer: 8 s by default
    await settle(host);
    const toast = toasts(host)[0];
    clock.tick(3000);
    toast.dispatchEvent(new PointerEvent('pointerenter'));
    clock.tick(60_000);
    await settle(host);
    expect(toasts(host)).to.have.length(1);
    toast.dispatchEvent(new PointerEvent('pointerleave'));
    clock.tick(4999);
    await settle(host);
    expect(toasts(host)).to.have.length(1);
    clock.tick(1);
    await settle(host);
    expect(toasts(host)).to.have.length(0);
  });

  it('with duration 0 stays until dismissed', async () => {
    clock = fakeClock();
    const { host, transport } = await mountHost();
    host.templates = { transfer: { toastDurationSec: 0 } };
    transport.push({ type: 'notice', notice: makeNotice() });
    await settle(host);
    clock.tick(3_600_000);
    await settle(host);
    expect(toasts(host)).to.have.length(1);
  });

  it('keeps the DOM bounded under a burst of notices', async () => {
    const { host, transport } = await mountHost();
    for (let i = 0; i < 300; i++) transport.push({ type: 'notice', notice: makeNotice() });
    await settle(host);
    expect(toasts(host)).to.have.length(3);
    expect(deepQuery(host, '[part="more"]')!.textContent).to.match(/\+\d+ more/);
    expect(host.center.state.notices.length).to.be.at.most(50);
  });
});

describe('<omni-missed-banner>', () => {
  async function mountBanner() {
    const { host, transport } = await mountHost();
    const banner = await fixture<OmniMissedBanner>(html`<omni-missed-banner .center=${host.center}></omni-missed-banner>`);
    return { host, transport, banner };
  }

  it('is hidden until something is missed, then says how many and that presence is Inactive', async () => {
    const { transport, banner } = await mountBanner();
    expect(banner.hidden).to.equal(true);
    transport.push({ type: 'presence', presence: 'inactive', reason: 'missed', lastSystemPresence: 'available' });
    transport.push({ type: 'missed', missed: { count: 2, offerIds: ['a', 'b'], since: Date.now() } });
    await settle(banner);
    expect(banner.hidden).to.equal(false);
    const alert = deepQuery(banner, '[role="alert"]')!;
    expect(alert.textContent).to.contain('You missed 2 notifications');
    expect(alert.textContent).to.contain('Inactive');
    expect(button(banner, 'Reset status')).to.exist;
    expect(button(banner, 'Change status')).to.exist;
  });

  it('Reset status sends missed.ack; the banner goes when the server clears it', async () => {
    const { transport, banner } = await mountBanner();
    transport.push({ type: 'missed', missed: { count: 1, offerIds: ['a'], since: Date.now() } });
    await settle(banner);
    button(banner, 'Reset status')!.click();
    await settle(banner);
    expect(transport.commands('missed.ack')).to.have.length(1);
    transport.push({ type: 'missed', missed: null });
    await settle(banner);
    expect(banner.hidden).to.equal(true);
  });

  it('Change status lists presences and sets the chosen one', async () => {
    const { transport, banner } = await mountBanner();
    transport.push({ type: 'missed', missed: { count: 1, offerIds: ['a'], since: Date.now() } });
    await settle(banner);
    const change = button(banner, 'Change status')!;
    expect(change.getAttribute('aria-expanded')).to.equal('false');
    change.click();
    await settle(banner);
    expect(change.getAttribute('aria-expanded')).to.equal('true');
    button(banner, 'Busy')!.click();
    await settle(banner);
    expect(transport.commands('presence.set')[0]).to.include({ presence: 'busy' });
  });

  it('works inside the host through context', async () => {
    const { host } = await mountHost({
      template: html`<omni-notification-host><omni-missed-banner></omni-missed-banner></omni-notification-host>`,
      hello: { missed: { count: 3, offerIds: ['a', 'b', 'c'], since: Date.now() } },
    });
    const banner = host.querySelector('omni-missed-banner')!;
    expect(banner.hidden).to.equal(false);
    expect(deepQuery(banner, '[role="alert"]')!.textContent).to.contain('You missed 3 notifications');
  });
});
