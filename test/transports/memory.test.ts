import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { RoutingEngine } from '../../engine/index.js';
import type { ConnectionState, ServerMessage, TransportSink } from '../../src/services/protocol/index.js';
import { MemoryTransport } from '../../src/services/transports/memory.js';
import { runConformance } from './conformance.js';
import { memoryHarness } from './harnesses.js';

/** A sink that records states and messages in one timeline. */
class RecordingSink implements TransportSink {
  readonly timeline: string[] = [];
  readonly messages: (string | object)[] = [];
  readonly states: { s: ConnectionState; error?: string }[] = [];
  onMessage: (m: string | object) => void = () => {};
  message(data: string | object): void {
    this.messages.push(data);
    this.timeline.push(typeof data === 'string' ? `raw:${data}` : (data as ServerMessage).type);
    this.onMessage(data);
  }
  state(s: ConnectionState, error?: string): void {
    this.states.push(error ? { s, error } : { s });
    this.timeline.push(`state:${s}`);
  }
  of<K extends ServerMessage['type']>(type: K): Extract<ServerMessage, { type: K }>[] {
    return this.messages.filter((m): m is Extract<ServerMessage, { type: K }> => typeof m === 'object' && (m as ServerMessage).type === type);
  }
}

/** Resolves once the transport has delivered all it holds. */
const settled = (t: MemoryTransport) => t.idle();

describe('MemoryTransport', () => {
  let engine: RoutingEngine;
  let clock: sinon.SinonFakeTimers | undefined;

  beforeEach(() => {
    engine = new RoutingEngine({ idPrefix: '' });
    engine.addAgent({ id: 'a', name: 'Alex' });
  });
  afterEach(() => {
    engine.dispose();
    clock?.restore();
    clock = undefined;
  });

  it('reports connecting at once, then open, then delivers hello, all asynchronously', async () => {
    const t = new MemoryTransport(engine, 'a');
    const sink = new RecordingSink();

    t.connect(sink);
    expect(sink.timeline).to.deep.equal(['state:connecting']);

    await settled(t);
    expect(sink.timeline).to.deep.equal(['state:connecting', 'state:open', 'hello']);
    expect(t.state).to.equal('open');
  });

  it('passes commands to the engine asynchronously and delivers the answers in order', async () => {
    const t = new MemoryTransport(engine, 'a');
    const sink = new RecordingSink();
    t.connect(sink);
    await settled(t);

    const sent = t.send({ v: 1, type: 'ping', commandId: 'c1', clientTime: 5 });
    expect(sink.of('pong')).to.deep.equal([]);
    await sent;
    await settled(t);

    expect(sink.timeline.slice(3)).to.deep.equal(['pong', 'ack']);
    expect(sink.of('ack')[0]).to.include({ commandId: 'c1', ok: true });
  });

  it('rejects a send before the connection is open and after disconnect', async () => {
    const t = new MemoryTransport(engine, 'a');
    const sink = new RecordingSink();
    const ping = { v: 1, type: 'ping', commandId: 'c1', clientTime: 1 };
    await expectRejection(t.send(ping), 'transport-closed');
    t.connect(sink);
    await expectRejection(t.send(ping), 'transport-closed');
    await settled(t);

    t.disconnect();

    expect(sink.states.map((s) => s.s)).to.deep.equal(['connecting', 'open', 'closed']);
    expect(engine.getState().agents[0].connected).to.equal(false);
    await expectRejection(t.send(ping), 'transport-closed');
  });

  it('never re-enters the sink: a message sent while one is handled arrives after it', async () => {
    const t = new MemoryTransport(engine, 'a');
    const sink = new RecordingSink();
    let depth = 0;
    let maxDepth = 0;
    sink.onMessage = (m) => {
      depth++;
      maxDepth = Math.max(maxDepth, depth);
      // The engine answers synchronously into the transport while we are still handling `hello`.
      if ((m as ServerMessage).type === 'hello') engine.setPresence('a', 'busy', 'supervisor');
      sink.timeline.push(`handled:${(m as ServerMessage).type}`);
      depth--;
    };

    t.connect(sink);
    await settled(t);

    expect(maxDepth).to.equal(1);
    expect(sink.timeline).to.deep.equal(['state:connecting', 'state:open', 'hello', 'handled:hello', 'presence', 'handled:presence']);
  });

  it('delivers injected raw frames as they are, in order with the engine’s messages', async () => {
    const t = new MemoryTransport(engine, 'a');
    const sink = new RecordingSink();
    t.connect(sink);
    await settled(t);

    engine.setPresence('a', 'away', 'supervisor');
    await t.inject('{"broken"');
    const obj = { v: 1, type: 'bogus' };
    await t.inject(obj);

    expect(sink.timeline.slice(3)).to.deep.equal(['presence', 'raw:{"broken"', 'bogus']);
    expect(sink.messages[sink.messages.length - 1]).to.equal(obj);
  });

  it('copies messages, so what the client does with them cannot change the engine', async () => {
    const t = new MemoryTransport(engine, 'a');
    const sink = new RecordingSink();
    t.connect(sink);
    await settled(t);

    sink.of('hello')[0].settings.templates.chat.timeoutSec = 1;

    expect(engine.settings().templates.chat.timeoutSec).to.equal(120);
  });

  it('drop() loses the connection (reconnecting, sends fail) and restore() brings a new hello', async () => {
    const t = new MemoryTransport(engine, 'a');
    const sink = new RecordingSink();
    t.connect(sink);
    await settled(t);

    t.drop();
    expect(sink.states[sink.states.length - 1].s).to.equal('reconnecting');
    expect(engine.getState().agents[0].connected).to.equal(false);
    await expectRejection(t.send({ v: 1, type: 'ping', commandId: 'c', clientTime: 1 }), 'transport-closed');
    engine.setPresence('a', 'away', 'supervisor');

    t.restore();
    await settled(t);

    expect(sink.states.map((s) => s.s)).to.deep.equal(['connecting', 'open', 'reconnecting', 'open']);
    expect(sink.of('presence')).to.deep.equal([]);
    expect(sink.of('hello').map((h) => h.presence)).to.deep.equal(['available', 'away']);
  });

  it('loses messages that were on their way when the network dropped', async () => {
    const t = new MemoryTransport(engine, 'a');
    const sink = new RecordingSink();
    t.connect(sink);
    await settled(t);

    engine.setPresence('a', 'busy', 'supervisor');
    t.drop();
    await settled(t);

    expect(sink.of('presence')).to.deep.equal([]);
  });

  it('reports closed with the reason when the engine refuses the agent', async () => {
    const t = new MemoryTransport(engine, 'mallory');
    const sink = new RecordingSink();

    t.connect(sink);
    await settled(t);

    expect(sink.states.map((s) => s.s)).to.deep.equal(['connecting', 'closed']);
    expect(sink.states[1].error).to.match(/^unauthorized/);
  });

  it('delays each message by latencyMs when asked to', async () => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const t = new MemoryTransport(engine, 'a', { latencyMs: 50 });
    const sink = new RecordingSink();
    t.connect(sink);

    await clock.tickAsync(49);
    expect(sink.timeline).to.deep.equal(['state:connecting']);
    await clock.tickAsync(1);
    expect(sink.timeline).to.deep.equal(['state:connecting', 'state:open']);
    await clock.tickAsync(49);
    expect(sink.of('hello')).to.deep.equal([]);
    await clock.tickAsync(1);
    expect(sink.of('hello')).to.have.length(1);
  });

  it('replaces the previous sink when connected again', async () => {
    const t = new MemoryTransport(engine, 'a');
    const first = new RecordingSink();
    const second = new RecordingSink();
    t.connect(first);
    await settled(t);

    t.connect(second);
    await settled(t);
    engine.setPresence('a', 'away', 'supervisor');
    await settled(t);

    expect(first.of('presence')).to.deep.equal([]);
    expect(second.timeline).to.deep.equal(['state:connecting', 'state:open', 'hello', 'presence']);
    expect(engine.getState().agents[0].connected).to.equal(true);
  });
});

async function expectRejection(p: Promise<unknown>, message: string): Promise<void> {
  let error: unknown;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  expect(error, 'rejection').to.be.instanceOf(Error);
  expect((error as Error).message).to.equal(message);
}

runConformance('memory', memoryHarness);
