/**
 * The reconnect logic shared by the WebSocket and SSE transports, driven
 * through WebSocketTransport with a scripted socket and a fake clock:
 * backoff with full jitter, its cap and reset, heartbeat, wake-ups, refusal,
 * and the order the outbox relies on (reconnecting before rejections).
 */
import { expect } from '@open-wc/testing';
import type sinon from 'sinon';
import { fakeClock } from '../helpers.js';
import type { ConnectionState, TransportSink } from '../../src/services/protocol/index.js';
import { WebSocketTransport, type WebSocketLike, type WebSocketTransportOptions } from '../../src/services/transports/websocket.js';
import { SseTransport } from '../../src/services/transports/sse.js';

class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  bufferedAmount = 0;
  binaryType = 'blob';
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  sent: Record<string, unknown>[] = [];
  closedByClient = false;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closedByClient = true;
    this.readyState = 3;
  }
  /** The server accepts and says hello. */
  accept(): void {
    this.readyState = 1;
    this.onmessage?.({ data: JSON.stringify({ v: 1, type: 'hello', id: `h-${FakeSocket.all.length}`, ts: 0 }) });
  }
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  static last(): FakeSocket {
    return FakeSocket.all[FakeSocket.all.length - 1];
  }
}

class Sink implements TransportSink {
  log: string[] = [];
  frames: unknown[] = [];
  message(d: string | object): void {
    this.frames.push(d);
  }
  state(s: ConnectionState, error?: string): void {
    this.log.push(error ? `${s}:${error}` : s);
  }
  get states(): string[] {
    return this.log.map((l) => l.split(':')[0]);
  }
}

describe('WebSocketTransport reconnect logic (fake socket, fake clock)', () => {
  let clock: sinon.SinonFakeTimers;
  let win: EventTarget;
  let doc: EventTarget & { visibilityState: string };
  let sink: Sink;

  function make(opts: Partial<WebSocketTransportOptions> = {}) {
    const t = new WebSocketTransport({
      url: 'ws://example.test/ws',
      token: 't0k',
      WebSocket: FakeSocket,
      random: () => 0.5,
      environment: { window: win, document: doc },
      ...opts,
    });
    t.connect(sink);
    return t;
  }

  beforeEach(() => {
    clock = fakeClock(1_000_000);
    FakeSocket.all = [];
    win = new EventTarget();
    doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    sink = new Sink();
  });
  afterEach(() => clock.restore());

  it('counts as open at the first frame, not when the socket opens, and passes the token', () => {
    const t = make();
    expect(FakeSocket.last().url).to.equal('ws://example.test/ws?token=t0k');
    FakeSocket.last().readyState = 1;
    expect(t.state).to.equal('connecting');

    FakeSocket.last().accept();

    expect(sink.states).to.deep.equal(['connecting', 'open']);
    expect(sink.frames).to.have.length(1);
  });

  it('waits a jittered, doubling delay between attempts, capped', async () => {
    make({ backoffBaseMs: 500, backoffCapMs: 3000 });
    const waits = [250, 500, 1000, 1500, 1500];
    for (const wait of waits) {
      const before = FakeSocket.all.length;
      FakeSocket.last().drop();
      await clock.tickAsync(wait - 1);
      expect(FakeSocket.all.length, `still waiting after ${wait - 1} ms`).to.equal(before);
      await clock.tickAsync(1);
      expect(FakeSocket.all.length, `dialled at ${wait} ms`).to.equal(before + 1);
    }
    expect(sink.states).to.deep.equal(['connecting']);
  });

  it('starts the backoff over after a connection that stayed up', async () => {
    make({ backoffBaseMs: 500, stableAfterMs: 10_000, pingIntervalMs: 60_000 });
    FakeSocket.last().drop();
    await clock.tickAsync(250);
    FakeSocket.last().drop();
    await clock.tickAsync(500);
    FakeSocket.last().accept();
    await clock.tickAsync(10_000);

    FakeSocket.last().drop();

    expect(sink.states.slice(-2)).to.deep.equal(['open', 'reconnecting']);
    const before = FakeSocket.all.length;
    await clock.tickAsync(250);
    expect(FakeSocket.all.length).to.equal(before + 1);
  });

  it('pings on the interval and declares the connection dead when nothing answers in time', async () => {
    make({ pingIntervalMs: 5000, pongTimeoutMs: 4000 });
    FakeSocket.last().accept();
    const socket = FakeSocket.last();

    await clock.tickAsync(5000);
    expect(socket.sent).to.have.length(1);
    expect(socket.sent[0]).to.include({ v: 1, type: 'ping', clientTime: 1_005_000 });
    await clock.tickAsync(3999);
    expect(sink.states.at(-1)).to.equal('open');
    await clock.tickAsync(1);

    expect(sink.log.at(-1)).to.equal('reconnecting:heartbeat timeout');
    expect(socket.closedByClient).to.equal(true);
  });

  it('stays open while the server answers, and passes the pong on', async () => {
    make({ pingIntervalMs: 5000, pongTimeoutMs: 4000 });
    FakeSocket.last().accept();
    const socket = FakeSocket.last();
    for (let i = 0; i < 3; i++) {
      await clock.tickAsync(5000);
      const ping = socket.sent.at(-1)!;
      socket.onmessage?.({ data: JSON.stringify({ v: 1, type: 'pong', id: `p${i}`, ts: 0, clientTime: ping.clientTime, serverTime: 1 }) });
    }
    await clock.tickAsync(4000);

    expect(sink.states).to.deep.equal(['connecting', 'open']);
    expect(sink.frames.filter((f) => String(f).includes('"pong"'))).to.have.length(3);
  });

  it('abandons an attempt that gets no answer within the connect timeout', async () => {
    make({ connectTimeoutMs: 2000 });
    await clock.tickAsync(1999);
    expect(FakeSocket.all).to.have.length(1);
    await clock.tickAsync(1 + 250);

    expect(FakeSocket.all).to.have.length(2);
    expect(FakeSocket.all[0].closedByClient).to.equal(true);
  });

  it('dials at once when the browser says it is online again', async () => {
    make({ backoffBaseMs: 10_000 });
    FakeSocket.last().drop();
    expect(FakeSocket.all).to.have.length(1);

    win.dispatchEvent(new Event('online'));

    expect(FakeSocket.all).to.have.length(2);
  });

  it('checks an open connection at once when shown again after a long hide, not after a short one', async () => {
    make({ longHideMs: 30_000, pingIntervalMs: 120_000 });
    FakeSocket.last().accept();
    const socket = FakeSocket.last();
    const flip = (v: string) => {
      doc.visibilityState = v;
      doc.dispatchEvent(new Event('visibilitychange'));
    };

    flip('hidden');
    await clock.tickAsync(29_999);
    flip('visible');
    expect(socket.sent).to.have.length(0);
    flip('hidden');
    await clock.tickAsync(30_000);
    flip('visible');

    expect(socket.sent.map((c) => c.type)).to.deep.equal(['ping']);
  });

  it('gives up on 4401 (unauthorized): closed, no more attempts', async () => {
    make();
    FakeSocket.last().drop(4401);
    await clock.tickAsync(60_000);

    expect(sink.log).to.deep.equal(['connecting', 'closed:unauthorized']);
    expect(FakeSocket.all).to.have.length(1);
  });

  it('reports reconnecting before it rejects a send on a dropped socket', async () => {
    const t = make();
    FakeSocket.last().accept();
    FakeSocket.last().readyState = 3; // gone, its close event not yet delivered

    const order: string[] = [];
    const origState = sink.state.bind(sink);
    sink.state = (s, e) => {
      order.push(`state:${s}`);
      origState(s, e);
    };
    await t.send({ v: 1, type: 'accept', commandId: 'c1', offerId: 'o1' }).catch((e: Error) => order.push(`rejected:${e.message.split(':')[0]}`));

    expect(order).to.deep.equal(['state:reconnecting', 'rejected:transport-closed']);
  });

  it('never throws into the page for a bad address: closed, with the reason', () => {
    const ws = new WebSocketTransport({ url: 'http://[not a host', token: 't', environment: { window: win, document: doc } });
    const sse = new SseTransport({ url: 'http://[not a host', token: 't', environment: { window: win, document: doc } });
    const other = new Sink();

    expect(() => ws.connect(sink)).not.to.throw();
    expect(() => sse.connect(other)).not.to.throw();

    expect(sink.states).to.deep.equal(['connecting', 'closed']);
    expect(other.states).to.deep.equal(['connecting', 'closed']);
  });

  it('refuses sends before open and over 64 KiB, and after disconnect', async () => {
    const t = make();
    const errors: string[] = [];
    await t.send({ v: 1 }).catch((e: Error) => errors.push(e.message));
    FakeSocket.last().accept();
    await t.send({ v: 1, pad: 'x'.repeat(70_000) }).catch((e: Error) => errors.push(e.message.split(':')[0]));
    t.disconnect();
    await t.send({ v: 1 }).catch((e: Error) => errors.push(e.message));

    expect(errors).to.deep.equal(['transport-closed', 'too-large', 'transport-closed']);
    expect(sink.states).to.deep.equal(['connecting', 'open', 'closed']);
    FakeSocket.all[0].drop();
    await clock.tickAsync(60_000);
    expect(FakeSocket.all).to.have.length(1);
  });
});
