/**
 * The routing indexes: the ordered set against a sorted array, and the engine
 * under random operations: after every step no queued conversation waits
 * while an agent could take it, and rebuilding the indexes from the records
 * (what a store restore does) changes nothing.
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type sinon from 'sinon';
import { RoutingEngine, type EngineConnection } from '../../engine/index.js';
import { OrderedSet } from '../../engine/ordered.js';
import type { Offer, Presence, ServerMessage } from '../../src/services/protocol/index.js';
import { fakeTime } from './harness.js';

describe('engine: ordered queue and free-agent index', () => {
  it('OrderedSet keeps items in key order through adds, re-files and deletes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('add', 'delete'), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 5 })), { maxLength: 200 }), (ops) => {
        const items = Array.from({ length: 31 }, (_, i) => ({ id: i, k: 0 }));
        const set = new OrderedSet<{ id: number; k: number }>((x) => [x.k, x.id]);
        const model = new Map<number, number>();
        for (const [op, id, k] of ops) {
          const item = items[id];
          if (op === 'add') {
            item.k = k; // the key changes while filed: add re-files it
            set.add(item);
            model.set(id, k);
          } else {
            item.k = 99; // delete uses the key it was filed under
            expect(set.delete(item)).to.equal(model.delete(id));
          }
          const expected = [...model].sort((a, b) => a[1] - b[1] || a[0] - b[0]).map(([i]) => i);
          expect([...set].map((x) => x.id)).to.deep.equal(expected);
          expect(set.first()?.id).to.equal(expected[0]);
          expect(set.size).to.equal(expected.length);
        }
        const keys = [...set].map((x) => set.keyFor(x)!);
        keys.forEach((key, i) => expect(set.after(key)?.id).to.equal([...set][i + 1]?.id));
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  describe('random operations', () => {
    let clock: sinon.SinonFakeTimers;
    beforeEach(() => {
      clock = fakeTime();
    });
    afterEach(() => clock.restore());

    it('never leaves work queued that an agent could take; rebuildIndexes() changes nothing', () => {
      const presences: Presence[] = ['available', 'busy', 'away', 'offline'];
      const op = fc.oneof(
        fc.record({ t: fc.constant('create' as const), agent: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }) }),
        fc.record({ t: fc.constant('presence' as const), agent: fc.integer({ min: 0, max: 4 }), p: fc.constantFrom(...presences) }),
        fc.record({ t: fc.constantFrom('accept' as const, 'reject' as const, 'end' as const, 'ack' as const), agent: fc.integer({ min: 0, max: 4 }) }),
        fc.record({ t: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 40_000 }) }),
      );
      fc.assert(
        fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
          const engine = new RoutingEngine({ idPrefix: 'q-', rejectCooldownMs: 0 });
          const offers = new Map<string, Offer[]>();
          const sessions = new Map<string, string[]>();
          const conns: EngineConnection[] = [];
          let n = 0;
          for (let i = 0; i < 5; i++) {
            const id = `ag${i}`;
            engine.addAgent({ id, name: id, capacity: 1 + (i % 3) });
            offers.set(id, []);
            sessions.set(id, []);
            conns.push(
              engine.connect(id, (m: ServerMessage) => {
                if (m.type === 'offer') offers.get(id)!.push(m.offer);
                if (m.type === 'offer.revoked') offers.set(id, offers.get(id)!.filter((o) => o.offerId !== m.offerId));
                if (m.type === 'session.started') sessions.get(id)!.push(m.session.conversationId);
              }),
            );
          }
          const send = (i: number, body: Record<string, unknown>) => conns[i].receive({ v: 1, commandId: `c${++n}`, ...body });
          try {
            for (const o of ops) {
              const id = 'agent' in o && o.agent !== undefined ? `ag${o.agent}` : '';
              if (o.t === 'create') engine.createConversation({ channel: n % 3 ? 'chat' : 'sms', customer: { name: `x${++n}` }, agentId: id || undefined });
              else if (o.t === 'presence') engine.setPresence(id, o.p, 'supervisor');
              else if (o.t === 'tick') clock.tick(o.ms);
              else if (o.t === 'end') {
                const c = sessions.get(id)!.shift();
                if (c) engine.endConversation(c);
              } else if (o.t === 'ack') send(o.agent, { type: 'missed.ack' });
              else {
                const offer = offers.get(id)![0];
                if (offer) send(o.agent, { type: o.t, offerId: offer.offerId });
              }
              const state = engine.getState();
              const idle = state.agents.filter(
                (a) => (a.presence === 'available' || a.presence === 'busy') && a.missed === 0 && a.sessions + a.offers < a.capacity,
              );
              const queued = state.conversations.filter((c) => c.status === 'queued');
              expect(queued.length && idle.length, `queued ${queued.length} while ${idle.map((a) => a.id).join()} idle`).to.equal(0);
            }
            const before = JSON.stringify(engine.getState());
            engine.rebuildIndexes();
            engine.setPresence('ag0', engine.getState().agents[0].presence, 'system'); // one dispatch pass
            const after = JSON.parse(JSON.stringify(engine.getState()));
            const again = JSON.parse(before);
            // The presence call itself only adds nothing but its own effect on ag0's missed state.
            expect(after.conversations.map((c: { status: string }) => c.status)).to.deep.equal(again.conversations.map((c: { status: string }) => c.status));
          } finally {
            engine.dispose();
          }
        }),
        { seed: 7, numRuns: 150 },
      );
    });
  });
});
