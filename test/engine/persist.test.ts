/**
 * engine/persist.ts: the engine's state as fields, per-batch changes, and an
 * import into another engine that carries on (same offers, same deadlines,
 * idempotent retries, timers fired on time or at once when overdue).
 */
import { expect } from '@open-wc/testing';
import { StateTracker, exportState, importState } from '../../engine/persist.js';
import { agent, chat, conversation, team, useHarness } from './harness.js';

describe('engine persistence (export, changes, import)', () => {
  const h = useHarness();

  it('an import carries the same offer (offerId, expiresAt), fires its deadline on time and keeps command results', () => {
    const { engine, tabs } = team(h);
    const { conversationId } = engine.createConversation(chat());
    const offer = tabs.a.offer();
    expect(tabs.a.send({ type: 'presence.set', presence: 'busy' }, 'same').ok).to.equal(true);
    const fields = exportState(engine);
    engine.dispose();

    const next = h.engine();
    importState(next, fields);
    const tab = h.tab(next, 'a');
    expect(tab.last('hello')!.offers.map((o) => [o.offerId, o.expiresAt])).to.deep.equal([[offer.offerId, offer.expiresAt]]);
    expect(tab.last('hello')!.presence).to.equal('busy');
    // The same commandId is applied once, across the import.
    expect(tab.send({ type: 'presence.set', presence: 'away' }, 'same').ok).to.equal(true);
    expect(next.getState().agents.find((a) => a.id === 'a')?.presence).to.equal('busy');
    tab.displayAll();
    h.clock.tick(offer.expiresAt - Date.now());
    expect(tab.last('offer.revoked')).to.include({ offerId: offer.offerId, reason: 'timeout' });
    expect(next.getState().conversations.find((c) => c.id === conversationId)?.history.filter((x) => x.event === 'timeout')).to.have.length(1);
  });

  it('a deadline that passed while nobody held the state fires at once on import', () => {
    const { engine, tabs } = team(h);
    engine.createConversation(chat());
    const offer = tabs.a.offer();
    tabs.a.displayAll();
    const fields = exportState(engine);
    engine.dispose();
    h.clock.tick(offer.expiresAt - Date.now() + 5_000);
    const next = h.engine();
    importState(next, fields);
    h.clock.tick(0);
    const state = next.getState();
    expect(state.agents.find((a) => a.id === 'a')?.missed).to.equal(1);
    expect(state.conversations[0].history.some((x) => x.event === 'timeout')).to.equal(true);
  });

  it('carries the seeds’ state across an import: auto-accept and display deadlines, the presence before Offline, missed details', () => {
    const opts = { heartbeatTimeoutMs: 10_000, settings: { displayWindowMs: 60_000 } };
    const { engine, tabs } = team(h, opts, ['a', 'b']);
    // b misses an offer (missed.recent), then a gets one that auto-accepts at 20 s.
    engine.setPresence('a', 'away', 'supervisor');
    engine.createConversation({ ...chat(), customer: { name: 'Missed Mo' } });
    tabs.b.displayAll();
    h.clock.tick(tabs.b.offer().expiresAt - Date.now());
    expect(tabs.b.last('missed')!.missed!.recent!.map((m) => m.customer.name)).to.deep.equal(['Missed Mo']);
    engine.setPresence('a', 'available', 'supervisor');
    engine.updateSettings({ templates: { chat: { autoAcceptSec: 20 } } });
    const { conversationId } = engine.createConversation(chat());
    const offer = tabs.a.offer();
    // c's presence before Offline: a third agent who dropped off for longer than the grace.
    engine.addAgent({ id: 'c', name: 'C', presence: 'away' });
    h.tab(engine, 'c').conn.close();
    h.clock.tick(10_000);
    expect(agent(engine, 'c').presence).to.equal('offline');
    const fields = exportState(engine);
    engine.dispose();

    const next = h.engine(opts);
    importState(next, fields);
    expect(h.tab(next, 'b').last('hello')!.missed!.recent!.map((m) => m.customer.name)).to.deep.equal(['Missed Mo']);
    // Nobody confirmed the offer as displayed, and the display window (60 s) is after auto-accept (20 s): auto-accept wins on time.
    const tab = h.tab(next, 'a');
    h.clock.tick(offer.offeredAt + 20_000 - Date.now());
    expect(conversation(next, conversationId)).to.include({ status: 'active', agentId: 'a' });
    expect(tab.last('session.started')!.session.conversationId).to.equal(conversationId);
    // c comes back to the presence it had before Offline.
    expect(h.tab(next, 'c').last('hello')!.presence).to.equal('away');
  });

  it('the tracker reports only what a batch changed, and forgets nothing', () => {
    const { engine, tabs } = team(h);
    const tracker = new StateTracker(engine);
    const first = tracker.changes();
    tracker.commit();
    expect(first.set.map(([k]) => k)).to.include.members(['meta', 'settings', 'contacts', 'agent:a', 'agent:b', 'agent:c']);
    expect(tracker.changes().set.map(([k]) => k)).to.deep.equal([]);
    tracker.commit();
    engine.createConversation(chat());
    const offer = tabs.a.offer();
    const second = tracker.changes();
    tracker.commit();
    const keys = second.set.map(([k]) => k);
    expect(keys).to.include.members(['agent:a', `offer:${offer.offerId}`, `conv:${offer.conversationId}`]);
    expect(keys).to.not.include('agent:b');
    tabs.a.send({ type: 'accept', offerId: offer.offerId });
    const third = tracker.changes();
    expect(third.del).to.deep.equal([`offer:${offer.offerId}`]);
    expect(third.set.map(([k]) => k)).to.include(`past:${offer.offerId}`);
  });
});
