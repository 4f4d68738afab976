/**
 * Conformance harnesses: the in-page engine behind MemoryTransport, a real
 * reference server process behind WebSocket or SSE (each tab through its own
 * cuttable TCP proxy, see test/server-plugin.mjs), and the postMessage pair
 * (widget transport in an iframe, bridge in this page, memory behind it).
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { RoutingEngine, type ConversationRequest, type EngineState } from '../../engine/index.js';
import type { OmniTransport, Presence, TransportSink } from '../../src/services/protocol/index.js';
import { MemoryTransport } from '../../src/services/transports/memory.js';
import { SseTransport } from '../../src/services/transports/sse.js';
import { WebSocketTransport } from '../../src/services/transports/websocket.js';
import { createPostMessageBridge, type PostMessageBridge, type PostMessageTransport, type PostMessageTransportOptions } from '../../src/services/transports/postmessage.js';
import type { Cut, Harness } from './conformance.js';

/** Client timings for tests: a dead connection is noticed in about half a second. */
export const FAST = {
  backoffBaseMs: 50,
  backoffCapMs: 250,
  stableAfterMs: 1000,
  connectTimeoutMs: 800,
  pingIntervalMs: 200,
  pongTimeoutMs: 600,
};

/** MemoryTransport whose server → client direction can be lost while commands still pass. */
export class LossyMemory implements OmniTransport {
  down = false;
  constructor(readonly inner: MemoryTransport) {}
  connect(sink: TransportSink): void {
    this.inner.connect({
      message: (d) => {
        if (!this.down) sink.message(d);
      },
      state: (s, e) => (e ? sink.state(s, e) : sink.state(s)),
      error: (e) => sink.error?.(e),
    });
  }
  send(c: object): Promise<void> {
    return this.inner.send(c);
  }
  disconnect(): void {
    this.inner.disconnect();
  }
  cut(how: Cut = {}): void {
    if (how.direction === 'down') this.down = true;
    else this.inner.drop();
  }
  restore(): void {
    if (this.down) {
      this.down = false;
      this.inner.drop();
    }
    this.inner.restore();
  }
}

function engineHarness(wrap: (lossy: LossyMemory, agentId: string) => Promise<OmniTransport>, links: Map<OmniTransport, LossyMemory>): Harness {
  const engine = new RoutingEngine({ heartbeatTimeoutMs: 500 });
  const agents = ['a1', 'a2'];
  for (const id of agents) engine.addAgent({ id, name: `Agent ${id}`, capacity: 5 });
  const byAgent = new Map<string, LossyMemory[]>();
  const link = (t: OmniTransport) => {
    const l = links.get(t);
    if (!l) throw new Error('unknown transport');
    return l;
  };
  return {
    agents,
    async transport(agentId, opts) {
      const lossy = new LossyMemory(new MemoryTransport(engine, opts?.badToken ? 'mallory' : agentId));
      byAgent.set(agentId, [...(byAgent.get(agentId) ?? []), lossy]);
      const t = await wrap(lossy, agentId);
      links.set(t, lossy);
      return t;
    },
    async cut(t, how) {
      link(t).cut(how);
    },
    async restore(t) {
      link(t).restore();
    },
    async createConversation(req: ConversationRequest) {
      return engine.createConversation(req).conversationId;
    },
    async cancelConversation(id) {
      engine.cancelConversation(id);
    },
    async setPresence(agentId, presence) {
      engine.setPresence(agentId, presence as Presence, 'supervisor');
    },
    async state() {
      return engine.getState();
    },
    async frames(agentId, frames) {
      for (const l of byAgent.get(agentId) ?? []) for (const f of frames) await l.inner.inject(f);
    },
    async dispose() {
      for (const l of links.values()) l.disconnect();
      links.clear();
      engine.dispose();
    },
  };
}

export async function memoryHarness(): Promise<Harness> {
  return engineHarness(async (lossy) => lossy, new Map());
}

// ---- real server -----------------------------------------------------------------

export interface ServerInfo {
  id: string;
  url: string;
  port: number;
  apiToken: string;
  agents: { id: string; name: string; token: string }[];
}

export async function startServer(opts: { agents?: number; env?: Record<string, string> } = {}): Promise<ServerInfo> {
  return (await executeServerCommand('omni-server-start', opts)) as ServerInfo;
}

export function api(server: ServerInfo) {
  return async <T = unknown>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${server.apiToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

export async function proxyTo(port: number): Promise<{ id: string; port: number }> {
  return (await executeServerCommand('omni-proxy-start', { upstreamPort: port })) as { id: string; port: number };
}

/**
 * WebSocket or SSE against one server process per test file (started on first
 * use, stopped by `shutdown`); each test gets agents no earlier test used, and
 * cancels the conversations it made, so tests do not see each other's work.
 */
export function serverHarnessFactory(kind: 'ws' | 'sse', options: Record<string, unknown> = {}) {
  let shared: Promise<ServerInfo> | null = null;
  let nextAgent = 0;
  const make = async (): Promise<Harness> => {
    shared ??= startServer({ agents: 60 });
    const server = await shared;
    const call = api(server);
    const proxies = new Map<OmniTransport, string>();
    const transports: OmniTransport[] = [];
    const conversations: string[] = [];
    const proxyOf = (t: OmniTransport) => proxies.get(t) ?? '';
    const mine = server.agents.slice(nextAgent, nextAgent + 2);
    nextAgent += 2;
    if (mine.length < 2) throw new Error('the shared test server ran out of agents');
    return {
      agents: mine.map((a) => a.id),
      async transport(agentId, opts) {
        const proxy = await proxyTo(server.port);
        const token = opts?.badToken ? 'not-a-token' : server.agents.find((a) => a.id === agentId)!.token;
        const origin = `127.0.0.1:${proxy.port}`;
        const t =
          kind === 'ws'
            ? new WebSocketTransport({ url: `ws://${origin}/ws`, token, ...FAST, ...options })
            : new SseTransport({ url: `http://${origin}/events`, token, ...FAST, ...options });
        proxies.set(t, proxy.id);
        transports.push(t);
        return t;
      },
      async cut(t, how = {}) {
        await executeServerCommand('omni-proxy-cut', { id: proxyOf(t), mode: 'blackhole', direction: how.direction ?? 'both' });
      },
      async restore(t) {
        await executeServerCommand('omni-proxy-restore', { id: proxyOf(t) });
      },
      async createConversation(req) {
        const { conversationId } = await call<{ conversationId: string }>('POST', '/api/conversations', req);
        conversations.push(conversationId);
        return conversationId;
      },
      async cancelConversation(id) {
        await call('POST', `/api/conversations/${encodeURIComponent(id)}/cancel`);
      },
      async setPresence(agentId, presence) {
        await call('POST', `/api/agents/${encodeURIComponent(agentId)}/presence`, { presence });
      },
      async state() {
        return call<EngineState>('GET', '/api/state');
      },
      async frames(agentId, frames) {
        await call('POST', '/api/test/frames', { agentId, frames });
      },
      async restart() {
        await executeServerCommand('omni-server-restart', { id: server.id });
      },
      async dispose() {
        for (const t of transports) t.disconnect();
        await Promise.all([...proxies.values()].map((id) => executeServerCommand('omni-proxy-stop', { id })));
        for (const id of conversations) await call('POST', `/api/conversations/${encodeURIComponent(id)}/cancel`).catch(() => {});
      },
    };
  };
  const shutdown = async () => {
    const s = shared;
    shared = null;
    if (s) await executeServerCommand('omni-server-stop', { id: (await s).id });
  };
  return Object.assign(make, { shutdown });
}

// ---- postMessage -------------------------------------------------------------------

type FrameWindow = Window & { omniMakeTransport?: (o: PostMessageTransportOptions) => PostMessageTransport };

/** An iframe (same origin unless `src` says otherwise) running test/transports/fixtures/pm-frame.ts. */
export async function widgetFrame(src = new URL('./fixtures/pm-frame.html', import.meta.url).href): Promise<HTMLIFrameElement> {
  const iframe = document.createElement('iframe');
  iframe.src = src;
  iframe.title = 'widget';
  const loaded = new Promise((r) => iframe.addEventListener('load', r, { once: true }));
  document.body.append(iframe);
  await loaded;
  return iframe;
}

export async function postMessageHarness(): Promise<Harness> {
  const frames: HTMLIFrameElement[] = [];
  const bridges: PostMessageBridge[] = [];
  const links = new Map<OmniTransport, LossyMemory>();
  const inner = engineHarness(async (lossy) => {
    const iframe = await widgetFrame();
    frames.push(iframe);
    bridges.push(createPostMessageBridge({ iframe, allowedOrigins: [location.origin], transport: lossy }));
    const w = iframe.contentWindow as FrameWindow;
    const start = performance.now();
    while (!w.omniMakeTransport && performance.now() - start < 5000) await new Promise((r) => setTimeout(r, 10));
    return w.omniMakeTransport!({ allowedOrigins: [location.origin], handshakeMs: 20 });
  }, links);
  return {
    ...inner,
    async dispose() {
      await inner.dispose();
      for (const b of bridges) b.close();
      for (const f of frames) f.remove();
    },
  };
}
