import { expect } from '@open-wc/testing';
import { agent, chat, conversation, team, useHarness } from './harness.js';

describe('RoutingEngine: timeout and missed notifications', () => {
  const h = useHarness();

  it('revokes an unanswered offer at its deadline, not before, and reroutes it', () => {
    const { engine, tabs } = team(h, {}, ['a', 'b']);
    const { conversationId } = engine.createConversation(chat());
    const offerId = tabs.a.offer().offerId;
    tabs.a.displayAll();

    h.clock.tick(119_999);
    expect(tabs.a.of('offer.revoked')).to.deep.equal([]);

    h.clock.tick(1);
    expect(tabs.a.last('offer.revoked')).to.include({ offerId, reason: 'timeout' });
    expect(tabs.b.offer().conversationId).to.equal(conversationId);
  });

  it('makes the agent Inactive and reports the missed offer', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    engine.createConversation(chat());
    const offerId = tabs.a.offer().offerId;
    tabs.a.displayAll();
    const since = Date.now() + 120_000;

    h.clock.tick(120_000);

    expect(tabs.a.last('presence')).to.include({ presence: 'inactive', reason: 'missed', lastSystemPresence: 'available' });
    expect(tabs.a.last('missed')!.missed).to.deep.equal({
      count: 1,
      offerIds: [offerId],
      since,
      recent: [{ conversationId: tabs.a.offer().conversationId, scenario: 'chat', channel: 'chat', customer: { name: 'Ana' }, at: since }],
    });
    expect(agent(engine, 'a')).to.include({ presence: 'inactive', missed: 1 });
  });

  it('counts every missed offer while the agent is still missed, changing presence once', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    engine.createConversation(chat('Ana'));
    h.clock.tick(1000);
    engine.createConversation(chat('Ben'));
    const [first, second] = tabs.a.liveOffers().map((o) => o.offerId);
    tabs.a.displayAll();

    h.clock.tick(120_000);

    const missed = tabs.a.last('missed')!.missed!;
    expect(missed).to.deep.include({ count: 2, offerIds: [first, second], since: tabs.a.offer().offeredAt + 119_000 });
    expect(missed.recent!.map((r) => r.customer.name), 'newest first').to.deep.equal(['Ben', 'Ana']);
    expect(tabs.a.of('presence')).to.have.length(1);
  });

  it('gives a missed agent no new work', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    engine.createConversation(chat());
    tabs.a.displayAll();
    h.clock.tick(120_000);
    const offersBefore = tabs.a.of('offer').length;

    const next = engine.createConversation(chat('Ben'));

    expect(tabs.a.of('offer')).to.have.length(offersBefore);
    expect(conversation(engine, next.conversationId).status).to.equal('queued');
  });

  it('“Reset status” (missed.ack) returns to the last system presence, clears the banner and resumes work', () => {
    const engine = h.engine();
    engine.addAgent({ id: 'a', name: 'A', presence: 'busy' });
    const tab = h.tab(engine, 'a');
    const { conversationId } = engine.createConversation(chat());
    tab.displayAll();
    h.clock.tick(120_000);
    tab.clear();

    expect(tab.send({ type: 'missed.ack' }).ok).to.equal(true);

    expect(tab.last('presence')).to.include({ presence: 'busy', reason: 'agent', lastSystemPresence: 'busy' });
    expect(tab.last('missed')!.missed).to.equal(null);
    expect(tab.offer().conversationId).to.equal(conversationId);
  });

  it('resets to Available when the last system presence cannot receive work', () => {
    const engine = h.engine();
    engine.addAgent({ id: 'a', name: 'A' });
    const tab = h.tab(engine, 'a');
    engine.createConversation(chat());
    tab.displayAll();
    h.clock.tick(120_000);
    tab.send({ type: 'presence.set', presence: 'away' });

    tab.send({ type: 'missed.ack' });

    expect(agent(engine, 'a')).to.include({ presence: 'available', missed: 0 });
  });

  it('clears missed state when the agent picks an assignable presence, not a non-assignable one', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    engine.createConversation(chat());
    tabs.a.displayAll();
    h.clock.tick(120_000);

    tabs.a.send({ type: 'presence.set', presence: 'away' });
    expect(tabs.a.last('missed')!.missed).to.not.equal(null);
    expect(tabs.a.last('presence')).to.include({ presence: 'away', lastSystemPresence: 'away' });

    tabs.a.send({ type: 'presence.set', presence: 'busy' });
    expect(tabs.a.last('missed')!.missed).to.equal(null);
    expect(agent(engine, 'a')).to.include({ presence: 'busy', missed: 0, offers: 1 });
  });

  it('does not let an agent choose Inactive', () => {
    const { tabs } = team(h, {}, ['a']);

    expect(tabs.a.send({ type: 'presence.set', presence: 'inactive' }).error).to.deep.include({ code: 'not-allowed' });
    expect(tabs.a.of('presence')).to.deep.equal([]);
  });

  it('clears missed state on any supervisor presence change, and resets to the last system presence', () => {
    const { engine, tabs } = team(h, {}, ['a', 'b']);
    engine.createConversation(chat());
    engine.createConversation(chat('Ben'));
    tabs.a.displayAll();
    tabs.b.displayAll();
    h.clock.tick(120_000);

    engine.setPresence('a', 'away', 'supervisor');
    engine.resetPresence('b');

    expect(tabs.a.last('presence')).to.include({ presence: 'away', reason: 'supervisor' });
    expect(tabs.a.last('missed')!.missed).to.equal(null);
    expect(tabs.b.last('presence')).to.include({ presence: 'available', reason: 'supervisor' });
    expect(tabs.b.last('missed')!.missed).to.equal(null);
    expect(() => engine.setPresence('nobody', 'available', 'supervisor')).to.throw(/unknown agent/);
  });

  it('reroutes without any penalty when missed notifications are off', () => {
    const { engine, tabs } = team(h, { settings: { missedNotifications: false } }, ['a']);
    const { conversationId } = engine.createConversation(chat());
    tabs.a.displayAll();

    h.clock.tick(120_000);

    expect(tabs.a.of('presence')).to.deep.equal([]);
    expect(tabs.a.of('missed')).to.deep.equal([]);
    expect(tabs.a.offer().conversationId).to.equal(conversationId);
    expect(tabs.a.of('offer')).to.have.length(2);
  });

  it('lists the missed state and Inactive presence in a new hello', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    engine.createConversation(chat());
    tabs.a.displayAll();
    h.clock.tick(120_000);

    const hello = h.tab(engine, 'a').last('hello')!;

    expect(hello).to.deep.include({ presence: 'inactive', lastSystemPresence: 'available' });
    expect(hello.missed).to.include({ count: 1 });
  });
});

describe('RoutingEngine: display receipts and lost connections', () => {
  const h = useHarness();

  it('reroutes an offer nobody confirmed as displayed within the window, without a missed penalty', () => {
    const { engine, tabs } = team(h, {}, ['a', 'b']);
    const { conversationId } = engine.createConversation(chat());
    const offerId = tabs.a.offer().offerId;

    h.clock.tick(14_999);
    expect(tabs.a.of('offer.revoked')).to.deep.equal([]);

    h.clock.tick(1);
    expect(tabs.a.last('offer.revoked')).to.include({ offerId, reason: 'not-displayed' });
    expect(tabs.b.offer().conversationId).to.equal(conversationId);
    expect(tabs.a.of('missed')).to.deep.equal([]);
    expect(agent(engine, 'a').presence).to.equal('available');
  });

  it('keeps a displayed offer until its deadline', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    engine.createConversation(chat());
    tabs.a.send({ type: 'displayed', offerId: tabs.a.offer().offerId, surface: 'desktop' });

    h.clock.tick(119_999);

    expect(tabs.a.liveOffers()).to.have.length(1);
  });

  it('uses a display window from settings (480 s in compat mode: test/engine/seeds.test.ts)', () => {
    const custom = team(h, { settings: { displayWindowMs: 5000 } }, ['a']);
    custom.engine.createConversation(chat());
    h.clock.tick(5000);
    expect(custom.tabs.a.last('offer.revoked')).to.include({ reason: 'not-displayed' });
    expect(team(h, { compat: true }, ['x']).engine.settings().displayWindowMs).to.equal(480_000);
  });

  it('counts simulated colleagues as having displayed every offer', () => {
    const engine = h.engine();
    engine.addAgent({ id: 'sim', name: 'Sim', simulated: true });
    engine.createConversation(chat());

    h.clock.tick(60_000);

    expect(agent(engine, 'sim')).to.include({ offers: 1, connected: true });
  });

  it('makes an agent whose last connection closed unassignable after the heartbeat timeout and reroutes its undisplayed offers', () => {
    const { engine, tabs } = team(h, { heartbeatTimeoutMs: 10_000 }, ['a', 'b']);
    const { conversationId } = engine.createConversation(chat());
    tabs.a.conn.close();
    expect(agent(engine, 'a').connected).to.equal(false);

    h.clock.tick(9_999);
    expect(tabs.b.of('offer')).to.deep.equal([]);

    h.clock.tick(1);
    expect(tabs.b.offer().conversationId).to.equal(conversationId);
    expect(conversation(engine, conversationId).history.map((e) => e.event)).to.include('rerouted');

    engine.createConversation(chat('Ben'));
    expect(agent(engine, 'a').offers).to.equal(0);
  });

  it('keeps a displayed offer for a disconnected agent and hands it back on reconnect', () => {
    const { engine, tabs } = team(h, { heartbeatTimeoutMs: 10_000 }, ['a', 'b']);
    engine.createConversation(chat());
    const offerId = tabs.a.offer().offerId;
    tabs.a.displayAll();
    tabs.a.conn.close();
    h.clock.tick(10_000);

    const again = h.tab(engine, 'a');

    expect(again.last('hello')!.offers.map((o) => o.offerId)).to.deep.equal([offerId]);
    expect(again.send({ type: 'accept', offerId }).ok).to.equal(true);
  });

  it('lets an agent reload within the heartbeat timeout without losing work', () => {
    const { engine, tabs } = team(h, { heartbeatTimeoutMs: 10_000 }, ['a']);
    tabs.a.conn.close();
    h.clock.tick(5_000);
    const again = h.tab(engine, 'a');

    h.clock.tick(10_000);
    engine.createConversation(chat());

    expect(again.of('offer')).to.have.length(1);
    expect(tabs.a.conn.closed).to.equal(true);
    expect(tabs.a.of('offer')).to.deep.equal([]);
  });
});
