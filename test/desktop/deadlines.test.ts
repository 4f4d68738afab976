import { expect, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { settle } from '../helpers.js';
import { mount, newOffer, snapshot, until } from './harness.js';
import { agentId, allowOrSkip, clearNotifications, expectLate, closeTabs, cover, env, notifications, openTab, probe, seen, spyOnPlainNotifications, tabEval, tabPush, tabSnapshot, uncover } from './tabs.js';

/**
 * Real time is the point here: real short deadlines on really hidden or
 * frozen pages. (The test runner's Chromium runs with background timer
 * throttling off; scripts/bench-hidden.mjs measures with it on, hidden for
 * over a minute.)
 */
const windowState = (state: 'minimized' | 'normal', id: string | null = null) => executeServerCommand('omni-tab-window', { id, state });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('deadlines in a hidden tab', function () {
  this.timeout(60_000);
  const title = document.title;
  before(async () => {
    await probe();
    spyOnPlainNotifications();
  });
  afterEach(async () => {
    await closeTabs();
    await windowState('normal');
    await clearNotifications();
    document.querySelectorAll('omni-notification-host').forEach((h) => h.remove());
    document.title = title;
  });

  it('the alert and its desktop notification go within a second of a real 3 s deadline, the page hidden by another tab', async function () {
    await allowOrSkip(this);
    const agent = agentId();
    const { host, transport } = await mount(agent);
    await until(() => host.tabs!.roles.leader, 'leadership');
    await openTab(agent, { desktop: 'never' });
    await until(() => document.visibilityState === 'hidden', 'this page to be hidden');
    // Shown whatever the agent looks at, so that this (hidden) tab's notification is the one to watch.
    host.desktop = 'always';
    const offer = newOffer({ expiresAt: Date.now() + 3000 });
    const timedOut = oneEvent(host, 'omni-timeout');
    transport.push({ type: 'offer', offer });
    await until(() => transport.commands('displayed').some((c) => c.surface === 'desktop'), 'the notification');
    await timedOut;
    const alertLate = Date.now() - offer.expiresAt;
    await until(async () => !(await seen(offer.offerId)), 'the notification to close');
    const notificationLate = Date.now() - offer.expiresAt;
    await settle(host);
    expect(snapshot(host).alerts).to.deep.equal([]);
    expectLate('hidden tab, alert', alertLate);
    expectLate('hidden tab, desktop notification', notificationLate);
  });

  it('the worker closes a notification at its deadline even when no tab of the agent is left', async function () {
    await allowOrSkip(this);
    const tab = await openTab(agentId(), { desktop: 'always' }, 'window');
    const offer = newOffer({ expiresAt: Date.now() + 2500 });
    await tabPush(tab, { type: 'offer', offer });
    await until(async () => (await tabEval<unknown[]>(tab, `omniTab.commands('displayed').filter((c) => c.surface === 'desktop')`)).length === 1, 'the notification');
    const viaWorker = (await notifications(offer.offerId)).length === 1;
    await executeServerCommand('omni-tab-close', { id: tab });
    if (!viaWorker) {
      // A plain notification (no worker here) belongs to its page and goes with it.
      expect(env.cdp, 'Chromium shows it through the worker').to.equal(false);
      return;
    }
    expect(await notifications(offer.offerId)).to.have.length(1);
    await until(async () => (await notifications(offer.offerId)).length === 0, 'the worker to close it');
    expectLate('no tab left, the worker closes the notification', Date.now() - offer.expiresAt);
  });

  it('a tab frozen past a deadline shows the right remaining time the moment it resumes', async () => {
    const agent = agentId();
    const tab = await openTab(agent);
    if (!env.cdp) {
      // Freezing a page takes CDP (Chromium); elsewhere the command says it cannot.
      expect(await executeServerCommand('omni-lifecycle', { id: tab, state: 'frozen' })).to.equal(false);
      return;
    }
    await windowState('minimized', tab);
    const now = Date.now();
    const soon = newOffer({ expiresAt: now + 1500 });
    const later = newOffer({ expiresAt: now + 60_000 });
    await tabPush(tab, { type: 'offer', offer: soon });
    await tabPush(tab, { type: 'offer', offer: later });
    expect((await tabSnapshot(tab)).alerts).to.deep.equal([soon.offerId, later.offerId]);
    const frozen = await executeServerCommand('omni-lifecycle', { id: tab, state: 'frozen' });
    expect(frozen, 'CDP freezes the page').to.equal(true);
    await sleep(3000); // frozen for 3 s of real time: no timer of that page runs
    await executeServerCommand('omni-lifecycle', { id: tab, state: 'active' });
    const s = await tabSnapshot(tab);
    expect(s.alerts).to.deep.equal([later.offerId]);
    const left = Math.ceil((later.expiresAt - s.at) / 1000);
    const shown = Number(s.countdown.split(':')[1]);
    expect(shown, `countdown ${s.countdown}, 0:${left} left`).to.be.within(left, left + 1);
    expect(await tabEval(tab, `omniTab.commands('displayed').length`)).to.be.greaterThan(0);
  });

  it('flashes the title while hidden, follows the page’s own title changes, and restores it when seen', async () => {
    document.title = 'CRM';
    const { host, transport } = await mount(agentId());
    const front = await cover();
    // Every title the page shows, as it is set: polling a hidden page (its timers throttled to
    // about one a second, as the flashing is) could keep missing one phase of the flash.
    const titles = recordTitles();
    const showed = (test: (t: string) => boolean, what: string) => until(() => titles.seen.some(test), what);
    try {
      transport.push({ type: 'offer', offer: newOffer() });
      await showed((t) => t === '(1) Incoming chat request', 'the flashing title');
      titles.seen.length = 0;
      await showed((t) => t === 'CRM', 'the page title between flashes');
      transport.push({ type: 'offer', offer: newOffer({ scenario: 'sms', channel: 'sms', templateId: 'sms' }) });
      await showed((t) => /^\(2\) /.test(t), 'the count');
      document.title = 'CRM – Case 42'; // the page renames itself meanwhile
      titles.seen.length = 0;
      await showed((t) => t.startsWith('(2)'), 'flashing on');
    } finally {
      titles.stop();
    }
    await uncover(front);
    await until(() => document.title === 'CRM – Case 42', 'the page title back');
    await sleep(1500); // longer than a flash period: it stays
    expect(document.title).to.equal('CRM – Case 42');
    expect(snapshot(host).alerts).to.have.length(2);
  });
});

/** Records document.title each time it changes (a MutationObserver on <head>, which sees the page's own <title> too). */
function recordTitles(): { seen: string[]; stop: () => void } {
  const seen: string[] = [document.title];
  const observer = new MutationObserver(() => {
    if (seen[seen.length - 1] !== document.title) seen.push(document.title);
  });
  observer.observe(document.head, { subtree: true, childList: true, characterData: true });
  return { seen, stop: () => observer.disconnect() };
}
