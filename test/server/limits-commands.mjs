// Node-side probes for the limits tests (test/server/limits.test.ts), run as
// test-runner server commands (a browser cannot trickle a body or read
// response headers it is not allowed to see):
//
//   omni-trickle   {port, path, everyMs, maxMs}   → {closedAfterMs | null, answer}   a body sent one byte every everyMs
//   omni-csp-page  {url, selector, timeoutMs}      → {violations, errors, found} | {missing}  a page opened in this browser, CSP reports collected
//   omni-head      {url}                           → {status, headers}                 any response's headers (no CORS in the way)
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { ROOT } from '../../server/build.mjs';

export const LIMITS_COMMANDS = ['omni-trickle', 'omni-csp-page', 'omni-head'];

/** A POST whose body trickles in: when (if ever, within maxMs) does the server end the connection, and what did it say? */
function trickle({ port, path = '/api/conversations', everyMs = 200, maxMs = 10_000 }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let timer = null;
    const finish = (closedAfterMs) => {
      clearInterval(timer);
      clearTimeout(stop);
      socket.destroy();
      resolve({ closedAfterMs, answer: answer.split('\r\n')[0] });
    };
    const stop = setTimeout(() => finish(null), maxMs);
    socket.setEncoding('utf8');
    socket.on('data', (d) => (answer += d));
    socket.on('error', () => {});
    socket.on('close', () => finish(Date.now() - started));
    socket.on('connect', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n`);
      timer = setInterval(() => socket.writable && socket.write(' '), everyMs);
    });
  });
}

/** Opens `url` in a new page of the test's browser with a securitypolicyviolation listener from the start. */
async function cspPage({ url, selector = 'body', timeoutMs = 15_000, needs }, session) {
  if (needs && !existsSync(resolve(ROOT, needs))) return { missing: needs };
  const page = await session.browser.getPage(session.id).browserContext().newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e?.message ?? e)));
  try {
    await page.evaluateOnNewDocument(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__violations.push(`${e.violatedDirective} ${e.blockedURI || ''} ${e.sourceFile || ''}:${e.lineNumber || ''} ${e.sample || ''}`.trim()),
      );
    });
    await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
    let found = true;
    try {
      await page.waitForFunction((s) => !!document.querySelector(s), { timeout: timeoutMs }, selector);
    } catch {
      found = false;
    }
    // Let the app render and run its first timers, then collect.
    await new Promise((r) => setTimeout(r, 1000));
    const violations = await page.evaluate(() => window.__violations);
    return { violations, errors, found };
  } finally {
    await page.close().catch(() => {});
  }
}

export async function limitsCommand({ command, payload, session }) {
  if (command === 'omni-trickle') return trickle(payload ?? {});
  if (command === 'omni-csp-page') return cspPage(payload ?? {}, session);
  if (command === 'omni-head') {
    const r = await fetch(payload.url, { redirect: 'manual' });
    await r.arrayBuffer();
    return { status: r.status, headers: Object.fromEntries(r.headers) };
  }
  return undefined;
}
