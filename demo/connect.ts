/**
 * Chooses the demo's transport from the page's address:
 *
 *   ?transport=memory                  the engine in this page (default)
 *   ?transport=ws&token=…[&server=…]   the reference server over WebSocket (/ws)
 *   ?transport=sse&token=…[&server=…]  the reference server over SSE (/events + POST /commands)
 *
 * `server` defaults to this page's origin (the demo as served by
 * `npm run server`, which prints a ready-made address per agent). An unknown
 * transport or a server that is not an http(s)/ws(s) URL falls back to memory.
 * No DOM is touched: the caller passes `location`.
 */
import type { RoutingEngine } from '../engine/index.js';
import type { OmniTransport } from '../src/services/protocol/types.js';
import { MemoryTransport } from '../src/services/transports/memory.js';
import { SseTransport } from '../src/services/transports/sse.js';
import { WebSocketTransport } from '../src/services/transports/websocket.js';
import { ME } from './data.js';

export type TransportKind = 'memory' | 'ws' | 'sse';

export interface TransportChoice {
  kind: TransportKind;
  /** Origin of the reference server (remote kinds). */
  server: string | null;
  token: string | null;
}

type Where = Pick<Location, 'search' | 'origin'>;

/** What the address asks for, after validation. */
export function transportChoice(location: Where): TransportChoice {
  const q = new URLSearchParams(location.search);
  const asked = (q.get('transport') ?? 'memory').toLowerCase();
  const token = q.get('token');
  if ((asked !== 'ws' && asked !== 'sse') || !token) return { kind: 'memory', server: null, token: null };
  let server: URL;
  try {
    server = new URL(q.get('server') || location.origin);
  } catch {
    return { kind: 'memory', server: null, token: null };
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(server.protocol)) return { kind: 'memory', server: null, token: null };
  if (server.protocol === 'ws:') server.protocol = 'http:';
  if (server.protocol === 'wss:') server.protocol = 'https:';
  return { kind: asked, server: server.origin, token };
}

/** The transport the address asks for; memory (on `engine`, as `agentId`) otherwise. */
export function createTransportFromQuery(location: Where, engine: RoutingEngine, agentId: string = ME.id): OmniTransport {
  const choice = transportChoice(location);
  if (choice.kind === 'ws') return new WebSocketTransport({ url: new URL('/ws', choice.server!).href, token: choice.token! });
  if (choice.kind === 'sse') return new SseTransport({ url: new URL('/events', choice.server!).href, token: choice.token! });
  return new MemoryTransport(engine, agentId);
}

const TOKEN_KEY = 'omni-demo-api-token';

/**
 * The API token of the reference server, never from the address (an address
 * ends up in history, logs and Referer headers): a config script's
 * `window.OMNI_DEMO_CONFIG = { apiToken }` (an external file: the server's CSP
 * allows no inline script), else what the user typed into a prompt this
 * session; null when there is none.
 */
export function demoApiToken(): string | null {
  const configured = (globalThis as { OMNI_DEMO_CONFIG?: { apiToken?: unknown } }).OMNI_DEMO_CONFIG?.apiToken;
  if (typeof configured === 'string' && configured) return configured;
  try {
    const kept = sessionStorage.getItem(TOKEN_KEY);
    if (kept) return kept;
    const typed = globalThis.prompt?.('API token of the reference server (OMNI_API_TOKEN), to raise work from this page:')?.trim();
    if (!typed) return null;
    sessionStorage.setItem(TOKEN_KEY, typed);
    return typed;
  } catch {
    return null;
  }
}

/**
 * The reference server's HTTP API when the page talks to a server (so the
 * demo's simulator and supervisor controls can act on it), null otherwise.
 * The token comes from `apiToken()` at the first call (config or prompt; an
 * `apiToken` in the address is ignored); without one the call fails.
 */
export function serverApiFromQuery(
  location: Where,
  apiToken: () => string | null = demoApiToken,
): ((method: string, path: string, body?: unknown) => Promise<unknown>) | null {
  const choice = transportChoice(location);
  if (choice.kind === 'memory') return null;
  let token: string | null = null;
  return async (method, path, body) => {
    token ??= apiToken();
    if (!token) throw new Error('no API token (set window.OMNI_DEMO_CONFIG.apiToken or type it when asked)');
    const res = await fetch(new URL(path, choice.server!).href, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 401) {
      token = null; // a wrong token: ask again next time
      try {
        sessionStorage.removeItem(TOKEN_KEY);
      } catch {
        /* storage blocked */
      }
    }
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
    return res.status === 204 ? null : res.json();
  };
}
