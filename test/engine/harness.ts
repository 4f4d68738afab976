/**
 * Engine test harness: fake time, engines that are disposed after each test,
 * and a `Tab` (one engine connection) that records what the server sent and
 * checks every message against the wire validator.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { RoutingEngine, type EngineConnection, type EngineOptions } from '../../engine/index.js';
import {
  validateServerMessage,
  type CommandBody,
  type Offer,
  type ServerMessage,
} from '../../src/services/protocol/index.js';

export const T0 = 1_764_000_000_000;

export function fakeTime(): sinon.SinonFakeTimers {
  return sinon.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
}

type OfType<K extends ServerMessage['type']> = Extract<ServerMessage, { type: K }>;

let commandSeq = 0;

/** One connection of an agent, as a browser tab would hold it. */
export class Tab {
  readonly messages: ServerMessage[] = [];
  readonly conn: EngineConnection;

  constructor(
    engine: RoutingEngine,
    readonly agentId: string,
    violations: string[],
  ) {
    this.conn = engine.connect(agentId, (m) => {
      const v = validateServerMessage(JSON.parse(JSON.stringify(m)));
      if (!v.ok) violations.push(`${m.type}: ${v.error.message}`);
      this.messages.push(m);
    });
  }

  of<K extends ServerMessage['type']>(type: K): OfType<K>[] {
    return this.messages.filter((m): m is OfType<K> => m.type === type);
  }

  last<K extends ServerMessage['type']>(type: K): OfType<K> | undefined {
    const all = this.of(type);
    return all[all.length - 1];
  }

  /** Offers received and not yet revoked or turned into a session. */
  liveOffers(): Offer[] {
    const revoked = new Set(this.of('offer.revoked').map((m) => m.offerId));
    const started = new Set(this.of('session.started').map((m) => m.session.conversationId));
    const fromHello = this.of('hello').flatMap((h) => h.offers);
    return [...fromHello, ...this.of('offer').map((m) => m.offer)].filter(
      (o) => !revoked.has(o.offerId) && !started.has(o.conversationId),
    );
  }

  /** The newest offer, which the test expects to exist. */
  offer(): Offer {
    const o = this.last('offer')?.offer;
    expect(o, `an offer for ${this.agentId}`).to.exist;
    return o!;
  }

  /** Sends a command and returns its ack (the engine answers synchronously). */
  send(body: CommandBody, commandId = `cmd-${++commandSeq}`): OfType<'ack'> {
    this.conn.receive({ v: 1, commandId, ...body });
    const ack = this.of('ack').filter((a) => a.commandId === commandId).pop();
    expect(ack, `ack for ${body.type}`).to.exist;
    return ack!;
  }

  /** Confirms every live offer as displayed (what a client does when it shows them). */
  displayAll(): void {
    for (const o of this.liveOffers()) expect(this.send({ type: 'displayed', offerId: o.offerId, surface: 'page' }).ok).to.equal(true);
  }

  clear(): void {
    this.messages.length = 0;
  }
}

export interface Harness {
  clock: sinon.SinonFakeTimers;
  engine(opts?: EngineOptions): RoutingEngine;
  tab(engine: RoutingEngine, agentId: string): Tab;
}

/** Installs fake timers before and disposes engines/restores time after each test; fails a test whose engine sent an invalid message. */
export function useHarness(): Harness {
  const engines: RoutingEngine[] = [];
  const violations: string[] = [];
  const h = {
    clock: undefined as unknown as sinon.SinonFakeTimers,
    engine(opts: EngineOptions = {}) {
      const e = new RoutingEngine({ idPrefix: '', ...opts });
      engines.push(e);
      return e;
    },
    tab(engine: RoutingEngine, agentId: string) {
      return new Tab(engine, agentId, violations);
    },
  };
  beforeEach(() => {
    violations.length = 0;
    h.clock = fakeTime();
  });
  afterEach(() => {
    for (const e of engines.splice(0)) e.dispose();
    h.clock.restore();
    expect(violations, 'messages that break PROTOCOL.md').to.deep.equal([]);
  });
  return h;
}

/** A team of connected agents a, b, c (added a second apart, so a has been idle longest). */
export function team(h: Harness, opts: EngineOptions = {}, ids = ['a', 'b', 'c']) {
  const engine = h.engine(opts);
  const tabs: Record<string, Tab> = {};
  for (const id of ids) {
    engine.addAgent({ id, name: `Agent ${id.toUpperCase()}` });
    h.clock.tick(1000);
  }
  for (const id of ids) tabs[id] = h.tab(engine, id);
  return { engine, tabs };
}

export const chat = (name = 'Ana', comment = 'Hello, my order is late') => ({
  channel: 'chat',
  customer: { name },
  comment,
  queue: 'Orders',
});

export function conversation(engine: RoutingEngine, id: string) {
  const c = engine.getState().conversations.find((x) => x.id === id);
  expect(c, `conversation ${id}`).to.exist;
  return c!;
}

export function agent(engine: RoutingEngine, id: string) {
  const a = engine.getState().agents.find((x) => x.id === id);
  expect(a, `agent ${id}`).to.exist;
  return a!;
}
