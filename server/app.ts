/**
 * The reference server: the routing engine (unchanged, from engine) behind
 * WebSocket (/ws), SSE (/events + POST /commands) and the HTTP API, plus the
 * built demo. node:http and `ws`, no framework. State lives in a store
 * (memory, or Redis for several nodes: server/cluster.ts, docs/scaling.md).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_CONTACTS, RoutingEngine, type EngineClock } from '../engine/index.js';
import { ClusterNode } from './cluster.js';
import { MemoryStore } from './store/memory.js';
import type { Store } from './store/types.js';
import { api } from './api.js';
import type { ServerConfig } from './config.js';
import { cors, fail, send } from './http.js';
import { Hub } from './hub.js';
import { DEFAULT_LIMITS, redactUrl } from './limits.js';
import { createSse } from './sse.js';
import { serveStatic } from './static.js';
import { attachWebSocket } from './ws.js';

export interface OmniServer {
  readonly hub: Hub;
  readonly cluster: ClusterNode;
  /** Joins the store (the lease, the inbox, this node's channel), then listens; resolves with the bound port. */
  listen(): Promise<number>;
  /** Graceful stop: refuse new work, close every link (1001: clients reconnect), hand the lease over. */
  close(timeoutMs?: number): Promise<void>;
}

/** The routing engine as configured (made by whichever node becomes the routing owner). */
export function engineFactory(config: ServerConfig): (clock: EngineClock) => RoutingEngine {
  const limits = { ...DEFAULT_LIMITS, ...config.limits };
  return (clock) => {
    const engine = new RoutingEngine({
      clock,
      commandMemory: { perAgent: limits.idempotencyKeys, maxAgeMs: limits.idempotencyMs },
      offerMemory: { max: limits.pastOffers, maxAgeMs: limits.pastOfferMs },
      keepFinished: limits.keepFinished,
      compat: config.compat,
      heartbeatTimeoutMs: config.reconnectGraceMs,
      settings: config.displayWindowMs === undefined ? undefined : { displayWindowMs: config.displayWindowMs },
      contacts: config.demoContacts ? DEMO_CONTACTS : [],
    });
    for (const a of config.agents) engine.addAgent({ id: a.id, name: a.name, capacity: config.capacity });
    return engine;
  };
}

/** Memory without OMNI_REDIS_URL; else Redis (its client loaded only then). */
async function openStore(config: ServerConfig): Promise<Store> {
  if (!config.redisUrl) return new MemoryStore();
  const { RedisStore } = await import('./store/redis.js');
  return RedisStore.open(config.redisUrl, config.redisPrefix);
}

export function createOmniServer(config: ServerConfig): OmniServer {
  const limits = { ...DEFAULT_LIMITS, ...config.limits };
  const cluster = new ClusterNode({
    openStore: () => openStore(config),
    makeEngine: engineFactory(config),
    nodeId: config.nodeId,
    // One process holds the memory store: its lease never needs to move.
    leaseMs: config.redisUrl ? config.leaseMs : 3_600_000,
    requestTimeoutMs: config.requestTimeoutMs,
    log: (line) => console.log(line),
  });
  const hub = new Hub(config, cluster);
  const sse = createSse(hub);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-content-type-options', 'nosniff');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = url.pathname;
    if (p === '/healthz') {
      if (cors(req, res, config.corsOrigins)) return;
      const status = hub.closing ? 'closing' : cluster.healthy ? 'ok' : 'store unreachable';
      return send(res, status === 'ok' ? 200 : 503, status);
    }
    const isApi = p === '/api' || p.startsWith('/api/');
    if (isApi || p === '/events' || p === '/commands') {
      if (cors(req, res, config.corsOrigins)) return;
      if (hub.auth.blocked(req.socket.remoteAddress)) return send(res, 429, 'too many failed authentications', { 'retry-after': String(Math.ceil(limits.authRetryMs / 1000)) });
      res.on('finish', () => {
        if (res.statusCode === 401) hub.auth.failed(req.socket.remoteAddress);
      });
      if (isApi) return api(hub, req, res, url);
      if (p === '/events' && req.method === 'GET') return sse.events(req, res, url);
      if (p === '/commands' && req.method === 'POST') return sse.commands(req, res, url);
      return send(res, 405, 'method not allowed');
    }
    if (p === '/ws') return send(res, 426, 'upgrade required', { upgrade: 'websocket' });
    serveStatic(config.staticDir, req, res, url, limits.sourceMaps);
  }

  const log = process.env.OMNI_LOG === '1';
  // Headers and body within requestTimeoutMs (checked every quarter of it, at most every second); an SSE
  // response is not a request being received, so it lives on.
  const server = createServer({ connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.requestTimeoutMs / 4)) }, (req, res) => {
    if (log) console.log(`${new Date().toISOString()} ${req.method} ${redactUrl(req.url)}`);
    route(req, res).catch((e: unknown) => fail(res, e));
  });
  server.headersTimeout = Math.min(10_000, limits.requestTimeoutMs);
  server.requestTimeout = limits.requestTimeoutMs;
  server.maxConnections = limits.maxConnections;
  server.keepAliveTimeout = 5_000;
  const ws = attachWebSocket(server, hub);
  const beat = setInterval(() => {
    ws.sweep();
    sse.sweep();
    // The store is gone: end every link rather than leave agents in silence; clients show reconnecting
    // and come back (to this node or another) when it answers again.
    if (!hub.closing && !cluster.healthy && hub.links.size > 0) for (const l of [...hub.links]) l.close();
  }, Math.min(1000, config.heartbeatIntervalMs)); // liveness checked every second at least; pings at the interval
  beat.unref();

  let closed: Promise<void> | null = null;
  return {
    hub,
    cluster,
    async listen() {
      await cluster.start();
      return new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    close(timeoutMs = 5_000) {
      closed ??= new Promise<void>((resolve) => {
        hub.closing = true;
        clearInterval(beat);
        const done = new Promise<void>((r) => server.close(() => r()));
        ws.close();
        sse.close();
        for (const l of [...hub.links]) l.close();
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
        force.unref();
        void Promise.all([done, cluster.stop()]).then(() => {
          clearTimeout(force);
          resolve();
        });
      });
      return closed;
    },
  };
}
