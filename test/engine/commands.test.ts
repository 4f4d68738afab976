import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { OmniEngineError, RoutingEngine, type EngineClock, type EngineState } from '../../engine/index.js';
import { DEFAULT_TEMPLATES } from '../../src/services/templates.js';
import { T0, chat, fakeTime, team, useHarness } from './harness.js';

describe('RoutingEngine: connections and hello', () => {
  const h = useHarness();

  it('greets each connection with a hello snapshot in the v1 envelope', () => {
    const engine = h.engine();
    engine.addAgent({ id: 'a', name: 'Alex Wu', presence: 'busy' });

    const tab = h.tab(engine, 'a');

    const hello = tab.last('hello')!;
    expect(hello).to.deep.include({
      v: 1,
      ts: T0,
      serverTime: T0,
      agent: { id: 'a', name: 'Alex Wu' },
      presence: 'busy',
      lastSystemPresence: 'busy',
      offers: [],
      notices: [],
      sessions: [],
      missed: null,
    });
    expect(hello.settings).to.deep.equal(engine.settings());
    expect(hello.id).to.be.a('string').and.not.equal('');
  });

  it('gives every message a unique id', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    engine.createConversation(chat());
    tabs.a.send({ type: 'ping', clientTime: 1 });

    const ids = tabs.a.messages.map((m) => m.id);

    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('refuses a connection for an unknown agent with unauthorized', () => {
    const engine = h.engine();

    let error: unknown;
    try {
      engine.connect('mallory', () => {});
    } catch (e) {
      error = e;
    }

    expect(error).to.be.instanceOf(OmniEngineError);
    expect(error).to.include({ code: 'unauthorized' });
  });

  it('ignores commands on a closed connection and survives a deliver callback that throws', () => {
    const engine = h.engine();
    engine.addAgent({ id: 'a', name: 'A' });
    const broken = engine.connect('a', () => {
      throw new Error('socket gone');
    });
    const tab = h.tab(engine, 'a');
    tab.conn.close();

    expect(() => tab.conn.receive({ v: 1, type: 'ping', commandId: 'x', clientTime: 1 })).to.not.throw();
    expect(() => broken.receive({ v: 1, type: 'presence.set', commandId: 'y', presence: 'away' })).to.not.throw();
    expect(engine.getState().agents[0].presence).to.equal('away');
    expect(tab.of('ack')).to.deep.equal([]);
  });
});

describe('RoutingEngine: commands', () => {
  const h = useHarness();

  it('answers ping with pong and an ack', () => {
    const { tabs } = team(h, {}, ['a']);

    const ack = tabs.a.send({ type: 'ping', clientTime: 42 });

    expect(ack.ok).to.equal(true);
    expect(tabs.a.last('pong')).to.include({ clientTime: 42, serverTime: Date.now() });
  });

  it('applies a repeated commandId once and acks it again with the same result', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    engine.createConversation(chat());
    const offerId = tabs.a.offer().offerId;

    const first = tabs.a.send({ type: 'accept', offerId }, 'retry-1');
    const again = tabs.a.send({ type: 'accept', offerId }, 'retry-1');
    const failed = tabs.a.send({ type: 'reject', offerId: 'nope' }, 'retry-2');
    const failedAgain = tabs.a.send({ type: 'reject', offerId: 'nope' }, 'retry-2');

    expect([first.ok, again.ok]).to.deep.equal([true, true]);
    expect(tabs.a.of('session.started')).to.have.length(1);
    expect(failedAgain.error).to.deep.equal(failed.error);
    expect(tabs.a.of('ack').map((a) => a.commandId)).to.deep.equal(['retry-1', 'retry-1', 'retry-2', 'retry-2']);
  });

  it('applies a repeated presence.set once', () => {
    const { tabs } = team(h, {}, ['a']);

    tabs.a.send({ type: 'presence.set', presence: 'away' }, 'p-1');
    tabs.a.send({ type: 'presence.set', presence: 'away' }, 'p-1');

    expect(tabs.a.of('presence')).to.have.length(1);
  });

  it('answers a bad command with an ack when its commandId can be read, and never throws', () => {
    const { tabs } = team(h, {}, ['a']);
    const frames: [unknown, string][] = [
      [{ v: 2, type: 'ping', commandId: 'c1', clientTime: 1 }, 'unsupported-version'],
      [{ v: 1, type: 'teleport', commandId: 'c2' }, 'bad-message'],
      [{ v: 1, type: 'accept', commandId: 'c3' }, 'bad-message'],
      [JSON.stringify({ v: 1, type: 'presence.set', commandId: 'c4', presence: 'napping' }), 'bad-message'],
    ];

    for (const [frame] of frames) expect(() => tabs.a.conn.receive(frame)).to.not.throw();

    expect(tabs.a.of('ack').map((a) => [a.commandId, a.ok, a.error?.code])).to.deep.equal(
      frames.map(([, code], i) => [`c${i + 1}`, false, code]),
    );
    expect(tabs.a.of('presence')).to.deep.equal([]);
  });

  it('answers a frame without a readable commandId with an error message', () => {
    const { tabs } = team(h, {}, ['a']);

    for (const frame of ['{not json', 42, null, ['ping'], 'x'.repeat(70_000), { v: 1, type: 'ping', clientTime: 1 }]) {
      expect(() => tabs.a.conn.receive(frame)).to.not.throw();
    }

    expect(tabs.a.of('error').map((e) => e.code)).to.deep.equal(['bad-json', 'bad-message', 'bad-message', 'bad-message', 'too-large', 'bad-message']);
    expect(tabs.a.of('ack')).to.deep.equal([]);
  });

  it('acts for an agent without a connection, and returns errors instead of throwing', () => {
    const engine = h.engine();
    engine.addAgent({ id: 'sim', name: 'Sim', simulated: true });
    const { conversationId } = engine.createConversation(chat());
    const offerId = findOffer(engine, 'sim');

    expect(engine.act('sim', { type: 'accept', offerId })).to.deep.equal({ ok: true });
    expect(engine.getState().conversations.find((c) => c.id === conversationId)?.status).to.equal('active');
    expect(engine.act('nobody', { type: 'ping', clientTime: 1 }).error).to.deep.include({ code: 'unauthorized' });
    expect(engine.act('sim', { type: 'presence.set', presence: 'asleep' } as never).error).to.deep.include({ code: 'bad-message' });
    expect(engine.act('sim', { type: 'reject', offerId: 'nope', commandId: 'r1' }).error).to.deep.include({ code: 'unknown-offer' });
  });

  it('tells the agent’s tabs what was done on its behalf', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    engine.createConversation(chat());

    engine.act('a', { type: 'accept', offerId: tabs.a.offer().offerId });

    expect(tabs.a.last('offer.revoked')).to.include({ reason: 'accepted-elsewhere' });
    expect(tabs.a.of('session.started')).to.have.length(1);
  });
});

/** The offer the engine holds for an agent without a connection, seen through a temporary tab. */
function findOffer(engine: RoutingEngine, agentId: string): string {
  let offerId = '';
  const conn = engine.connect(agentId, (m) => {
    if (m.type === 'hello') offerId = m.offers[0]?.offerId ?? '';
  });
  conn.close();
  return offerId;
}

describe('RoutingEngine: settings', () => {
  const h = useHarness();

  it('merges a template update field by field and pushes the result to every connection', () => {
    const { engine, tabs } = team(h, {}, ['a', 'b']);

    const merged = engine.updateSettings({ templates: { chat: { timeoutSec: 30 } }, theme: 'dark' });

    expect(merged.templates.chat).to.deep.equal({ ...DEFAULT_TEMPLATES.chat, timeoutSec: 30 });
    expect(merged.templates.sms).to.deep.equal(DEFAULT_TEMPLATES.sms);
    expect(merged.theme).to.equal('dark');
    expect(tabs.a.last('settings')!.settings).to.deep.equal(merged);
    expect(tabs.b.last('settings')!.settings).to.deep.equal(merged);
    engine.createConversation(chat());
    expect(tabs.a.offer().expiresAt - tabs.a.offer().offeredAt).to.equal(30_000);
  });

  it('merges sound field by field and accepts a new template id', () => {
    const engine = h.engine();

    const s = engine.updateSettings({ templates: { chat: { sound: { volume: 0.2 } as never }, vip: { title: 'VIP chat' } } });

    expect(s.templates.chat.sound).to.deep.equal({ tone: 'chat', repeat: true, volume: 0.2 });
    expect(s.templates.vip).to.deep.include({ id: 'vip', title: 'VIP chat', kind: 'alert', timeoutSec: 120 });
  });

  it('refuses an invalid update and keeps the settings it had', () => {
    const engine = h.engine();
    const before = engine.settings();

    expect(() => engine.updateSettings({ templates: { chat: { timeoutSec: 'soon' as never } } })).to.throw(/timeoutSec/);
    expect(() => engine.updateSettings({ theme: 'neon' as never })).to.throw(/theme/);
    expect(() => engine.updateSettings({ displayWindowMs: -1 })).to.throw(/displayWindowMs/);
    expect(() => engine.updateSettings({ templates: { chat: { fields: ['1', '2', '3', '4', '5'] } } })).to.throw(/fields/);
    expect(engine.settings()).to.deep.equal(before);
  });

  it('returns copies the caller cannot use to change the engine', () => {
    const engine = h.engine();

    engine.settings().templates.chat.timeoutSec = 1;

    expect(engine.settings().templates.chat.timeoutSec).to.equal(120);
  });
});

describe('RoutingEngine: observation, clocks, disposal', () => {
  const h = useHarness();

  it('replays the state to a subscriber and tells it about every change until it unsubscribes', () => {
    const engine = h.engine();
    const seen: EngineState[] = [];
    const off = engine.subscribe((s) => seen.push(s));
    expect(seen).to.have.length(1);

    engine.addAgent({ id: 'a', name: 'A', simulated: true });
    engine.createConversation(chat());
    off();
    engine.setPresence('a', 'away', 'supervisor');

    expect(seen).to.have.length(3);
    expect(seen[2].agents[0]).to.include({ id: 'a', offers: 1, simulated: true, connected: true });
    expect(seen[2].conversations[0]).to.include({ status: 'offered', agentId: 'a', offers: 1 });
  });

  it('reads the global clock lazily, so fake timers installed after the engine apply', () => {
    h.clock.restore();
    const engine = new RoutingEngine();
    engine.addAgent({ id: 'a', name: 'A', simulated: true });
    h.clock = fakeTime();
    try {
      engine.createConversation(chat());
      h.clock.tick(120_000);
      expect(engine.getState().agents[0]).to.include({ presence: 'inactive', missed: 1 });
    } finally {
      engine.dispose();
    }
  });

  it('runs on an injected clock', () => {
    let now = 1000;
    const pending: { at: number; fn: () => void }[] = [];
    const clock: EngineClock = {
      now: () => now,
      setTimeout: (fn, ms) => {
        const t = { at: now + ms, fn };
        pending.push(t);
        return t;
      },
      clearTimeout: (t) => pending.splice(pending.indexOf(t as (typeof pending)[0]) >>> 0, 1),
    };
    const engine = h.engine({ clock });
    engine.addAgent({ id: 'a', name: 'A', simulated: true });
    engine.createConversation(chat());
    const state = () => engine.getState().agents[0];
    expect(state().offers).to.equal(1);

    now = 121_000;
    for (const t of pending.splice(0).filter((t) => t.at <= now)) t.fn();

    expect(state()).to.include({ offers: 0, presence: 'inactive' });
    expect(h.clock.countTimers()).to.equal(0);
  });

  it('clears every timer on dispose', () => {
    const { engine, tabs } = team(h, {}, ['a']);
    engine.createConversation(chat());
    tabs.a.send({ type: 'reject', offerId: tabs.a.offer().offerId });
    engine.createConversation(chat('Ben'));
    expect(h.clock.countTimers()).to.be.greaterThan(0);

    engine.dispose();

    expect(h.clock.countTimers()).to.equal(0);
    h.clock.tick(600_000);
    expect(tabs.a.of('offer.revoked')).to.have.length(1);
  });

  it('refuses an agent twice or with a bad shape', () => {
    const engine = h.engine();
    engine.addAgent({ id: 'a', name: 'A' });

    expect(() => engine.addAgent({ id: 'a', name: 'Again' })).to.throw(/already exists/);
    expect(() => engine.addAgent({ id: '', name: 'X' })).to.throw(/agent.id/);
    expect(() => engine.addAgent({ id: 'b', name: 'B', presence: 'asleep' as never })).to.throw(/presence/);
    expect(sinon.match.instanceOf(OmniEngineError).test(catchError(() => engine.addAgent({ id: 'a', name: 'A' })))).to.equal(true);
  });
});

function catchError(fn: () => void): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}
