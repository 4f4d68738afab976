/**
 * Several server processes on one Redis (one service per key prefix) and raw
 * WebSocket agents, for the multi-node and failure tests. Everything waits on
 * conditions; nothing sleeps a fixed time.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { Offer, Session } from '../../src/services/protocol/index.js';
import type { EngineState } from '../../engine/index.js';
import { until } from '../transports/client.js';
import { api, type ServerInfo } from '../transports/harnesses.js';

export interface NodeInfo {
  node: string;
  owner: boolean;
  store: string;
  healthy: boolean;
}

export class Cluster {
  readonly nodes: ServerInfo[] = [];
  private constructor(readonly redisUrl: string) {}

  /** `count` nodes of one new service on the Redis at `redisUrl`. */
  static async start(redisUrl: string, count: number, env: Record<string, string> = {}): Promise<Cluster> {
    const c = new Cluster(redisUrl);
    const prefix = `t${Math.random().toString(36).slice(2, 8)}:`;
    const first = (await executeServerCommand('omni-server-start', {
      agents: 4,
      env: { OMNI_REDIS_URL: redisUrl, OMNI_REDIS_PREFIX: prefix, ...env },
    })) as ServerInfo;
    c.nodes.push(first);
    for (let i = 1; i < count; i++) c.nodes.push((await executeServerCommand('omni-server-start', { like: first.id })) as ServerInfo);
    await c.owner();
    return c;
  }

  call<T>(i: number, method: string, path: string, body?: unknown): Promise<T> {
    return api(this.nodes[i])<T>(method, path, body);
  }

  async info(i: number): Promise<NodeInfo | null> {
    try {
      return await this.call<NodeInfo>(i, 'GET', '/api/node');
    } catch {
      return null;
    }
  }

  /** The index of the routing owner among `among` (waits until exactly one says so). */
  async owner(among = this.nodes.map((_, i) => i), timeoutMs = 15_000): Promise<number> {
    return until(
      async () => {
        const infos = await Promise.all(among.map((i) => this.info(i)));
        const owners = among.filter((_, k) => infos[k]?.owner);
        return owners.length === 1 ? owners[0] + 1 : 0;
      },
      'one routing owner',
      timeoutMs,
    ).then((n) => n - 1);
  }

  state(i: number): Promise<EngineState> {
    return this.call<EngineState>(i, 'GET', '/api/state');
  }

  async kill(i: number): Promise<void> {
    await executeServerCommand('omni-server-stop', { id: this.nodes[i].id, signal: 'SIGKILL', keep: true });
  }

  async restart(i: number): Promise<void> {
    this.nodes[i] = (await executeServerCommand('omni-server-restart', { id: this.nodes[i].id })) as ServerInfo;
  }

  async stop(): Promise<void> {
    for (const n of this.nodes) await executeServerCommand('omni-server-stop', { id: n.id, signal: 'SIGKILL' });
  }

  agent(i: number, agent = 0): Agent {
    return new Agent(this.nodes[i], this.nodes[i].agents[agent].token);
  }
}

type Frame = { type: string; [k: string]: unknown };

/** One agent tab on one node, over a raw WebSocket. */
export class Agent {
  readonly frames: Frame[] = [];
  private ws: WebSocket;
  closed = false;
  private n = 0;

  constructor(server: ServerInfo, token: string) {
    this.ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws?token=${token}`);
    this.ws.onmessage = (e) => this.frames.push(JSON.parse(String(e.data)) as Frame);
    this.ws.onclose = () => (this.closed = true);
  }

  of(type: string): Frame[] {
    return this.frames.filter((f) => f.type === type);
  }

  hello(): Promise<Frame> {
    return until(() => this.of('hello')[0], 'hello');
  }

  /** Offers seen, by offerId (from `offer` frames and every `hello`). */
  offers(): Map<string, Offer> {
    const m = new Map<string, Offer>();
    for (const f of this.frames) {
      if (f.type === 'offer') m.set((f.offer as Offer).offerId, f.offer as Offer);
      if (f.type === 'hello') for (const o of f.offers as Offer[]) m.set(o.offerId, o);
    }
    return m;
  }

  offerFrames(offerId: string): number {
    return this.of('offer').filter((f) => (f.offer as Offer).offerId === offerId).length;
  }

  /**
   * Sessions seen, by sessionId (from `session.started` frames and every `hello`, as a client
   * keeps them: an owner that dies after storing an accept but before publishing it leaves the
   * session to the `hello` every connection gets from the next owner).
   */
  sessions(): Session[] {
    const m = new Map<string, Session>();
    for (const f of this.frames) {
      if (f.type === 'session.started') m.set((f.session as Session).sessionId, f.session as Session);
      if (f.type === 'hello') for (const s of f.sessions as Session[]) m.set(s.sessionId, s);
    }
    return [...m.values()];
  }

  send(body: Record<string, unknown>, commandId = `c${++this.n}-${Math.random().toString(36).slice(2, 6)}`): string {
    this.ws.send(JSON.stringify({ v: 1, commandId, ...body }));
    return commandId;
  }

  ack(commandId: string, timeoutMs = 15_000): Promise<Frame> {
    return until(() => this.frames.find((f) => f.type === 'ack' && f.commandId === commandId), `ack ${commandId}`, timeoutMs);
  }

  close(): void {
    this.ws.close();
  }
}

/** Zero lost, zero doubled: each conversation offered as counted, at most one session per conversation. */
export function expectOnce(state: EngineState, conversationId: string, status: string): void {
  const conv = state.conversations.find((c) => c.id === conversationId);
  expect(conv, `conversation ${conversationId} kept`).to.exist;
  expect(conv!.status).to.equal(status);
  const offered = conv!.history.filter((h) => h.event === 'offered').length;
  expect(offered, 'offers in history = offers counted').to.equal(conv!.offers);
  expect(conv!.history.filter((h) => h.event === 'accepted').length).to.be.at.most(1);
}
