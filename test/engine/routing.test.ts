import { expect } from '@open-wc/testing';
import { agent, chat, conversation, team, useHarness } from './harness.js';

describe('RoutingEngine: offering', () => {
  const h = useHarness();

  it('offers each new conversation to the assignable agent idle longest', () => {
    const { engine, tabs } = team(h);
    const first = engine.createConversation(chat('Ana'));
    const second = engine.createConversation(chat('Ben'));
    const third = engine.createConversation(chat('Cy'));

    expect(tabs.a.offer().conversationId).to.equal(first.conversationId);
    expect(tabs.b.offer().conversationId).to.equal(second.conversationId);
    expect(tabs.c.offer().conversationId).to.equal(third.conversationId);
  });

  it('counts idle time from the end of an agent’s last session', () => {
    const { engine, tabs } = team(h, {}, ['a', 'b']);
    const one = engine.createConversation(chat('Ana'));
    const two = engine.createConversation(chat('Ben'));
    tabs.a.send({ type: 'accept', offerId: tabs.a.offer().offerId });
    tabs.b.send({ type: 'accept', offerId: tabs.b.offer().offerId });
    h.clock.tick(1000);
    engine.endConversation(two.conversationId);
    h.clock.tick(1000);
    engine.endConversation(one.conversationId);

    const three = engine.createConversation(chat('Cy'));

    expect(tabs.b.offer().conversationId).to.equal(three.conversationId);
  });

  it('builds the offer from the conversation and the template, with an absolute deadline', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    const queuedAt = Date.now();
    const { conversationId } = engine.createConversation({ ...chat('Ana'), fields: { caseTitle: 'Late order' } });

    expect(tabs.a.offer()).to.deep.equal({
      offerId: tabs.a.offer().offerId,
      conversationId,
      scenario: 'chat',
      channel: 'chat',
      customer: { name: 'Ana' },
      comment: 'Hello, my order is late',
      queue: 'Orders',
      fields: { caseTitle: 'Late order' },
      queuedAt,
      offeredAt: queuedAt,
      expiresAt: queuedAt + 120_000,
      templateId: 'chat',
      autoAssign: false,
    });
  });

  it('sends the offer to every connection of the agent and repeats it in a new hello', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    const second = h.tab(engine, 'a');
    engine.createConversation(chat());

    const third = h.tab(engine, 'a');

    expect(second.offer().offerId).to.equal(tabs.a.offer().offerId);
    expect(third.last('hello')!.offers.map((o) => o.offerId)).to.deep.equal([tabs.a.offer().offerId]);
  });

  it('keeps the original queuedAt when a conversation is rerouted', () => {
    const { engine, tabs } = team(h, {}, ['a', 'b']);
    const queuedAt = Date.now();
    engine.createConversation(chat());
    h.clock.tick(5000);

    tabs.a.send({ type: 'reject', offerId: tabs.a.offer().offerId });

    expect(tabs.b.offer().queuedAt).to.equal(queuedAt);
    expect(tabs.b.offer().offeredAt).to.equal(queuedAt + 5000);
  });

  it('skips agents whose presence is outside the work stream, or who are not connected', () => {
    const engine = h.engine();
    engine.addAgent({ id: 'away', name: 'Away', presence: 'away' });
    engine.addAgent({ id: 'dnd', name: 'DND', presence: 'dnd' });
    engine.addAgent({ id: 'gone', name: 'Never connected' });
    engine.addAgent({ id: 'busy', name: 'Busy', presence: 'busy' });
    const tabs = ['away', 'dnd', 'busy'].map((id) => h.tab(engine, id));

    engine.createConversation(chat());

    expect(tabs.map((t) => t.of('offer').length)).to.deep.equal([0, 0, 1]);
    expect(agent(engine, 'gone').offers).to.equal(0);
  });

  it('queues a conversation nobody can take and offers it when an agent becomes available', () => {
    const engine = h.engine();
    engine.addAgent({ id: 'a', name: 'A', presence: 'away' });
    const tab = h.tab(engine, 'a');
    const { conversationId } = engine.createConversation(chat());
    expect(conversation(engine, conversationId).status).to.equal('queued');

    tab.send({ type: 'presence.set', presence: 'available' });

    expect(tab.offer().conversationId).to.equal(conversationId);
    expect(conversation(engine, conversationId).status).to.equal('offered');
  });

  it('offers queued work when the agent connects', () => {
    const engine = h.engine();
    engine.addAgent({ id: 'a', name: 'A' });
    const { conversationId } = engine.createConversation(chat());

    const tab = h.tab(engine, 'a');

    expect(tab.messages.map((m) => m.type)).to.deep.equal(['hello', 'offer']);
    expect(tab.offer().conversationId).to.equal(conversationId);
  });

  it('never exceeds capacity: sessions and outstanding offers both count', () => {
    const engine = h.engine();
    engine.addAgent({ id: 'a', name: 'A', capacity: 1 });
    const tab = h.tab(engine, 'a');
    const one = engine.createConversation(chat('Ana'));
    const two = engine.createConversation(chat('Ben'));
    expect(tab.of('offer')).to.have.length(1);

    tab.send({ type: 'accept', offerId: tab.offer().offerId });
    expect(tab.of('offer')).to.have.length(1);
    expect(conversation(engine, two.conversationId).status).to.equal('queued');

    engine.endConversation(one.conversationId);
    expect(tab.offer().conversationId).to.equal(two.conversationId);
  });

  it('serves queued conversations oldest first', () => {
    const engine = h.engine();
    engine.addAgent({ id: 'a', name: 'A', capacity: 1 });
    const older = engine.createConversation(chat('Ana'));
    h.clock.tick(10);
    engine.createConversation(chat('Ben'));

    const tab = h.tab(engine, 'a');

    expect(tab.offer().conversationId).to.equal(older.conversationId);
  });

  it('offers an alert with agentId to that agent when assignable, else to whoever is', () => {
    const { engine, tabs } = team(h, {}, ['a', 'b']);
    const targeted = engine.createConversation({ ...chat(), agentId: 'b' });
    expect(tabs.b.offer().conversationId).to.equal(targeted.conversationId);

    engine.setPresence('b', 'away', 'supervisor');
    const fallback = engine.createConversation({ ...chat(), agentId: 'b' });

    expect(tabs.a.offer().conversationId).to.equal(fallback.conversationId);
  });

  it('refuses a conversation request that is not valid', () => {
    const engine = h.engine();
    expect(() => engine.createConversation({ channel: '', customer: {} })).to.throw(/channel/);
    expect(() => engine.createConversation({ channel: 'chat', customer: null as never })).to.throw(/customer/);
    expect(() => engine.createConversation({ channel: 'chat', scenario: 'fax' as never, customer: {} })).to.throw(/scenario/);
    expect(() => engine.createConversation({ channel: 'chat', customer: {}, agentId: 'nobody' })).to.throw(/unknown agent/);
    expect(() => engine.createConversation({ channel: 'chat', customer: {}, comment: 'x'.repeat(5000) })).to.throw(/comment/);
    expect(engine.getState().conversations).to.deep.equal([]);
  });

  it('infers the scenario from the channel', () => {
    const engine = h.engine();
    const ids = ['chat', 'sms', 'voice', 'whatsapp'].map((channel) => engine.createConversation({ channel, customer: {} }).conversationId);

    expect(ids.map((id) => conversation(engine, id).scenario)).to.deep.equal(['chat', 'sms', 'voice', 'social']);
  });
});

describe('RoutingEngine: accept', () => {
  const h = useHarness();

  it('starts a session on every connection and revokes the other tabs’ copy as accepted-elsewhere', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    const other = h.tab(engine, 'a');
    const { conversationId } = engine.createConversation(chat('Ana'));
    const offerId = tabs.a.offer().offerId;
    h.clock.tick(3000);

    const ack = tabs.a.send({ type: 'accept', offerId });

    expect(ack.ok).to.equal(true);
    expect(tabs.a.of('offer.revoked')).to.deep.equal([]);
    expect(other.last('offer.revoked')).to.include({ offerId, reason: 'accepted-elsewhere' });
    for (const t of [tabs.a, other]) {
      expect(t.last('session.started')!.session).to.deep.include({
        conversationId,
        channel: 'chat',
        customer: { name: 'Ana' },
        comment: 'Hello, my order is late',
        startedAt: Date.now(),
        queuedAt: Date.now() - 3000,
      });
    }
    expect(conversation(engine, conversationId)).to.include({ status: 'active', agentId: 'a' });
    expect(agent(engine, 'a')).to.include({ sessions: 1, offers: 0 });
  });

  it('lists the session, not the offer, in the next hello', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    engine.createConversation(chat());
    tabs.a.send({ type: 'accept', offerId: tabs.a.offer().offerId });

    const hello = h.tab(engine, 'a').last('hello')!;

    expect(hello.offers).to.deep.equal([]);
    expect(hello.sessions).to.have.length(1);
  });

  it('answers an accept of an unknown, foreign, withdrawn or timed-out offer with an error', () => {
    const { engine, tabs } = team(h, { settings: { missedNotifications: false } }, ['a', 'b']);
    engine.createConversation(chat());
    const offerId = tabs.a.offer().offerId;
    tabs.a.displayAll();

    expect(tabs.a.send({ type: 'accept', offerId: 'nope' }).error).to.deep.include({ code: 'unknown-offer' });
    expect(tabs.b.send({ type: 'accept', offerId }).error).to.deep.include({ code: 'unknown-offer' });

    h.clock.tick(120_000);
    expect(tabs.a.send({ type: 'accept', offerId }).error).to.deep.include({ code: 'expired' });

    const rerouted = tabs.b.offer().offerId;
    engine.cancelConversation(tabs.b.offer().conversationId);
    expect(tabs.b.send({ type: 'accept', offerId: rerouted }).error).to.deep.include({ code: 'unknown-offer' });
  });

  it('treats a second accept of an offer the agent already accepted as done', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    const other = h.tab(engine, 'a');
    engine.createConversation(chat());
    const offerId = tabs.a.offer().offerId;
    tabs.a.send({ type: 'accept', offerId });

    expect(other.send({ type: 'accept', offerId }).ok).to.equal(true);
    expect(tabs.a.of('session.started')).to.have.length(1);
  });
});

describe('RoutingEngine: reject and cancel', () => {
  const h = useHarness();

  it('revokes a rejected offer and reroutes the conversation to another agent', () => {
    const { engine, tabs } = team(h, {}, ['a', 'b']);
    const { conversationId } = engine.createConversation(chat());
    const offerId = tabs.a.offer().offerId;

    expect(tabs.a.send({ type: 'reject', offerId, reason: 'not my queue' }).ok).to.equal(true);

    expect(tabs.a.last('offer.revoked')).to.include({ offerId, reason: 'rejected' });
    expect(tabs.b.offer().conversationId).to.equal(conversationId);
    expect(conversation(engine, conversationId).history.map((e) => e.event)).to.deep.equal(['queued', 'offered', 'rejected', 'offered']);
  });

  it('does not offer the conversation to the rejecting agent again until the cooldown ends', () => {
    const engine = h.engine({ rejectCooldownMs: 60_000 });
    engine.addAgent({ id: 'a', name: 'A' });
    const tab = h.tab(engine, 'a');
    const { conversationId } = engine.createConversation(chat());
    tab.send({ type: 'reject', offerId: tab.offer().offerId });
    engine.createConversation(chat('Other customer'));
    expect(tab.offer().conversationId).to.not.equal(conversationId);
    tab.displayAll();

    h.clock.tick(59_999);
    expect(tab.of('offer')).to.have.length(2);

    h.clock.tick(1);
    expect(tab.of('offer')).to.have.length(3);
    expect(tab.offer().conversationId).to.equal(conversationId);
  });

  it('refuses to reject where the template disallows it or the offer is auto-assigned', () => {
    const engine = h.engine({ settings: { templates: { chat: { allowReject: false }, sms: { autoAssign: true } } } });
    engine.addAgent({ id: 'a', name: 'A' });
    const tab = h.tab(engine, 'a');
    engine.createConversation(chat());
    const chatOffer = tab.offer();
    engine.createConversation({ channel: 'sms', customer: { phone: '+12065550123' } });
    const smsOffer = tab.offer();

    expect(smsOffer.autoAssign).to.equal(true);
    expect(tab.send({ type: 'reject', offerId: chatOffer.offerId }).error).to.deep.include({ code: 'not-allowed' });
    expect(tab.send({ type: 'reject', offerId: smsOffer.offerId }).error).to.deep.include({ code: 'not-allowed' });
    expect(tab.liveOffers()).to.have.length(2);
  });

  it('revokes an offered conversation as customer-left when the customer leaves', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    const { conversationId } = engine.createConversation(chat());
    const offerId = tabs.a.offer().offerId;

    expect(engine.cancelConversation(conversationId)).to.equal(true);

    expect(tabs.a.last('offer.revoked')).to.include({ offerId, reason: 'customer-left' });
    expect(conversation(engine, conversationId).status).to.equal('abandoned');
    expect(agent(engine, 'a').offers).to.equal(0);
    expect(engine.cancelConversation(conversationId)).to.equal(false);
  });

  it('abandons a queued conversation without offering it to anyone', () => {
    const engine = h.engine();
    engine.addAgent({ id: 'a', name: 'A' });
    const { conversationId } = engine.createConversation(chat());
    engine.cancelConversation(conversationId);

    const tab = h.tab(engine, 'a');

    expect(tab.of('offer')).to.deep.equal([]);
    expect(conversation(engine, conversationId).status).to.equal('abandoned');
  });
});
