/**
 * The reference server serves the omni-notify worker where the host looks for
 * it (`/omni-notify-sw.js` beside the demo): JavaScript, never stale, with a
 * maximum scope of the one the widget registers it under.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { startServer } from '../transports/harnesses.js';

describe('reference server: the worker script', function () {
  this.timeout(15_000);
  let server: Awaited<ReturnType<typeof startServer>>;
  // The source folder stands in for demo-dist/ (which a build copies the script into).
  before(async () => (server = await startServer({ agents: 1, env: { OMNI_STATIC_DIR: 'src/sw' } })));
  // SIGKILL: the page's idle keep-alive socket would hold a graceful close for seconds. It answers
  // with no exit code, which the runner reports as an unknown command: nothing to check here.
  after(() => executeServerCommand('omni-server-stop', { id: server.id, signal: 'SIGKILL' }).catch(() => {}));

  it('answers /omni-notify-sw.js with the script, text/javascript, no-cache and Service-Worker-Allowed /omni-notify-sw/', async () => {
    // Read from a page of the server's origin: static files carry no CORS headers (nor should they).
    const id = (await executeServerCommand('omni-tab-open', { path: `${server.url}/omni-notify-sw.js`, as: 'window' })) as string;
    try {
      const res = (await executeServerCommand('omni-tab-eval', {
        id,
        js: `fetch('/omni-notify-sw.js').then(async (r) => ({
          status: r.status,
          type: r.headers.get('content-type'),
          cache: r.headers.get('cache-control'),
          allowed: r.headers.get('service-worker-allowed'),
          text: await r.text(),
        }))`,
      })) as Record<string, string | number>;
      expect(res).to.deep.include({ status: 200, type: 'text/javascript; charset=utf-8', cache: 'no-cache', allowed: '/omni-notify-sw/' });
      expect(res.text).to.contain('omni-notify worker');
    } finally {
      await executeServerCommand('omni-tab-close-all');
    }
  });
});
