/**
 * Two and three server processes on one Redis (docs/scaling.md): any node
 * serves anyone, a routing decision is made once, and a command retried on
 * another node is applied once. Zero offers or sessions lost or doubled.
 */
import { expect } from '@open-wc/testing';
import type { Settings } from '../../src/services/protocol/index.js';
import { until } from '../transports/client.js';
import { Cluster, expectOnce } from './cluster-harness.js';
import { redisUrl } from './redis.js';

describe('reference server on Redis: several nodes', function () {
  this.timeout(60_000);
  let cluster: Cluster | null = null;
  afterEach(async () => {
    await cluster?.stop();
    cluster = null;
  });

  it('three nodes: an offer created through B is accepted on A; the session shows on both; /api/state is alike on every node', async () => {
    cluster = await Cluster.start(await redisUrl(), 3);
    const a = cluster.agent(0, 0);
    const otherTab = cluster.agent(2, 0);
    await a.hello();
    await otherTab.hello();
    const { conversationId } = await cluster.call<{ conversationId: string }>(1, 'POST', '/api/conversations', { channel: 'chat', customer: { name: 'Dana' }, agentId: 'a1' });
    const offer = await until(() => [...a.offers().values()].find((o) => o.conversationId === conversationId), 'the offer on node A');
    await until(() => otherTab.offers().has(offer.offerId), 'the offer on the tab on node C');
    const ack = await a.ack(a.send({ type: 'accept', offerId: offer.offerId }));
    expect(ack.ok).to.equal(true);
    await until(() => a.sessions().find((s) => s.conversationId === conversationId), 'session.started on A');
    await until(() => otherTab.of('offer.revoked').some((f) => f.offerId === offer.offerId && f.reason === 'accepted-elsewhere'), 'the other tab drops it');
    const states = await Promise.all([0, 1, 2].map((i) => cluster!.state(i)));
    expect(JSON.stringify(states[1])).to.equal(JSON.stringify(states[0]));
    expect(JSON.stringify(states[2])).to.equal(JSON.stringify(states[0]));
    expectOnce(states[0], conversationId, 'active');
    expect(states[0].agents.find((x) => x.id === 'a1')).to.include({ sessions: 1, offers: 0, connected: true });
    expect(a.offerFrames(offer.offerId)).to.equal(1);
    expect(otherTab.offerFrames(offer.offerId)).to.equal(1);
    // A second agent on node B sees its own hello only: nothing of a1's.
    const b = cluster.agent(1, 1);
    expect(((await b.hello()).offers as unknown[]).length).to.equal(0);
    for (const x of [a, otherTab, b]) x.close();
  });

  it('a command retried with the same commandId on another node is applied once', async () => {
    cluster = await Cluster.start(await redisUrl(), 2);
    const onA = cluster.agent(0, 0);
    const onB = cluster.agent(1, 0);
    await onA.hello();
    await onB.hello();
    expect((await onA.ack(onA.send({ type: 'presence.set', presence: 'away' }, 'same-1'))).ok).to.equal(true);
    // The retry (say, after a reconnect to node B) carries another presence: the first result stands.
    expect((await onB.ack(onB.send({ type: 'presence.set', presence: 'busy' }, 'same-1'))).ok).to.equal(true);
    const state = await cluster.state(1);
    expect(state.agents.find((x) => x.id === 'a1')?.presence).to.equal('away');
    expect(onB.of('presence').filter((f) => f.presence === 'busy')).to.have.length(0);
    // And an accept retried across nodes makes one session.
    await cluster.call(0, 'POST', '/api/agents/a1/presence', { presence: 'available' });
    const { conversationId } = await cluster.call<{ conversationId: string }>(1, 'POST', '/api/conversations', { channel: 'chat', customer: { name: 'Eli' }, agentId: 'a1' });
    const offer = await until(() => [...onA.offers().values()].find((o) => o.conversationId === conversationId), 'the offer');
    await onA.ack(onA.send({ type: 'accept', offerId: offer.offerId }, 'acc-1'));
    expect((await onB.ack(onB.send({ type: 'accept', offerId: offer.offerId }, 'acc-1'))).ok).to.equal(true);
    const after = await cluster.state(0);
    expectOnce(after, conversationId, 'active');
    expect(after.agents.find((x) => x.id === 'a1')?.sessions).to.equal(1);
    onA.close();
    onB.close();
  });

  it('settings, contacts and presence set through one node are what every node answers', async () => {
    cluster = await Cluster.start(await redisUrl(), 2);
    await cluster.call(0, 'PUT', '/api/settings', { templates: { chat: { timeoutSec: 42 } } });
    await cluster.call(1, 'POST', '/api/contacts', { name: 'Maria Campbell', mobilePhone: '+1 425 555 0100' });
    await cluster.call(1, 'POST', '/api/agents/a2/presence', { presence: 'away' });
    for (const i of [0, 1]) {
      expect((await cluster.call<Settings>(i, 'GET', '/api/settings')).templates.chat.timeoutSec).to.equal(42);
      expect((await cluster.call<{ name: string }[]>(i, 'GET', '/api/contacts')).map((c) => c.name)).to.include('Maria Campbell');
      expect((await cluster.state(i)).agents.find((x) => x.id === 'a2')?.presence).to.equal('away');
    }
  });
});
