import { expect, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { OmniNotificationHost } from '../../src/components/notification-host/omni-notification-host.js';
import { button, settingsWith, settle } from '../helpers.js';
import { mount, newOffer, snapshot, until, type Mounted } from './harness.js';
import { agentId, allowOrSkip, clearNotifications, expectLate, clickPlain, closeTabs, cover, env, look, probe, seen, spyOnPlainNotifications, uncover, workerAvailable } from './tabs.js';

/**
 * Desktop notifications of one tab. Through the omni-notify worker where it
 * registers (Chromium); elsewhere (Firefox's test profile refuses service
 * workers) the same tests see the plain-notification fallback: no buttons,
 * and a click on the body instead of on Accept / Reject.
 */
const desktopReceipts = (m: Mounted) => m.transport.commands('displayed').filter((c) => c.surface === 'desktop');
const clickSw = (tag: string, action: string) => executeServerCommand('omni-sw-click', { tag, action }) as Promise<boolean>;

/** A host that leads its (only) tab, on a page hidden behind another tab. */
async function hiddenHost(attrs: Record<string, string> = {}): Promise<Mounted> {
  const m = await mount(agentId(), attrs);
  await until(() => m.host.tabs!.roles.leader, 'leadership');
  await cover();
  return m;
}

const waitShown = async (tag: string) => {
  await until(async () => !!(await seen(tag)), `the notification ${tag}`);
  return (await seen(tag))!;
};
const waitGone = (tag: string) => until(async () => !(await seen(tag)), `the notification ${tag} to close`);

describe('desktop notifications', function () {
  // The first test registers the real worker.
  this.timeout(60_000);
  let worker = false;

  // Allowed once and never taken back: the other desktop test files run at the same time on
  // this origin. The permission states are tested on another origin (permission.test.ts).
  before(async function () {
    await probe();
    spyOnPlainNotifications();
    await allowOrSkip(this); // WebKit: every test here is skipped, each with the reason printed
    worker = await workerAvailable();
    expect(worker || !env.cdp, 'Chromium registers the worker').to.equal(true);
  });
  afterEach(async () => {
    await closeTabs();
    await executeServerCommand('omni-tab-window', { state: 'normal' });
    await clearNotifications();
    document.querySelectorAll('omni-notification-host').forEach((h) => h.remove());
  });

  it('is shown while the page is hidden: one per offer, tagged with its id, with Accept and Reject where the browser has buttons, and receipted', async () => {
    const m = await hiddenHost();
    const offer = newOffer({ customer: { name: 'Dana Whitfield' }, comment: 'My order has not arrived' });
    m.transport.push({ type: 'offer', offer });
    const n = await waitShown(offer.offerId);
    expect(n.title).to.equal('Incoming chat request');
    expect(n.body).to.contain('Dana Whitfield').and.contain('My order has not arrived');
    expect(n.requireInteraction).to.equal(true);
    expect(m.host.desktopNotifier!.actions).to.equal(worker && (Notification as unknown as { maxActions?: number }).maxActions! >= 2);
    // Chromium lists a notification's buttons; Firefox shows them but does not list them.
    if (env.cdp) {
      expect(n.actions.map((a) => [a.action, a.title])).to.deep.equal([
        ['accept', 'Accept'],
        ['reject', 'Reject'],
      ]);
    }
    await until(() => desktopReceipts(m).length === 1, 'the desktop receipt');
    expect(desktopReceipts(m)[0]).to.include({ offerId: offer.offerId });
  });

  it('reads Open and has no Reject for auto-assigned work', async () => {
    const m = await hiddenHost();
    const offer = newOffer({ autoAssign: true });
    m.transport.push({ type: 'offer', offer });
    const n = await waitShown(offer.offerId);
    expect(n.actions.map((a) => a.title)).to.deep.equal(env.cdp ? ['Open'] : []);
  });

  it('closes when the agent accepts in the page', async () => {
    const m = await hiddenHost();
    const offer = newOffer();
    m.transport.push({ type: 'offer', offer });
    await waitShown(offer.offerId);
    button(m.host, 'Accept')!.click();
    await waitGone(offer.offerId);
    expect(m.transport.commands('accept')).to.have.length(1);
  });

  it('closes when the server revokes the offer', async () => {
    const m = await hiddenHost();
    const offer = newOffer();
    m.transport.push({ type: 'offer', offer });
    await waitShown(offer.offerId);
    m.transport.push({ type: 'offer.revoked', offerId: offer.offerId, reason: 'accepted-elsewhere' });
    await waitGone(offer.offerId);
  });

  it('closes at the deadline, with the alert (a real 2 s deadline)', async () => {
    const m = await hiddenHost();
    const offer = newOffer({ expiresAt: Date.now() + 2000 });
    const timedOut = oneEvent(m.host, 'omni-timeout');
    m.transport.push({ type: 'offer', offer });
    await until(() => desktopReceipts(m).length === 1, 'the notification');
    await timedOut;
    const late = Date.now() - offer.expiresAt;
    await waitGone(offer.offerId);
    expectLate('desktop notification closes at the deadline', late);
    expect(snapshot(m.host).alerts).to.deep.equal([]);
  });

  it('Accept on the notification accepts the offer as the in-page button does', async () => {
    const m = await hiddenHost();
    const offer = newOffer();
    m.transport.push({ type: 'offer', offer });
    await waitShown(offer.offerId);
    if (!env.cdp) {
      // The click is dispatched in the worker over CDP: Chromium only. Elsewhere the command says so.
      expect(await clickSw(offer.offerId, 'accept')).to.equal(false);
      return;
    }
    const accepted = oneEvent(m.host, 'omni-accept');
    expect(await clickSw(offer.offerId, 'accept')).to.equal(true);
    expect((await accepted).detail).to.deep.equal({ offerId: offer.offerId, conversationId: offer.conversationId });
    await until(() => m.transport.commands('accept').length === 1, 'the accept command');
    expect(m.transport.commands('accept')[0]).to.include({ offerId: offer.offerId });
    await until(() => snapshot(m.host).alerts.length === 0, 'the alert to go');
    await waitGone(offer.offerId);
    expect(m.transport.commands('reject')).to.have.length(0);
  });

  it('Reject on the notification rejects the offer', async () => {
    const m = await hiddenHost();
    const offer = newOffer();
    m.transport.push({ type: 'offer', offer });
    await waitShown(offer.offerId);
    if (!env.cdp) {
      expect(await clickSw(offer.offerId, 'reject')).to.equal(false);
      return;
    }
    const rejected = oneEvent(m.host, 'omni-reject');
    await clickSw(offer.offerId, 'reject');
    expect((await rejected).detail.offerId).to.equal(offer.offerId);
    await until(() => m.transport.commands('reject').length === 1, 'the reject command');
    await until(() => snapshot(m.host).alerts.length === 0, 'the alert to go');
  });

  describe('with decline reasons configured', () => {
    const withReasons = async (rejectReasons: string[]) => {
      const m = await hiddenHost();
      m.transport.push({ type: 'settings', settings: settingsWith({}, { rejectReasons }) });
      const offer = newOffer();
      m.transport.push({ type: 'offer', offer });
      return { m, offer, n: await waitShown(offer.offerId) };
    };
    const maxActions = () => (Notification as unknown as { maxActions?: number }).maxActions ?? 0;

    it('has one Reject button per reason where they fit beside Accept, and that button sends its reason', async () => {
      const { m, offer, n } = await withReasons(['Wrong skill']);
      // Chromium lists a notification's buttons and lets the test click one (CDP); Firefox does neither.
      if (!env.cdp) return;
      expect(worker && maxActions() >= 2, 'Chromium has buttons').to.equal(true);
      expect(n.actions.map(({ action, title }) => ({ action, title }))).to.deep.equal([
        { action: 'accept', title: 'Accept' },
        { action: 'reject:0', title: 'Reject: Wrong skill' },
      ]);
      const rejected = oneEvent(m.host, 'omni-reject');
      expect(await clickSw(offer.offerId, 'reject:0')).to.equal(true);
      expect((await rejected).detail).to.include({ offerId: offer.offerId, reason: 'Wrong skill' });
      await until(() => m.transport.commands('reject').length === 1, 'the reject command');
      expect(m.transport.commands('reject')[0]).to.include({ offerId: offer.offerId, reason: 'Wrong skill' });
    });

    it('has the one Reject button when the reasons do not fit: it rejects without a reason (the server records the administrator’s default), no menu left open', async () => {
      const { m, offer, n } = await withReasons(['Busy with another customer', 'Wrong skill', 'Ending my shift']);
      if (!env.cdp) return;
      expect(n.actions.map((a) => a.action)).to.deep.equal(['accept', 'reject']);
      expect(await clickSw(offer.offerId, 'reject')).to.equal(true);
      await until(() => m.transport.commands('reject').length === 1, 'the reject command');
      expect(m.transport.commands('reject')[0]).not.to.have.property('reason');
      await until(() => snapshot(m.host).alerts.length === 0, 'the alert to go');
    });
  });

  it('a click on the body answers nothing: the notification closes, the in-app alert stays', async () => {
    const m = await hiddenHost();
    const offer = newOffer();
    m.transport.push({ type: 'offer', offer });
    await waitShown(offer.offerId);
    if (worker && !env.cdp) {
      expect(await clickSw(offer.offerId, '')).to.equal(false);
      return;
    }
    expect(worker ? await clickSw(offer.offerId, '') : clickPlain(offer.offerId)).to.equal(true);
    await waitGone(offer.offerId);
    await settle(m.host);
    expect(snapshot(m.host).alerts).to.deep.equal([offer.offerId]);
    expect(m.transport.commands('accept')).to.have.length(0);
    expect(m.transport.commands('reject')).to.have.length(0);
  });

  it('has no wait time and no deadline when Show Timeout is No', async () => {
    const m = await hiddenHost();
    m.transport.push({ type: 'settings', settings: settingsWith({ chat: { showTimeout: false } }) });
    const hiddenTime = newOffer({ queuedAt: Date.now() - 65_500 });
    m.transport.push({ type: 'offer', offer: hiddenTime });
    const n = await waitShown(hiddenTime.offerId);
    expect(n.body).to.not.contain('Wait time').and.not.contain('1:05').and.not.contain('Answer within');

    m.transport.push({ type: 'settings', settings: settingsWith({ chat: { showTimeout: true } }) });
    // Half a second off the whole seconds, so that a few ms either way still read 1:05 and 1:59.
    const shownTime = newOffer({ queuedAt: Date.now() - 65_500, expiresAt: Date.now() + 119_500 });
    m.transport.push({ type: 'offer', offer: shownTime });
    const n2 = await waitShown(shownTime.offerId);
    expect(n2.body).to.contain('Wait time: 1:05').and.contain('Answer within 1:59');
  });

  it('without the worker script: a plain notification (no buttons), still one per offer', async () => {
    const m = await hiddenHost({ worker: '' });
    expect(m.host.desktopNotifier!.actions).to.equal(false);
    const offer = newOffer();
    m.transport.push({ type: 'offer', offer });
    await until(() => desktopReceipts(m).length === 1, 'the desktop receipt');
    const n = await waitShown(offer.offerId);
    expect(n.actions).to.deep.equal([]);
    m.transport.push({ type: 'offer.revoked', offerId: offer.offerId, reason: 'customer-left' });
    await waitGone(offer.offerId);
  });

  describe('the desktop setting', () => {
    it('background (the default): nothing while the agent looks at the page', async () => {
      const m = await mount(agentId());
      await until(() => m.host.tabs!.roles.leader, 'leadership');
      await look();
      // An `always` template after it proves the decision for the first was made.
      m.transport.push({ type: 'settings', settings: settingsWith({ voice: { desktop: 'always' } }) });
      const quiet = newOffer();
      const loud = newOffer({ scenario: 'voice', channel: 'voice', templateId: 'voice' });
      m.transport.push({ type: 'offer', offer: quiet });
      m.transport.push({ type: 'offer', offer: loud });
      await waitShown(loud.offerId);
      expect(await seen(quiet.offerId)).to.equal(undefined);
    });

    it('background: shown for a pending offer once the agent leaves the page', async () => {
      const m = await mount(agentId());
      await until(() => m.host.tabs!.roles.leader, 'leadership');
      await look();
      const offer = newOffer();
      m.transport.push({ type: 'offer', offer });
      await settle(m.host);
      expect(await seen(offer.offerId)).to.equal(undefined);
      const front = await cover();
      await waitShown(offer.offerId);
      // Back to the page: it stays (closed only when the offer is answered or gone), and is not shown again.
      await uncover(front);
      expect(desktopReceipts(m)).to.have.length(1);
    });

    it('always: shown even while the agent looks at the page', async () => {
      const m = await mount(agentId());
      await until(() => m.host.tabs!.roles.leader, 'leadership');
      m.transport.push({ type: 'settings', settings: settingsWith({ chat: { desktop: 'always' } }) });
      const offer = newOffer();
      m.transport.push({ type: 'offer', offer });
      await waitShown(offer.offerId);
      expect(document.visibilityState).to.equal('visible');
    });

    it('never: nothing, even hidden', async () => {
      const m = await hiddenHost();
      m.transport.push({ type: 'settings', settings: settingsWith({ chat: { desktop: 'never' }, voice: { desktop: 'always' } }) });
      const quiet = newOffer();
      const loud = newOffer({ scenario: 'voice', channel: 'voice', templateId: 'voice' });
      m.transport.push({ type: 'offer', offer: quiet });
      m.transport.push({ type: 'offer', offer: loud });
      await waitShown(loud.offerId);
      expect(await seen(quiet.offerId)).to.equal(undefined);
    });

    it('the host attribute overrides every template', async () => {
      const m = await hiddenHost({ desktop: 'never' });
      m.transport.push({ type: 'settings', settings: settingsWith({ chat: { desktop: 'always' } }) });
      const offer = newOffer();
      m.transport.push({ type: 'offer', offer });
      await settle(m.host);
      expect(await seen(offer.offerId)).to.equal(undefined);
      // The same offer is shown as soon as the host allows it: the decision was the attribute's.
      m.host.desktop = 'background';
      await waitShown(offer.offerId);
    });
  });

  it('where the browser has no notifications: says so, and the alert, title and sound carry on', async () => {
    const original = Object.getOwnPropertyDescriptor(window, 'Notification')!;
    Object.defineProperty(window, 'Notification', { value: undefined, configurable: true, writable: true });
    let host: OmniNotificationHost;
    try {
      const m = await mount(agentId());
      host = m.host;
      m.transport.push({ type: 'offer', offer: newOffer() });
      await settle(host);
      expect(host.desktopNotifier!.permission).to.equal('unsupported');
      expect(snapshot(host).desktopChip).to.contain('no desktop notifications');
      expect(snapshot(host).alerts).to.have.length(1);
    } finally {
      Object.defineProperty(window, 'Notification', original);
    }
  });
});
