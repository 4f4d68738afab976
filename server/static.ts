/**
 * Serves the built demo (demo-dist/) read-only: no directory listing, no path
 * outside the root. The omni-notify worker script (demo-dist/omni-notify-sw.js,
 * at the URL the host uses by default) goes out fresh, with a maximum scope of
 * the one the widget registers it under (`<folder>/omni-notify-sw/`), so it can
 * never control the demo's own pages.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { send } from './http.js';

const WORKER_FILE = 'omni-notify-sw.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** HTML answers: no inline script or style, no plug-ins, framed only by this origin. */
export const HTML_SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; frame-ancestors 'self'; object-src 'none'",
  'x-frame-options': 'SAMEORIGIN',
};

/** Serves `root` (source maps only when `sourceMaps`: OMNI_SOURCEMAPS=1). */
export function serveStatic(root: string | null, req: IncomingMessage, res: ServerResponse, url: URL, sourceMaps = false): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
  if (!root) return send(res, 404, 'not found');
  const base = resolve(root);
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return send(res, 400, 'bad path');
  }
  if (rel.includes('\0')) return send(res, 400, 'bad path');
  if (!sourceMaps && rel.toLowerCase().endsWith('.map')) return send(res, 404, 'not found');
  let file = normalize(join(base, rel));
  if (file !== base && !file.startsWith(base + sep)) return send(res, 404, 'not found');
  let st = stat(file);
  if (st?.isDirectory()) {
    file = join(file, 'index.html');
    st = stat(file);
  }
  if (!st?.isFile()) {
    const missing = !stat(base);
    return send(res, 404, missing ? 'the demo is not built: run `npm run build`' : 'not found');
  }
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const worker = basename(file) === WORKER_FILE;
  res.writeHead(200, {
    'content-type': type,
    'content-length': String(st.size),
    'cache-control': type.startsWith('text/html') || worker ? 'no-cache' : 'public, max-age=300',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(worker ? { 'service-worker-allowed': url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1) + 'omni-notify-sw/' } : {}),
    ...(type.startsWith('text/html') ? HTML_SECURITY_HEADERS : {}),
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

function stat(p: string) {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}
