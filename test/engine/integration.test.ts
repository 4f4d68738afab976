import { expect } from '@open-wc/testing';
import type sinon from 'sinon';
import { NotificationCenter, type CenterEvents } from '../../src/services/center.js';
import { DEMO_CONTACTS, RoutingEngine } from '../../engine/index.js';
import { MemoryTransport } from '../../src/services/transports/memory.js';
import { chat, fakeTime } from './harness.js';

/** Resolves with the next event of that type. */
function next<K extends keyof CenterEvents>(center: NotificationCenter, type: K): Promise<CenterEvents[K]> {
  return new Promise((resolve) => {
    const off = center.on(type, (e) => {
      off();
      resolve(e);
    });
  });
}

describe('NotificationCenter + MemoryTransport + RoutingEngine', () => {
  let clock: sinon.SinonFakeTimers;
  let engine: RoutingEngine;
  const centers: NotificationCenter[] = [];

  async function tab(agentId = 'me') {
    const center = new NotificationCenter();
    const transport = new MemoryTransport(engine, agentId);
    centers.push(center);
    center.connect(transport);
    await transport.idle();
    return { center, transport };
  }

  beforeEach(() => {
    clock = fakeTime();
    engine = new RoutingEngine({ contacts: DEMO_CONTACTS });
    engine.addAgent({ id: 'me', name: 'Alex Wu' });
    clock.tick(1000);
    engine.addAgent({ id: 'sam', name: 'Sam Lee', simulated: true });
  });
  afterEach(() => {
    for (const c of centers.splice(0)) c.disconnect();
    engine.dispose();
    clock.restore();
  });

  it('connects and takes the hello snapshot', async () => {
    const { center } = await tab();

    expect(center.state).to.deep.include({ connection: 'open', agent: { id: 'me', name: 'Alex Wu' }, presence: 'available', missed: null });
  });

  it('receives an offer, accepts it and gets the session', async () => {
    const { center } = await tab();
    const offered = next(center, 'offer');
    const { conversationId } = engine.createConversation(chat('Ana'));
    const offer = await offered;
    await center.displayed(offer.offerId);

    const started = next(center, 'session');
    await center.accept(offer.offerId);
    const { session, offerId } = await started;

    expect(offerId).to.equal(offer.offerId);
    expect(session).to.deep.include({ conversationId, customer: { name: 'Ana' } });
    expect(center.state.offers).to.deep.equal([]);
    expect(center.state.sessions.map((s) => s.conversationId)).to.deep.equal([conversationId]);
    expect(engine.getState().conversations[0]).to.include({ status: 'active', agentId: 'me' });
  });

  it('shows an SMS from a known number with its contact', async () => {
    const { center } = await tab();
    const offered = next(center, 'offer');

    engine.createConversation({ channel: 'sms', customer: { phone: '(425) 555-0101' }, comment: 'Hi' });

    expect((await offered).contact?.name).to.equal('Nancy Anderson');
  });

  it('rejects through the center and the engine reroutes to a colleague', async () => {
    const { center } = await tab();
    const offered = next(center, 'offer');
    const { conversationId } = engine.createConversation(chat());
    const offer = await offered;

    const removed = next(center, 'offer-removed');
    await center.reject(offer.offerId);

    expect((await removed).reason).to.equal('rejected');
    expect(engine.getState().conversations.find((c) => c.id === conversationId)).to.include({ status: 'offered', agentId: 'sam' });
  });

  it('revokes the other tab’s copy when one tab accepts', async () => {
    const one = await tab();
    const two = await tab();
    const offeredToTwo = next(two.center, 'offer');
    engine.createConversation(chat());
    const offer = await offeredToTwo;
    await one.transport.idle();

    const removedFromTwo = next(two.center, 'offer-removed');
    await one.center.accept(offer.offerId);

    expect((await removedFromTwo).reason).to.equal('accepted-elsewhere');
    await two.transport.idle();
    expect(two.center.state.sessions).to.have.length(1);
  });

  it('times out, shows the missed state, and resets it with “Reset status”', async () => {
    const { center, transport } = await tab();
    const offered = next(center, 'offer');
    engine.createConversation(chat());
    const offer = await offered;
    await center.displayed(offer.offerId);

    const timedOut = next(center, 'timeout');
    await clock.tickAsync(120_000);
    await transport.idle();

    expect((await timedOut).offerId).to.equal(offer.offerId);
    expect(center.state.presence).to.equal('inactive');
    expect(center.state.missed).to.deep.include({ count: 1, offerIds: [offer.offerId] });

    await center.ackMissed();
    await transport.idle();

    expect(center.state.presence).to.equal('available');
    expect(center.state.missed).to.equal(null);
  });

  it('gets its live offers back in the hello after the network comes back', async () => {
    const { center, transport } = await tab();
    const offered = next(center, 'offer');
    engine.createConversation(chat());
    const offer = await offered;
    await center.displayed(offer.offerId);

    transport.drop();
    expect(center.state.connection).to.equal('reconnecting');
    transport.restore();
    await transport.idle();

    expect(center.state.connection).to.equal('open');
    expect(center.state.offers.map((o) => o.offerId)).to.deep.equal([offer.offerId]);
  });
});
