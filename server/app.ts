/**
 * The reference server: the routing engine (unchanged, from
 * engine) behind WebSocket (/ws), SSE (/events + POST /commands)
 * and the HTTP API, plus the built demo. node:http and `ws`, no framework.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_CONTACTS, RoutingEngine } from '../engine/index.js';
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
  readonly engine: RoutingEngine;
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** Graceful stop: refuse new work, close every link (1001: clients reconnect), stop the engine. */
  close(timeoutMs?: number): Promise<void>;
}

export function createOmniServer(config: ServerConfig): OmniServer {
  const limits = { ...DEFAULT_LIMITS, ...config.limits };
  const engine = new RoutingEngine({
    commandMemory: { perAgent: limits.idempotencyKeys, maxAgeMs: limits.idempotencyMs },
    compat: config.compat,
    heartbeatTimeoutMs: config.reconnectGraceMs,
    settings: config.displayWindowMs === undefined ? undefined : { displayWindowMs: config.displayWindowMs },
    contacts: config.demoContacts ? DEMO_CONTACTS : [],
  });
  for (const a of config.agents) engine.addAgent({ id: a.id, name: a.name, capacity: config.capacity });
  const hub = new Hub(config, engine);
  const sse = createSse(hub);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-content-type-options', 'nosniff');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = url.pathname;
    if (p === '/healthz') {
      if (cors(req, res, config.corsOrigins)) return;
      return send(res, hub.closing ? 503 : 200, hub.closing ? 'closing' : 'ok');
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
  }, Math.min(1000, config.heartbeatIntervalMs)); // liveness checked every second at least; pings at the interval
  beat.unref();

  let closed: Promise<void> | null = null;
  return {
    hub,
    engine,
    listen() {
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
        engine.dispose();
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
        force.unref();
        void done.then(() => {
          clearTimeout(force);
          resolve();
        });
      });
      return closed;
    },
  };
}
