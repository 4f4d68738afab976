/**
 * The HTTP API of PROTOCOL.md, for integrations, supervisors and tests
 * (`Authorization: Bearer <OMNI_API_TOKEN>`):
 *
 *   POST /api/conversations              → 201 {conversationId}
 *   POST /api/conversations/{id}/end     → 200 (extension: the session closed; frees capacity)
 *   POST /api/conversations/{id}/cancel  → 200 (extension: the customer left)
 *   POST /api/agents/{id}/presence       {presence} | {reset: true} → 200
 *   POST /api/contacts, GET /api/contacts
 *   GET  /api/settings, PUT /api/settings (partial, templates merged field by field)
 *   GET  /api/state
 *   GET  /api/node                       (extension: this node: {node, owner, store, healthy, connections})
 *   POST /api/test/frames                {agentId, frames: (string|object)[]} (only with OMNI_TEST_HOOKS=1)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Contact, Presence } from '../src/services/protocol/types.js';
import type { Hub } from './hub.js';
import { HttpError, bearer, readJson, send, unauthorized } from './http.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function body(v: unknown): Record<string, unknown> {
  if (!isObj(v)) throw new HttpError(400, 'bad-message', 'body must be a JSON object');
  return v;
}

/** Handles /api/*; the caller has answered CORS. Every call runs on the routing owner (this node or another). */
export async function api(hub: Hub, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (!hub.isApiToken(bearer(req))) return unauthorized(res);
  const call = (op: string, ...args: unknown[]) => hub.cluster.call(op, ...args);
  const path = url.pathname.replace(/\/+$/, '');
  const method = req.method ?? 'GET';
  let seg: string[];
  try {
    seg = path.split('/').map((s) => decodeURIComponent(s));
  } catch {
    throw new HttpError(400, 'bad-path', 'malformed escape in the path');
  }

  if (path === '/api/conversations' && method === 'POST') {
    return send(res, 201, await call('createConversation', body(await readJson(req))));
  }
  if (seg.length === 5 && seg[2] === 'conversations' && method === 'POST' && (seg[4] === 'end' || seg[4] === 'cancel')) {
    const done = await call(seg[4] === 'end' ? 'endConversation' : 'cancelConversation', seg[3]);
    if (!done) throw new HttpError(404, 'unknown-conversation', `no ${seg[4] === 'end' ? 'active' : 'open'} conversation ${seg[3]}`);
    return send(res, 200, { ok: true });
  }
  if (seg.length === 5 && seg[2] === 'agents' && seg[4] === 'presence' && method === 'POST') {
    const b = body(await readJson(req));
    if (b.reset === true) await call('resetPresence', seg[3]);
    else await call('setPresence', seg[3], b.presence as Presence);
    return send(res, 200, { ok: true });
  }
  if (path === '/api/contacts' && method === 'GET') return send(res, 200, await call('contacts'));
  if (path === '/api/contacts' && method === 'POST') {
    const { id: _ignored, ...contact } = body(await readJson(req));
    return send(res, 201, { id: ((await call('addContact', contact)) as Contact).id });
  }
  if (path === '/api/settings' && method === 'GET') return send(res, 200, await call('settings'));
  if (path === '/api/settings' && method === 'PUT') return send(res, 200, await call('updateSettings', body(await readJson(req))));
  if (path === '/api/state' && method === 'GET') return send(res, 200, await call('state'));
  if (path === '/api/node' && method === 'GET') {
    const c = hub.cluster;
    return send(res, 200, { node: c.nodeId, owner: c.isOwner, store: c.storeKind, healthy: c.healthy, connections: hub.links.size });
  }
  if (path === '/api/test/frames' && method === 'POST' && hub.config.testHooks) {
    const b = body(await readJson(req, 16 * 1024 * 1024));
    if (!Array.isArray(b.frames)) throw new HttpError(400, 'bad-message', 'frames must be an array');
    const links = [...hub.links].filter((l) => l.agentId === b.agentId);
    for (const f of b.frames) for (const l of links) await l.raw(typeof f === 'string' ? f : JSON.stringify(f));
    return send(res, 200, { links: links.length, frames: b.frames.length });
  }
  throw new HttpError(404, 'not-found', `no ${method} ${path}`);
}
