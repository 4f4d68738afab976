/**
 * What the benchmarks that run a page in headless Chromium share (bench.mjs,
 * bench-hidden.mjs, soak.mjs): the installed Chromium and its flags,
 * puppeteer-core, bundling a page entry, and a static server for its folder.
 * Nothing here downloads a browser.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { productionBuildOptions } from '../size.mjs';

/** Flags for a benchmark's headless Chromium (as root it needs --no-sandbox). */
export const CHROME_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** CHROME_PATH, else an installed Chromium; throws one clear line when there is none. */
export function chromePath() {
  const path = process.env.CHROME_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
  if (!path || !existsSync(path)) throw new Error(`no Chromium${path ? ` at ${path}` : ''} (set CHROME_PATH)`);
  return path;
}

/** puppeteer-core from the root, else the copy @web/test-runner-chrome depends on. */
export async function loadPuppeteer() {
  try {
    const m = await import('puppeteer-core');
    return m.default ?? m;
  } catch (first) {
    try {
      const req = createRequire(import.meta.url);
      const nested = createRequire(req.resolve('@web/test-runner-chrome')).resolve('puppeteer-core');
      const m = await import(pathToFileURL(nested).href);
      return m.default ?? m;
    } catch {
      throw new Error(`puppeteer-core is not installed (${first.message})`);
    }
  }
}

/** Bundles a page's entry as the library is built (esbuild); `what` names the page in the error. */
export async function bundlePage(root, { entry, outfile, minify = false, what = 'the page' }) {
  const esbuild = await import('esbuild');
  try {
    await esbuild.build({ ...productionBuildOptions(root), entryPoints: [entry], outfile, minify, sourcemap: false, write: true });
  } catch (e) {
    const errors = e.errors?.map((m) => `  ${m.location ? `${m.location.file}:${m.location.line}: ` : ''}${m.text}`).join('\n');
    throw new Error(`${what} does not bundle:\n${errors ?? e.message}`);
  }
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** Serves `dir` on a free port of 127.0.0.1 (`/` is index.html); resolves to the listening server. */
export function serve(dir) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen(server));
  });
}
