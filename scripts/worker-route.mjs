/**
 * The omni-notify worker script at the URL a host uses by default
 * (`/omni-notify-sw.js`: `<omni-notification-host>`'s `worker`), for the
 * development servers: `npm start` (vite.config.ts) and the test runner
 * (web-test-runner.config.mjs), so the demo page they serve gets desktop
 * notifications with Accept / Reject. The demo build copies the file into
 * demo-dist/ (vite.demo.config.ts) and the reference server sends it with the
 * same headers (server/static.ts).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const WORKER_PATH = '/omni-notify-sw.js';
export const WORKER_FILE = fileURLToPath(new URL('../src/sw/omni-notify-sw.js', import.meta.url));
/**
 * JavaScript (browsers refuse a worker of another type); no stale copy; and a
 * maximum scope of the one the widget registers it under (`/omni-notify-sw/`),
 * so this script can never control the host's own pages.
 */
export const WORKER_HEADERS = {
  'content-type': 'text/javascript; charset=utf-8',
  'service-worker-allowed': '/omni-notify-sw/',
  'cache-control': 'no-cache',
};

/** Connect-style middleware (Vite's dev server). */
export function workerMiddleware() {
  return (req, res, next) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== WORKER_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    readFile(WORKER_FILE).then(
      (body) => {
        res.writeHead(200, { ...WORKER_HEADERS, 'content-length': String(body.length) });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      (e) => next(e),
    );
  };
}

/** Koa-style middleware (the test runner's dev server). */
export function workerKoaMiddleware() {
  return async (ctx, next) => {
    if (ctx.path !== WORKER_PATH || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    ctx.set(WORKER_HEADERS);
    ctx.body = await readFile(WORKER_FILE);
  };
}
