/**
 * The seeds' engine behaviours (issue 13): the eight-minute compat mode, the
 * Offline of a disconnected agent, auto-accept, decline reasons, missed
 * details, bot-escalation wait time and the supervisor's reset. Fake time,
 * exact boundaries.
 */
import { expect } from '@open-wc/testing';
import { agent, chat, conversation, team, useHarness } from './harness.js';

describe('RoutingEngine: compat mode (Dynamics 365’s eight minutes)', () => {
  const h = useHarness();

  it('keeps an unseen offer with a 120 s timeout assigned until 480 s, then reroutes it, without making the agent Inactive', () => {
    const { engine, tabs } = team(h, { compat: true }, ['a', 'b']);
    const { conversationId } = engine.createConversation(chat());
    const offerId = tabs.a.offer().offerId;

    h.clock.tick(120_000);
    expect(tabs.a.of('offer.revoked'), 'not at the alert’s own timeout').to.deep.equal([]);
    expect(tabs.a.of('presence')).to.deep.equal([]);
    expect(agent(engine, 'a')).to.include({ presence: 'available', offers: 1, missed: 0 });
    expect(conversation(engine, conversationId)).to.include({ status: 'offered', agentId: 'a' });

    h.clock.tick(359_999);
    expect(tabs.a.of('offer.revoked')).to.deep.equal([]);
    expect(tabs.b.of('offer')).to.deep.equal([]);

    h.clock.tick(1);
    expect(tabs.a.last('offer.revoked')).to.include({ offerId, reason: 'not-displayed' });
    expect(tabs.b.offer().conversationId).to.equal(conversationId);
    expect(tabs.a.of('missed')).to.deep.equal([]);
    expect(agent(engine, 'a')).to.include({ presence: 'available', missed: 0 });
  });

  it('refuses Accept of the held offer after its own deadline (the alert is gone), and ignores a late display receipt', () => {
    const { engine, tabs } = team(h, { compat: true }, ['a', 'b']);
    engine.createConversation(chat());
    const offerId = tabs.a.offer().offerId;
    h.clock.tick(200_000);

    expect(tabs.a.send({ type: 'displayed', offerId, surface: 'page' }).ok).to.equal(true);
    expect(tabs.a.send({ type: 'accept', offerId }).error).to.deep.include({ code: 'expired' });

    h.clock.tick(280_000);
    expect(tabs.a.last('offer.revoked')).to.include({ offerId, reason: 'not-displayed' });
    expect(agent(engine, 'a').presence).to.equal('available');
  });

  it('times out a displayed offer at its own deadline, with the missed penalty, as outside compat', () => {
    const { engine, tabs } = team(h, { compat: true }, ['a', 'b']);
    engine.createConversation(chat());
    tabs.a.displayAll();

    h.clock.tick(119_999);
    expect(tabs.a.of('offer.revoked')).to.deep.equal([]);
    h.clock.tick(1);

    expect(tabs.a.last('offer.revoked')).to.include({ reason: 'timeout' });
    expect(agent(engine, 'a').presence).to.equal('inactive');
  });

  it('holds an unseen offer for any display window longer than the timeout, not only 480 s', () => {
    const { engine, tabs } = team(h, { settings: { displayWindowMs: 200_000, templates: { chat: { timeoutSec: 30 } } } }, ['a', 'b']);
    engine.createConversation(chat());
    h.clock.tick(199_999);
    expect(tabs.a.of('offer.revoked')).to.deep.equal([]);
    h.clock.tick(1);
    expect(tabs.a.last('offer.revoked')).to.include({ reason: 'not-displayed' });
  });
});

describe('RoutingEngine: a disconnected agent is Offline after the grace period', () => {
  const h = useHarness();

  it('shows the agent Offline (reason system) at the end of the grace period, not before', () => {
    const engine = h.engine({ heartbeatTimeoutMs: 10_000 });
    engine.addAgent({ id: 'a', name: 'A', presence: 'busy' });
    const tab = h.tab(engine, 'a');
    const watcher: string[] = [];
    engine.subscribe((s) => watcher.push(s.agents[0].presence));
    tab.conn.close();

    h.clock.tick(9_999);
    expect(agent(engine, 'a').presence).to.equal('busy');

    h.clock.tick(1);
    expect(agent(engine, 'a')).to.include({ presence: 'offline', lastSystemPresence: 'busy', connected: false });
    expect(watcher[watcher.length - 1]).to.equal('offline');
  });

  it('restores the previous presence (reason system) when a connection comes back', () => {
    const engine = h.engine({ heartbeatTimeoutMs: 10_000 });
    engine.addAgent({ id: 'a', name: 'A', presence: 'busy' });
    h.tab(engine, 'a').conn.close();
    h.clock.tick(30_000);

    const back = h.tab(engine, 'a');

    expect(back.last('hello')).to.deep.include({ presence: 'busy', lastSystemPresence: 'busy' });
    expect(agent(engine, 'a').presence).to.equal('busy');
    engine.createConversation(chat());
    expect(back.of('offer')).to.have.length(1);
  });

  it('does not touch the presence when the agent reloads within the grace period', () => {
    const engine = h.engine({ heartbeatTimeoutMs: 10_000 });
    engine.addAgent({ id: 'a', name: 'A', presence: 'away' });
    h.tab(engine, 'a').conn.close();
    h.clock.tick(9_000);
    const back = h.tab(engine, 'a');
    h.clock.tick(10_000);

    expect(back.of('presence')).to.deep.equal([]);
    expect(agent(engine, 'a').presence).to.equal('away');
  });

  it('keeps an agent who chose Offline offline on return, and a supervisor’s change while away wins over the restore', () => {
    const engine = h.engine({ heartbeatTimeoutMs: 10_000 });
    engine.addAgent({ id: 'a', name: 'A', presence: 'offline' });
    engine.addAgent({ id: 'b', name: 'B', presence: 'busy' });
    h.tab(engine, 'a').conn.close();
    h.tab(engine, 'b').conn.close();
    h.clock.tick(10_000);
    engine.setPresence('b', 'away', 'supervisor');

    expect(h.tab(engine, 'a').last('hello')!.presence).to.equal('offline');
    expect(h.tab(engine, 'b').last('hello')!.presence).to.equal('away');
  });

  it('brings back Inactive (with the banner) for an agent who missed an offer while offline', () => {
    const engine = h.engine({ heartbeatTimeoutMs: 10_000 });
    engine.addAgent({ id: 'a', name: 'A' });
    const tab = h.tab(engine, 'a');
    engine.createConversation(chat());
    tab.displayAll();
    tab.conn.close();
    h.clock.tick(10_000);
    expect(agent(engine, 'a').presence).to.equal('offline');
    h.clock.tick(110_000);
    expect(agent(engine, 'a')).to.include({ presence: 'offline', missed: 1 });

    const back = h.tab(engine, 'a');

    expect(back.last('hello')).to.deep.include({ presence: 'inactive', lastSystemPresence: 'available' });
    expect(back.last('hello')!.missed).to.include({ count: 1 });
    expect(back.send({ type: 'missed.ack' }).ok).to.equal(true);
    expect(agent(engine, 'a').presence).to.equal('available');
  });
});

describe('RoutingEngine: auto-accept', () => {
  const h = useHarness();
  const auto = (sec: number) => ({ settings: { templates: { chat: { autoAcceptSec: sec } } } });

  it('starts the session at offeredAt + autoAcceptSec even with no client awake, every tab told', () => {
    const { engine, tabs } = team(h, auto(20), ['a']);
    const { conversationId } = engine.createConversation(chat());
    const offerId = tabs.a.offer().offerId;
    tabs.a.displayAll();

    h.clock.tick(19_999);
    expect(tabs.a.of('session.started')).to.deep.equal([]);

    h.clock.tick(1);
    expect(tabs.a.last('offer.revoked')).to.include({ offerId, reason: 'accepted-elsewhere' });
    expect(tabs.a.last('session.started')!.session.conversationId).to.equal(conversationId);
    expect(conversation(engine, conversationId)).to.include({ status: 'active', agentId: 'a' });
    expect(conversation(engine, conversationId).history.map((e) => e.event)).to.include('auto-accepted');
  });

  it('lets Reject win until then, and no session starts afterwards', () => {
    const { engine, tabs } = team(h, auto(20), ['a', 'b']);
    engine.createConversation(chat());
    const offerId = tabs.a.offer().offerId;
    tabs.a.displayAll();
    h.clock.tick(19_999);

    expect(tabs.a.send({ type: 'reject', offerId }).ok).to.equal(true);
    h.clock.tick(1);

    expect(tabs.a.of('session.started')).to.deep.equal([]);
    expect(tabs.b.liveOffers()).to.have.length(1);
  });

  it('is off for null and for an auto-accept time at or beyond the timeout (the timeout wins)', () => {
    const off = team(h, { settings: { templates: { chat: { autoAcceptSec: null } } } }, ['a']);
    off.engine.createConversation(chat());
    off.tabs.a.displayAll();
    const late = team(h, auto(120), ['x']);
    late.engine.createConversation(chat());
    late.tabs.x.displayAll();

    h.clock.tick(120_000);

    expect(off.tabs.a.of('session.started')).to.deep.equal([]);
    expect(late.tabs.x.of('session.started')).to.deep.equal([]);
    expect(late.tabs.x.last('offer.revoked')).to.include({ reason: 'timeout' });
  });
});

describe('RoutingEngine: decline reasons', () => {
  const h = useHarness();
  const reasons = (extra = {}) => ({ settings: { rejectReasons: ['Busy with another customer', 'Wrong skill'], ...extra } });

  it('records the reason in the conversation history', () => {
    const { engine, tabs } = team(h, reasons(), ['a', 'b']);
    const { conversationId } = engine.createConversation(chat());

    expect(tabs.a.send({ type: 'reject', offerId: tabs.a.offer().offerId, reason: 'Wrong skill' }).ok).to.equal(true);

    expect(conversation(engine, conversationId).history.find((e) => e.event === 'rejected')).to.deep.include({ agentId: 'a', reason: 'Wrong skill' });
  });

  it('refuses a reason that is not in the list with bad-message, and keeps the offer', () => {
    const { engine, tabs } = team(h, reasons(), ['a', 'b']);
    engine.createConversation(chat());
    const offerId = tabs.a.offer().offerId;

    expect(tabs.a.send({ type: 'reject', offerId, reason: 'Lunch' }).error).to.deep.include({ code: 'bad-message' });

    expect(tabs.a.liveOffers()).to.have.length(1);
    expect(tabs.b.of('offer')).to.deep.equal([]);
  });

  it('records no reason, or the first one, for a reject without one, as rejectReasonDefault says', () => {
    const none = team(h, reasons(), ['a', 'b']);
    const c1 = none.engine.createConversation(chat()).conversationId;
    expect(none.tabs.a.send({ type: 'reject', offerId: none.tabs.a.offer().offerId }).ok).to.equal(true);
    expect(conversation(none.engine, c1).history.find((e) => e.event === 'rejected')).not.to.have.property('reason');

    const first = team(h, reasons({ rejectReasonDefault: 'first' }), ['x', 'y']);
    const c2 = first.engine.createConversation(chat()).conversationId;
    expect(first.tabs.x.send({ type: 'reject', offerId: first.tabs.x.offer().offerId }).ok).to.equal(true);
    expect(conversation(first.engine, c2).history.find((e) => e.event === 'rejected')).to.include({ reason: 'Busy with another customer' });
  });

  it('keeps any reason when no list is configured, and refuses reasons over 200 characters', () => {
    const { engine, tabs } = team(h, {}, ['a', 'b']);
    const { conversationId } = engine.createConversation(chat());
    const offerId = tabs.a.offer().offerId;

    expect(tabs.a.send({ type: 'reject', offerId, reason: 'x'.repeat(201) }).error).to.deep.include({ code: 'bad-message' });
    expect(tabs.a.send({ type: 'reject', offerId, reason: 'Not my queue' }).ok).to.equal(true);
    expect(conversation(engine, conversationId).history.find((e) => e.event === 'rejected')).to.include({ reason: 'Not my queue' });
  });

  it('takes reasons and the default through updateSettings, and refuses a malformed list', () => {
    const engine = h.engine();
    const s = engine.updateSettings({ rejectReasons: ['A', 'B'], rejectReasonDefault: 'first' });
    expect(s).to.deep.include({ rejectReasons: ['A', 'B'], rejectReasonDefault: 'first' });
    expect(() => engine.updateSettings({ rejectReasons: [''] })).to.throw(/rejectReasons/);
    expect(() => engine.updateSettings({ rejectReasonDefault: 'last' as never })).to.throw(/rejectReasonDefault/);
    expect(engine.settings().rejectReasons).to.deep.equal(['A', 'B']);
  });
});

describe('RoutingEngine: missed details, notices, supervisor reset', () => {
  const h = useHarness();

  it('lists missed requests with channel, customer and time, and starts afresh after the banner is reset', () => {
    const { engine, tabs } = team(h, { settings: { templates: { chat: { timeoutSec: 10 } } } }, ['a']);
    const first = engine.createConversation(chat('First')).conversationId;
    tabs.a.displayAll();
    h.clock.tick(10_000);
    engine.cancelConversation(first);
    tabs.a.send({ type: 'missed.ack' });
    engine.createConversation(chat('Second'));
    tabs.a.displayAll();
    h.clock.tick(10_000);

    const missed = tabs.a.last('missed')!.missed!;
    expect(missed.recent!.map((r) => r.customer.name)).to.deep.equal(['Second']);
    expect(missed.recent![0]).to.deep.include({ scenario: 'chat', channel: 'chat', at: Date.now() });
  });

  it('caps missed.recent at 10 while the agent stays missed', () => {
    const engine = h.engine({ settings: { templates: { chat: { timeoutSec: 10 } } } });
    engine.addAgent({ id: 'a', name: 'A', capacity: 12 });
    const tab = h.tab(engine, 'a');
    for (let i = 1; i <= 12; i++) engine.createConversation(chat(`C${i}`));
    tab.displayAll();
    h.clock.tick(10_000);

    const missed = tab.last('missed')!.missed!;
    expect(missed.count).to.equal(12);
    expect(missed.recent!.map((r) => r.customer.name)).to.deep.equal(['C12', 'C11', 'C10', 'C9', 'C8', 'C7', 'C6', 'C5', 'C4', 'C3']);
    expect(h.tab(engine, 'a').last('hello')!.missed!.recent).to.have.length(10);
  });

  it('gives a notice assigned directly no queue time, and one routed through the queue its queuedAt', () => {
    const engine = h.engine();
    engine.addAgent({ id: 'a', name: 'A' });
    const tab = h.tab(engine, 'a');
    engine.createConversation({ scenario: 'bot-escalation', channel: 'chat', customer: { name: 'Ana' }, agentId: 'a' });
    h.clock.tick(1000);
    const routed = engine.createConversation({ scenario: 'bot-escalation', channel: 'chat', customer: { name: 'Ben' } });

    const [direct, viaQueue] = tab.of('notice').map((m) => m.notice);
    expect(direct).not.to.have.property('queuedAt');
    expect(viaQueue.queuedAt).to.equal(conversation(engine, routed.conversationId).queuedAt);
  });

  it('resets a supervisor’s way to the last presence the system set, clearing missed state', () => {
    const engine = h.engine();
    engine.addAgent({ id: 'a', name: 'A', presence: 'busy' });
    const tab = h.tab(engine, 'a');
    engine.createConversation(chat());
    tab.displayAll();
    h.clock.tick(120_000);
    expect(agent(engine, 'a').presence).to.equal('inactive');

    engine.resetPresence('a');

    expect(tab.last('presence')).to.include({ presence: 'busy', reason: 'supervisor' });
    expect(tab.last('missed')!.missed).to.equal(null);
  });
});
