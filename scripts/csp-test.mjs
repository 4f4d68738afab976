#!/usr/bin/env node
/**
 * CSP test: serves dist/ (after `npm run build`) with the strictest policy an
 * integrator's page is likely to have,
 *
 *   default-src 'self'; script-src 'self'; style-src 'self';
 *   require-trusted-types-for 'script'
 *
 * opens a page that loads the bundle twice, shows an offer, loads every part
 * (attention with its hidden-tab timer worker, SSE, postMessage, German) and
 * accepts; then expects zero `securitypolicyviolation` events and no page
 * error. Exits 1 on any, 2 when it cannot run.
 *
 *   node scripts/csp-test.mjs      # npm run csp:test
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIRS = [join(ROOT, 'scripts/csp-test'), join(ROOT, 'scripts/pack-test'), join(ROOT, 'dist')];
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css' };

async function puppeteer() {
  try {
    return (await import('puppeteer-core')).default;
  } catch {
    const req = createRequire(import.meta.url);
    const nested = createRequire(req.resolve('@web/test-runner-chrome')).resolve('puppeteer-core');
    return (await import(pathToFileURL(nested).href)).default;
  }
}

function serve() {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/$/, '/index.html');
    for (const dir of DIRS) {
      const file = normalize(join(dir, path));
      if (!file.startsWith(dir)) break;
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': STRICT_CSP });
        res.end(body);
        return;
      } catch {
        /* next folder */
      }
    }
    res.writeHead(404).end();
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

async function main() {
  if (!existsSync(join(ROOT, 'dist/omni-notify.js'))) throw new Error('dist/omni-notify.js is not built (npm run build)');
  const server = await serve();
  const executablePath = process.env.CHROME_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
  const browser = await (await puppeteer()).launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e.message ?? e)));
    page.on('console', (m) => m.type() === 'error' && !/404|Failed to load resource/.test(m.text()) && errors.push(m.text()));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForSelector('body[data-done]', { timeout: 30_000 });
    const done = JSON.parse(await page.$eval('body', (b) => b.dataset.done));
    const violations = await page.evaluate(() => window.violations);
    console.log(`csp-test: policy "${STRICT_CSP}"`);
    console.log(`csp-test: bundle loaded twice; alert shown: ${done.alert}; session started: ${done.session}; parts loaded: ${done.parts}`);
    console.log(`csp-test: ${violations.length} securitypolicyviolation event(s)${violations.length ? `:\n  ${violations.join('\n  ')}` : ''}`);
    if (errors.length) console.log(`csp-test: page errors:\n  ${errors.join('\n  ')}`);
    const ok = !violations.length && !errors.length && done.alert && done.session && done.parts;
    console.log(`csp-test: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => {
  console.error(`csp-test: could not run: ${e.message}`);
  process.exit(2);
});
