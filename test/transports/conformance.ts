/**
 * One conformance suite for every transport (DESIGN.md "Transports"): the
 * same cases run against memory, WebSocket, SSE and postMessage, each behind
 * a harness that provides a server (an engine, a real server process, a
 * bridged shell) and a network it can cut. Cases only poll for conditions;
 * the harnesses configure short heartbeats so that a cut is noticed fast.
 */
import { expect } from '@open-wc/testing';
import type { OmniTransport } from '../../src/services/protocol/index.js';
import type { ConversationRequest, EngineState } from '../../engine/index.js';
import { Client, until } from './client.js';

export interface Cut {
  /** `both`: nothing passes (and nothing says so); `down`: commands reach the server, its answers are lost. */
  direction?: 'both' | 'down';
}

export interface Harness {
  /** Agents that exist on the server, each with capacity ≥ 3. */
  readonly agents: readonly string[];
  /** A new tab's transport for an agent (its own network link); `badToken`: credentials the server refuses. */
  transport(agentId: string, opts?: { badToken?: boolean }): Promise<OmniTransport>;
  cut(t: OmniTransport, how?: Cut): Promise<void>;
  restore(t: OmniTransport): Promise<void>;
  createConversation(req: ConversationRequest): Promise<string>;
  cancelConversation(id: string): Promise<void>;
  setPresence(agentId: string, presence: string): Promise<void>;
  state(): Promise<EngineState>;
  /** Raw frames from the server side to every tab of an agent. */
  frames(agentId: string, frames: (string | object)[]): Promise<void>;
  /** Restarts the server (a new engine); absent where there is no server process. */
  restart?(): Promise<void>;
  dispose(): Promise<void>;
}

const chat = (agentId: string, name = 'Dana Whitfield'): ConversationRequest => ({ channel: 'chat', customer: { name }, comment: 'Where is my order?', agentId });

/** Makes a harness per test; `shutdown` (if any) runs once after the suite (a shared server). */
export type HarnessFactory = (() => Promise<Harness>) & { shutdown?: () => Promise<void> };

export function runConformance(name: string, makeHarness: HarnessFactory, capabilities: { restart?: boolean } = {}): void {
  describe(`transport conformance: ${name}`, function () {
    this.timeout(60_000);
    let h: Harness;
    const clients: Client[] = [];
    let agent: string;

    async function tab(agentId = agent, opts?: { badToken?: boolean }): Promise<Client> {
      const c = new Client(await h.transport(agentId, opts));
      clients.push(c);
      return c;
    }
    /** A tab with one offer on screen, confirmed as displayed. */
    async function tabWithOffer() {
      const c = await tab();
      await c.ready();
      const conversationId = await h.createConversation(chat(agent));
      const offer = await c.offerFor(conversationId);
      await c.center.displayed(offer.offerId);
      return { c, offer, conversationId };
    }
    const conversation = async (id: string) => (await h.state()).conversations.find((x) => x.id === id);
    const accepts = async (id: string) => (await conversation(id))?.history.filter((e) => e.event === 'accepted').length ?? 0;

    beforeEach(async () => {
      h = await makeHarness();
      agent = h.agents[0];
    });
    afterEach(async () => {
      for (const c of clients.splice(0)) c.close();
      await h.dispose();
    });
    after(async () => {
      await makeHarness.shutdown?.();
    });

    it('delivers the hello first, then messages in the order the server sent them', async () => {
      const c = await tab();
      await c.ready();
      const ids = [];
      for (const n of ['Ann', 'Ben', 'Cleo']) ids.push(await h.createConversation(chat(agent, n)));
      await h.setPresence(agent, 'busy');
      await until(() => c.center.state.presence === 'busy', 'presence busy');

      const types = c.frames.map((f) => (f as { type?: string }).type).filter((t) => t !== 'pong' && t !== 'ack');
      expect(types[0]).to.equal('hello');
      expect(types.slice(1)).to.deep.equal(['offer', 'offer', 'offer', 'presence']);
      expect(c.offers.map((o) => o.conversationId)).to.deep.equal(ids);
    });

    it('shows an offer once across a reconnect, with its original deadline', async () => {
      const { c, offer } = await tabWithOffer();
      const t = c.transport;

      await h.cut(t);
      await until(() => c.connection !== 'open', 'the cut to be noticed');
      await h.restore(t);
      await until(() => c.connection === 'open', 'the connection to come back');
      await c.center.displayed(offer.offerId); // a round trip: whatever the server had to resend has arrived

      expect(c.center.state.offers.map((o) => [o.offerId, o.expiresAt])).to.deep.equal([[offer.offerId, offer.expiresAt]]);
      expect(c.offers.filter((o) => o.offerId === offer.offerId)).to.have.length(1);
      expect(c.removed).to.deep.equal([]);
    });

    it('reconciles what changed while the network was gone', async () => {
      const { c, offer, conversationId } = await tabWithOffer();

      await h.cut(c.transport);
      await until(() => c.connection !== 'open', 'the cut to be noticed');
      await h.cancelConversation(conversationId);
      await h.setPresence(agent, 'away');
      await h.restore(c.transport);

      await until(() => c.center.state.offers.length === 0 && c.center.state.presence === 'away', 'the reconciled state');
      expect(c.removed.map((r) => r.offerId)).to.deep.equal([offer.offerId]);
      expect(c.connection).to.equal('open');
    });

    it('retries an accept whose answer was lost, and it takes effect once', async () => {
      const { c, offer, conversationId } = await tabWithOffer();

      await h.cut(c.transport, { direction: 'down' });
      const accepted = c.center.accept(offer.offerId);
      await until(async () => (await conversation(conversationId))?.status === 'active', 'the server to apply the accept');
      await h.restore(c.transport);
      await accepted;

      expect(await accepts(conversationId)).to.equal(1);
      await until(() => c.center.state.sessions.length === 1, 'the session');
      expect(c.sessions.map((s) => s.conversationId)).to.deep.equal([conversationId]);
      expect(c.center.state.offers).to.deep.equal([]);
    });

    it('delivers an accept made as the network vanished, once, after the reconnect', async () => {
      const { c, offer, conversationId } = await tabWithOffer();

      await h.cut(c.transport);
      const accepted = c.center.accept(offer.offerId);
      await until(() => c.connection !== 'open', 'the cut to be noticed');
      await h.restore(c.transport);
      await accepted;

      expect(await accepts(conversationId)).to.equal(1);
      await until(() => c.sessions.length === 1, 'the session');
      expect(c.center.state.offers).to.deep.equal([]);
    });

    it('keeps commands in order', async () => {
      const c = await tab();
      await c.ready();

      await Promise.all([c.center.setPresence('busy'), c.center.setPresence('away'), c.center.setPresence('available')]);

      expect((await h.state()).agents.find((a) => a.id === agent)?.presence).to.equal('available');
      expect(c.center.state.presence).to.equal('available');
    });

    it('revokes the offer in the other tabs when one tab accepts', async () => {
      const one = await tab();
      const two = await tab();
      await Promise.all([one.ready(), two.ready()]);
      const conversationId = await h.createConversation(chat(agent));
      const [offer] = await Promise.all([one.offerFor(conversationId), two.offerFor(conversationId)]);

      await one.center.accept(offer.offerId);

      await until(() => two.removed.length === 1, 'the other tab to drop the offer');
      expect(two.removed).to.deep.equal([{ offerId: offer.offerId, reason: 'accepted-elsewhere' }]);
      expect(one.sessions.map((s) => s.conversationId)).to.deep.equal([conversationId]);
      expect(await accepts(conversationId)).to.equal(1);
    });

    it('reports bad frames, drops them and keeps going', async () => {
      const { c, offer } = await tabWithOffer();
      const stateBefore = JSON.stringify({ ...c.center.state, pending: [] });

      await h.frames(agent, [
        '{"broken"',
        { v: 2, type: 'offer', id: 'x1', ts: 1 },
        { v: 1, type: 'bogus', id: 'x2', ts: 1 },
        JSON.stringify({ v: 1, type: 'notice', id: 'x3', ts: 1, pad: 'x'.repeat(70 * 1024) }),
        { v: 1, type: 'offer', id: 'x4', ts: 1, offer: { ...offer, offerId: 42 } },
      ]);
      await until(() => c.errors.length >= 5, 'five errors');

      expect(c.errors.map((e) => e.code)).to.deep.equal(['bad-json', 'unsupported-version', 'bad-message', 'too-large', 'bad-message']);
      expect(JSON.stringify({ ...c.center.state, pending: [] })).to.equal(stateBefore);
      const next = await h.createConversation(chat(agent, 'Eve'));
      await c.offerFor(next);
      expect(c.connection).to.equal('open');
    });

    it('closes on disconnect: sends are refused and the server sees the tab gone', async () => {
      const c = await tab();
      await c.ready();

      c.center.disconnect();

      expect(c.connection).to.equal('closed');
      let refused: unknown;
      await c.transport.send({ v: 1, type: 'ping', commandId: 'late', clientTime: 1 }).catch((e: unknown) => (refused = e));
      expect(String(refused)).to.match(/transport-closed/);
      await until(async () => (await h.state()).agents.find((a) => a.id === agent)?.connected === false, 'the server to see no tab');
    });

    it('ends in closed/unauthorized, without retrying, when the server refuses the credentials', async () => {
      const c = await tab(agent, { badToken: true });

      await until(() => c.connection === 'closed' && c.states.some((s) => s.error), 'the refusal');

      expect(c.states.find((s) => s.error)?.error).to.match(/unauthorized/);
      expect(c.states.map((s) => s.state)).to.not.include('open');
    });

    if (capabilities.restart) {
      it('reconnects by itself to a restarted server and shows only what the new server holds', async () => {
        const { c } = await tabWithOffer();
        const hellos = c.of('hello').length;

        await h.restart!();

        await until(() => c.connection === 'open' && c.of('hello').length > hellos, 'a hello from the new server');
        await until(() => c.center.state.offers.length === 0, 'the old offer to go');
        const fresh = await h.createConversation(chat(agent, 'Finn'));
        await c.offerFor(fresh);
        expect(c.center.state.offers.map((o) => o.conversationId)).to.deep.equal([fresh]);
      });
    }
  });
}
