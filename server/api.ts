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
 *   POST /api/test/frames                {agentId, frames: (string|object)[]} (only with OMNI_TEST_HOOKS=1)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Presence } from '../src/services/protocol/types.js';
import type { Hub } from './hub.js';
import { HttpError, bearer, readJson, send, unauthorized } from './http.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function body(v: unknown): Record<string, unknown> {
  if (!isObj(v)) throw new HttpError(400, 'bad-message', 'body must be a JSON object');
  return v;
}

/** Handles /api/*; the caller has answered CORS. */
export async function api(hub: Hub, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (!hub.isApiToken(bearer(req))) return unauthorized(res);
  const { engine } = hub;
  const path = url.pathname.replace(/\/+$/, '');
  const method = req.method ?? 'GET';
  let seg: string[];
  try {
    seg = path.split('/').map((s) => decodeURIComponent(s));
  } catch {
    throw new HttpError(400, 'bad-path', 'malformed escape in the path');
  }

  if (path === '/api/conversations' && method === 'POST') {
    return send(res, 201, engine.createConversation(body(await readJson(req)) as never));
  }
  if (seg.length === 5 && seg[2] === 'conversations' && method === 'POST' && (seg[4] === 'end' || seg[4] === 'cancel')) {
    const done = seg[4] === 'end' ? engine.endConversation(seg[3]) : engine.cancelConversation(seg[3]);
    if (!done) throw new HttpError(404, 'unknown-conversation', `no ${seg[4] === 'end' ? 'active' : 'open'} conversation ${seg[3]}`);
    return send(res, 200, { ok: true });
  }
  if (seg.length === 5 && seg[2] === 'agents' && seg[4] === 'presence' && method === 'POST') {
    const b = body(await readJson(req));
    if (b.reset === true) engine.resetPresence(seg[3]);
    else engine.setPresence(seg[3], b.presence as Presence, 'supervisor');
    return send(res, 200, { ok: true });
  }
  if (path === '/api/contacts' && method === 'GET') return send(res, 200, engine.contacts());
  if (path === '/api/contacts' && method === 'POST') {
    const { id: _ignored, ...contact } = body(await readJson(req));
    return send(res, 201, { id: engine.addContact(contact as never).id });
  }
  if (path === '/api/settings' && method === 'GET') return send(res, 200, engine.settings());
  if (path === '/api/settings' && method === 'PUT') return send(res, 200, engine.updateSettings(body(await readJson(req)) as never));
  if (path === '/api/state' && method === 'GET') return send(res, 200, engine.getState());
  if (path === '/api/test/frames' && method === 'POST' && hub.config.testHooks) {
    const b = body(await readJson(req, 16 * 1024 * 1024));
    if (!Array.isArray(b.frames)) throw new HttpError(400, 'bad-message', 'frames must be an array');
    const links = [...hub.links].filter((l) => l.agentId === b.agentId);
    for (const f of b.frames) for (const l of links) await l.raw(typeof f === 'string' ? f : JSON.stringify(f));
    return send(res, 200, { links: links.length, frames: b.frames.length });
  }
  throw new HttpError(404, 'not-found', `no ${method} ${path}`);
}
