// @web/test-runner configuration: every test file runs in the installed
// Chromium (CHROME_PATH overrides), in Firefox ESR (FIREFOX_PATH overrides;
// over WebDriver BiDi, no browser download) and in WebKit (Debian's WebKitGTK
// over WebDriver, see test/webkit-launcher.mjs), each page in its own window
// so that a test can really hide it (see test/commands.mjs) and so that a
// background tab's throttled timers cannot time a test out.
// OMNI_BROWSERS=chromium (or firefox, or webkit, or a comma-separated list)
// runs those browsers only; the default is chromium,firefox while the WebKit
// run is being made green.
import { existsSync } from 'node:fs';
import { chromeLauncher } from '@web/test-runner-chrome';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { countReporter } from './test/count-reporter.mjs';
import { pageCommands } from './test/commands.mjs';
import { omniServerPlugin } from './test/server-plugin.mjs';
import { freePort, webkitLauncher, webkitMissing } from './test/webkit-launcher.mjs';
import { FIREFOX_MIN, browserVersion, firefoxPage, firefoxTooOld, stopRun } from './test/browser-check.mjs';
import { workerKoaMiddleware } from './scripts/worker-route.mjs';

const executablePath =
  process.env.CHROME_PATH ||
  ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
const firefoxPath = process.env.FIREFOX_PATH || ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => existsSync(p));
const wanted = (process.env.OMNI_BROWSERS || 'chromium,firefox').split(',').map((b) => b.trim().toLowerCase());
for (const b of wanted) {
  if (!['chromium', 'firefox', 'webkit'].includes(b)) throw new Error(`OMNI_BROWSERS: unknown browser "${b}" (chromium, firefox, webkit)`);
}
if (wanted.includes('firefox') && !firefoxPath) {
  stopRun('Firefox ESR not found (apt-get update && apt-get install firefox-esr, or FIREFOX_PATH); OMNI_BROWSERS=chromium,webkit skips it');
}

const firefox = wanted.includes('firefox') ? browserVersion(firefoxPath) : null;
if (wanted.includes('firefox')) {
  if (!firefox) stopRun(`Firefox at ${firefoxPath} does not run (\`${firefoxPath} --version\` failed); FIREFOX_PATH names another`);
  if (firefox.major < FIREFOX_MIN) stopRun(firefoxTooOld(firefox.text));
}
const noWebkit = wanted.includes('webkit') && webkitMissing();
if (noWebkit) stopRun(`WebKit: ${noWebkit}; OMNI_BROWSERS=chromium,firefox skips it`);

// The test page's port: one the system picks now, not the first free one from 8000 up, which two
// runs side by side (a developer's and test:stress's, or two worktrees) both choose at the same
// moment, and then one dies with EADDRINUSE. OMNI_TEST_PORT pins it.
const port = Number(process.env.OMNI_TEST_PORT) || (await freePort());

export default {
  port,
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time per browser (two browsers run side by side on a 2-core machine):
  // the real-time tests (hidden tabs, short deadlines, server processes) need the CPU.
  concurrency: 1,
  // A test's timeout bounds a hang; it is not a speed goal (npm run test:stress).
  testFramework: { config: { timeout: 30000 } },
  // Generous: on a loaded machine (npm run test:stress) a browser can take
  // over a minute to start; these bound a hang, they do not measure speed.
  browserStartTimeout: 180000,
  testsStartTimeout: 180000,
  testsFinishTimeout: 300000,
  // /omni-notify-sw.js, as `npm start` serves it: a test opens the demo page as a user would.
  middleware: [workerKoaMiddleware()],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2021', tsconfig: './tsconfig.json' }),
    pageCommands(),
    omniServerPlugin(),
  ],
  browsers: [
    wanted.includes('chromium') && chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--autoplay-policy=no-user-gesture-required',
        ],
      },
      createPage: ({ context }) => context.newPage({ type: 'window' }),
    }),
    wanted.includes('firefox') &&
      puppeteerLauncher({
        launchOptions: { browser: 'firefox', executablePath: firefoxPath, headless: true },
        createPage: firefoxPage(({ context }) => context.newPage({ type: 'window' }), firefox?.text),
      }),
    wanted.includes('webkit') && webkitLauncher(),
  ].filter(Boolean),
  reporters: [defaultReporter(), countReporter()],
};
