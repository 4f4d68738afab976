/** Small node:http helpers: JSON answers, bounded bodies, CORS, Bearer tokens. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_FRAME_BYTES } from '../src/services/protocol/types.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  // An early refusal: the rest of the request is not read, so the connection cannot be reused.
  if (status === 401 || status === 405 || status === 408 || status === 413 || status === 429) headers = { connection: 'close', ...headers };
  if (body === undefined) {
    res.writeHead(status, { 'cache-control': 'no-store', ...headers });
    res.end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** 401 with nothing that says why (PROTOCOL.md). */
export function unauthorized(res: ServerResponse): void {
  send(res, 401, undefined, { 'www-authenticate': 'Bearer' });
}

export function fail(res: ServerResponse, e: unknown): void {
  if (e instanceof HttpError) {
    send(res, e.status, { error: { code: e.code, message: e.message } });
    return;
  }
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && e instanceof Error) {
    const status = code === 'unknown-agent' || code === 'unauthorized' ? 404 : code === 'unavailable' ? 503 : 400;
    send(res, status, { error: { code, message: e.message } });
    return;
  }
  send(res, 500, { error: { code: 'internal', message: 'internal error' } });
}

/** Reads a body of at most `limit` bytes; larger → HttpError 413 (and the rest is not read). */
export function readBody(req: IncomingMessage, limit = MAX_FRAME_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, 'too-large', `body exceeds ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new HttpError(413, 'too-large', `body exceeds ${limit} bytes`));
        req.pause();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function readJson(req: IncomingMessage, limit?: number): Promise<unknown> {
  const text = await readBody(req, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad-json', 'body is not valid JSON');
  }
}

export function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : null;
}

/** Sets CORS headers when the request's Origin is allowed; answers a preflight. True when answered. */
export function cors(req: IncomingMessage, res: ServerResponse, allowed: string[] | '*'): boolean {
  const origin = req.headers.origin;
  const ok = typeof origin === 'string' && (allowed === '*' || allowed.includes(origin));
  if (ok) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
  }
  if (req.method !== 'OPTIONS') return false;
  if (ok) {
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, OPTIONS');
    res.setHeader('access-control-allow-headers', 'authorization, content-type, last-event-id');
    res.setHeader('access-control-max-age', '600');
  }
  res.writeHead(ok ? 204 : 403);
  res.end();
  return true;
}
