import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { Offer } from '../../src/services/protocol/types.js';
import { mount, newOffer, snapshot, until, type Mounted, type Snapshot } from './harness.js';
import {
  agentId,
  allowOrSkip,
  audioRuns,
  clearNotifications,
  closeTabs,
  cover,
  env,
  notifications,
  openTab,
  probe,
  tabEval,
  tabPush,
  tabSnapshot,
  workerAvailable,
} from './tabs.js';

/**
 * Several tabs of one agent in one browser context: the test page is one of
 * them, the others are tab.html pages opened over server commands. A tab
 * opened from this page goes in front of it, in its window: this page is
 * then really hidden.
 */
const desktopReceipts = async (m: Mounted | null, tabs: string[]) => {
  const own = m ? m.transport.commands('displayed').filter((c) => c.surface === 'desktop').length : 0;
  const others = await Promise.all(
    tabs.map((id) => tabEval<Array<Record<string, unknown>>>(id, `omniTab.commands('displayed')`).then((cs) => cs.filter((c) => c.surface === 'desktop').length)),
  );
  return own + others.reduce((a, b) => a + b, 0);
};
const all = async (m: Mounted | null, tabs: string[]): Promise<Snapshot[]> => [...(m ? [snapshot(m.host)] : []), ...(await Promise.all(tabs.map(tabSnapshot)))];
const offerEverywhere = async (m: Mounted | null, tabs: string[], offer: Offer) => {
  m?.transport.push({ type: 'offer', offer });
  for (const id of tabs) await tabPush(id, { type: 'offer', offer });
};
const count = (snaps: Snapshot[], key: 'ringing' | 'leader' | 'ringer') => snaps.filter((s) => s[key]).length;

describe('tabs of one agent', function () {
  this.timeout(60_000);
  let worker = false;
  let sound = false;
  before(async () => {
    await probe();
    await executeServerCommand('omni-permission', { setting: 'granted' });
    // What the OS shows is checked where the worker shows it reliably (Chromium; headless Firefox
    // here refuses some registrations, and a tab then shows a plain notification). The desktop
    // receipts count what every tab showed, either way.
    worker = env.cdp && (await workerAvailable());
    sound = await audioRuns();
  });
  afterEach(async () => {
    await closeTabs();
    await executeServerCommand('omni-tab-window', { state: 'normal' });
    await clearNotifications();
    document.querySelectorAll('omni-notification-host').forEach((h) => h.remove());
  });

  it('opening a second tab really hides the first', async () => {
    const agent = agentId();
    await mount(agent);
    expect(document.visibilityState).to.equal('visible');
    const b = await openTab(agent);
    await until(() => document.visibilityState === 'hidden', 'this page to be hidden');
    expect((await tabSnapshot(b)).hidden).to.equal(false);
  });

  it('two tabs: both show the alert; one desktop notification and one ringer between them', async function () {
    await allowOrSkip(this); // counts desktop notifications
    const agent = agentId();
    const a = await mount(agent);
    const b = await openTab(agent);
    await cover(); // the agent is elsewhere: both tabs hidden
    await until(async () => (await tabSnapshot(b)).hidden && document.visibilityState === 'hidden', 'both tabs hidden');
    const offer = newOffer();
    await offerEverywhere(a, [b], offer);
    await until(async () => (await desktopReceipts(a, [b])) === 1, 'one desktop notification');
    if (worker) await until(async () => (await notifications(offer.offerId)).length === 1, 'the notification');
    if (sound) await until(async () => count(await all(a, [b]), 'ringing') === 1, 'one ringing tab');
    const snaps = await all(a, [b]);
    expect(snaps.map((s) => s.alerts)).to.deep.equal([[offer.offerId], [offer.offerId]]);
    expect(count(snaps, 'leader')).to.equal(1);
    // Where audio plays, one tab rings; where it cannot (no audio output), none does.
    expect(count(snaps, 'ringing')).to.equal(sound ? 1 : 0);
    expect(count(snaps, 'ringer')).to.equal(sound ? 1 : 0);
    // Nothing more arrives later: the other tab decided at once, the leader once.
    expect(await desktopReceipts(a, [b])).to.equal(1);
  });

  it('three tabs: accepting in one removes the alert and the notification in all', async function () {
    await allowOrSkip(this); // counts desktop notifications
    const agent = agentId();
    const a = await mount(agent);
    const b = await openTab(agent);
    const c = await openTab(agent);
    await cover();
    const offer = newOffer();
    await offerEverywhere(a, [b, c], offer);
    await until(async () => (await desktopReceipts(a, [b, c])) === 1, 'the notification');
    await tabEval(c, `omniTab.click('Accept')`);
    await until(async () => (await all(a, [b, c])).every((s) => s.alerts.length === 0), 'the alert to go from every tab');
    if (worker) await until(async () => (await notifications(offer.offerId)).length === 0, 'the notification to close');
    // Only the tab that accepted said so to the server; the others were told by it, not by the server.
    expect(a.transport.commands('accept')).to.have.length(0);
    expect(await tabEval(b, `omniTab.commands('accept').length`)).to.equal(0);
    expect(await tabEval(c, `omniTab.commands('accept').length`)).to.equal(1);
    expect(count(await all(a, [b, c]), 'ringing')).to.equal(0);
  });

  for (const how of ['closes', 'crashes'] as const) {
    it(`when the leading tab ${how}, another takes over within a second and nothing is shown twice`, async function () {
      await allowOrSkip(this); // counts desktop notifications
      const agent = agentId();
      // Windows, not tabs of this page: a tab opened from this page shares its renderer, and a crash would take this page too.
      // `always`: shown whoever looks, so that only leadership decides.
      const first = await openTab(agent, { desktop: 'always' }, 'window'); // leads: it asked first
      const second = await openTab(agent, { desktop: 'always' }, 'window');
      const a = await mount(agent, { desktop: 'always' });
      await until(async () => (await tabSnapshot(first)).leader, 'the first tab to lead');
      const offer = newOffer();
      // The first tab hears of it first, so it also rings (where audio plays).
      await offerEverywhere(null, [first], offer);
      if (sound) await until(async () => (await tabSnapshot(first)).ringing, 'the first tab to ring');
      await offerEverywhere(a, [second], offer);
      await until(async () => (await desktopReceipts(null, [first])) === 1, 'the leader to show it');

      const t0 = performance.now();
      const ended = await executeServerCommand('omni-tab-close', { id: first, crash: how === 'crashes' });
      // Crashing a renderer takes CDP (Chromium); elsewhere the command closes the tab and says so.
      expect(ended).to.equal(how === 'crashes' && env.cdp ? 'crashed' : 'closed');
      await until(async () => count(await all(a, [second]), 'leader') === 1, 'a new leader');
      if (sound) await until(async () => count(await all(a, [second]), 'ringing') === 1, 'a new ringer');
      const took = performance.now() - t0;
      // The goal is ≤ 1 s (it takes ~0.3 s on an idle machine); the figure is printed, and the
      // test only bounds it, since `took` also counts the close command's own round trip and a
      // loaded CI machine (CONVENTIONS: speed goals live in figures, not in timing assertions).
      console.log(`tab failover (${how}): ${Math.round(took)} ms (goal ≤ 1000 ms)`);
      expect(took, `failover took ${Math.round(took)} ms`).to.be.below(10_000);

      // The notification the first tab showed is still the only one; nobody shows it again.
      if (worker) expect(await notifications(offer.offerId)).to.have.length(1);
      expect(await desktopReceipts(a, [second])).to.equal(0);
      // The new leader shows the next offer.
      const next = newOffer();
      await offerEverywhere(a, [second], next);
      await until(async () => (await desktopReceipts(a, [second])) === 1, 'the new leader to show the next offer');
      expect(count(await all(a, [second]), 'leader')).to.equal(1);
    });
  }

  it('a tab that cannot hear the server follows the others for presence and the missed banner', async () => {
    const agent = agentId();
    const a = await mount(agent);
    const b = await openTab(agent);
    await tabEval(b, `omniTab.connection('reconnecting')`);
    a.transport.push({ type: 'presence', presence: 'inactive', reason: 'missed', lastSystemPresence: 'available' });
    a.transport.push({ type: 'missed', missed: { count: 2, offerIds: ['x', 'y'], since: Date.now() } });
    await until(async () => (await tabSnapshot(b)).missed === 2 && (await tabSnapshot(b)).presence === 'inactive', 'the other tab to follow');
    // Reset in this tab: the other follows too.
    a.transport.push({ type: 'presence', presence: 'available', reason: 'agent', lastSystemPresence: 'available' });
    a.transport.push({ type: 'missed', missed: null });
    await until(async () => (await tabSnapshot(b)).missed === 0 && (await tabSnapshot(b)).presence === 'available', 'the reset to reach it');
  });

  it('a connected tab keeps what its own server says', async () => {
    const agent = agentId();
    const a = await mount(agent);
    const b = await openTab(agent);
    a.transport.push({ type: 'missed', missed: { count: 1, offerIds: ['x'], since: Date.now() } });
    // A revocation this tab relays after it travels on the same channel: once it has arrived, so has the missed state.
    const offer = newOffer();
    await offerEverywhere(a, [b], offer);
    a.transport.push({ type: 'offer.revoked', offerId: offer.offerId, reason: 'rejected' });
    await until(async () => (await tabSnapshot(b)).alerts.length === 0, 'the relayed revocation');
    expect((await tabSnapshot(b)).missed).to.equal(0);
  });

  it('messages from other tabs are checked like network frames', async () => {
    const agent = agentId();
    const a = await mount(agent);
    const offer = newOffer();
    a.transport.push({ type: 'offer', offer });
    await until(() => snapshot(a.host).alerts.length === 1, 'the alert');
    const errors: string[] = [];
    a.host.addEventListener('omni-error', (e) => errors.push(e.detail.code));
    const channel = new BroadcastChannel(`omni-notify:${agent}`);
    const from = 'intruder';
    const revoke = { omni: 'tab', v: 1, from, t: 'revoke', offerId: offer.offerId, conversationId: offer.conversationId, expiresAt: offer.expiresAt };
    const junk: unknown[] = [
      'not an object',
      null,
      { ...revoke, reason: 'accepted-elsewhere', v: 2 },
      { ...revoke, reason: 'accepted-elsewhere', from: '' },
      { ...revoke, reason: 'because' },
      { ...revoke, reason: 'accepted-elsewhere', offerId: 42 },
      { ...revoke, reason: 'accepted-elsewhere', conversationId: 'another-conversation' },
      { ...revoke, reason: 'accepted-elsewhere', expiresAt: offer.expiresAt + 1 },
      { ...revoke, reason: 'timeout' }, // two minutes before its deadline
      { omni: 'tab', v: 1, from, t: 'presence', presence: 'asleep', lastSystemPresence: 'available' },
      { omni: 'tab', v: 1, from, t: 'missed', missed: { count: 'many' } },
      { omni: 'tab', v: 1, from, t: 'missed', missed: { count: 3, offerIds: [], since: 1 } }, // valid, but this tab hears its server
      { omni: 'tab', v: 1, from, t: 'launch-missiles' },
    ];
    for (const m of junk) channel.postMessage(m);
    // A valid message last: once it has been applied, every message before it was handled.
    channel.postMessage({ ...revoke, reason: 'accepted-elsewhere' });
    await until(() => a.host.center.state.offers.length === 0, 'the valid revocation');
    channel.close();
    expect(a.host.center.state.missed).to.equal(null);
    expect(a.host.center.state.presence).to.equal('available');
    expect(errors).to.deep.equal([]);
  });
});
