/**
 * Idempotency keys are kept per agent and for a limited time
 * (EngineOptions.commandMemory; the server's OMNI_IDEMPOTENCY_KEYS and
 * OMNI_IDEMPOTENCY_MS): one agent's commands cannot evict another's keys, and
 * a key older than the age limit is forgotten.
 */
import { expect } from '@open-wc/testing';
import { chat, team, useHarness } from './harness.js';

describe('RoutingEngine: idempotency keys per agent, with an age limit', () => {
  const h = useHarness();

  /** a rejects its offer with commandId `r-1` (ok); a repeat of r-1 is acked with that first result. */
  function rejected(opts = {}) {
    const { engine, tabs } = team(h, { rejectCooldownMs: 0, ...opts }, ['a', 'b']);
    engine.setPresence('b', 'away');
    engine.createConversation(chat());
    const offer = tabs.a.last('offer')!.offer;
    const ackOf = () => tabs.a.of('ack').filter((m) => m.commandId === 'r-1').at(-1);
    tabs.a.conn.receive({ v: 1, type: 'reject', commandId: 'r-1', offerId: offer.offerId });
    expect(ackOf()?.ok).to.equal(true);
    return { engine, tabs };
  }

  it('keeps an agent\'s key however many commands another agent sends', () => {
    const { tabs } = rejected();
    for (let i = 0; i < 6000; i++) tabs.b.conn.receive({ v: 1, type: 'presence.set', commandId: `b-${i}`, presence: i % 2 ? 'away' : 'offline' });
    tabs.a.conn.receive({ v: 1, type: 'reject', commandId: 'r-1', offerId: tabs.a.of('offer')[0].offer.offerId });
    const acks = tabs.a.of('ack').filter((m) => m.commandId === 'r-1');
    expect(acks.map((m) => m.ok)).to.deep.equal([true, true]);
  });

  it('forgets a key after the age limit (the command runs again)', () => {
    const { tabs } = rejected({ commandMemory: { maxAgeMs: 60_000 } });
    h.clock.tick(30_000);
    tabs.a.conn.receive({ v: 1, type: 'reject', commandId: 'r-1', offerId: tabs.a.of('offer')[0].offer.offerId });
    h.clock.tick(31_000);
    tabs.a.conn.receive({ v: 1, type: 'reject', commandId: 'r-1', offerId: tabs.a.of('offer')[0].offer.offerId });
    const acks = tabs.a.of('ack').filter((m) => m.commandId === 'r-1');
    expect(acks.map((m) => m.ok)).to.deep.equal([true, true, false]);
    expect(acks[2].error?.code).to.equal('unknown-offer');
  });

  it('keeps at most commandMemory.perAgent keys of one agent', () => {
    const { tabs } = rejected({ commandMemory: { perAgent: 10 } });
    for (let i = 0; i < 10; i++) tabs.a.conn.receive({ v: 1, type: 'presence.set', commandId: `a-${i}`, presence: 'available' });
    tabs.a.conn.receive({ v: 1, type: 'reject', commandId: 'r-1', offerId: tabs.a.of('offer')[0].offer.offerId });
    expect(tabs.a.of('ack').filter((m) => m.commandId === 'r-1').at(-1)?.ok).to.equal(false);
  });
});

describe('RoutingEngine: frames counted in bytes (every transport, the memory one too)', () => {
  const h = useHarness();

  it('answers 70,000 bytes of 3-byte characters (23,334 characters) with too-large, text or object', () => {
    const { tabs } = team(h, {}, ['a']);
    const note = '€'.repeat(Math.ceil(70_000 / 3));
    const body = { v: 1, type: 'presence.set', commandId: 'big', presence: 'away', note };
    tabs.a.conn.receive(JSON.stringify(body));
    tabs.a.conn.receive(body);
    const refused = tabs.a.messages.filter((m) => (m.type === 'ack' && m.error?.code === 'too-large') || (m.type === 'error' && m.code === 'too-large'));
    expect(refused).to.have.length(2);
    // 20,000 characters of the same kind (60,000 bytes) are within the limit: refused for the unknown field, not the size.
    tabs.a.conn.receive(JSON.stringify({ ...body, commandId: 'ok-size', note: '€'.repeat(20_000) }));
    const last = tabs.a.messages.at(-1)!;
    expect(last.type === 'ack' ? last.error?.code : last.type === 'error' ? last.code : '').to.not.equal('too-large');
  });
});
