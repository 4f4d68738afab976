// Test-runner server commands: hide/show the test page's own window over CDP,
// so a test can see a really hidden page (visibilityState "hidden", timers
// throttled), and grant notification permission.
import { DESKTOP_COMMANDS, desktopCommand } from './desktop-commands.mjs';
import { webdriverCommand } from './webdriver-commands.mjs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEST_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * A test module bundled as a page gets it in production (esbuild's default conditions: Lit's production
 * build, whose private fields are renamed, where the test runner serves Lit's development build), as ES
 * module text. Only files under test/.
 */
async function productionBundle(entry) {
  const file = resolve(TEST_DIR, '..', String(entry ?? ''));
  if (relative(TEST_DIR, file).startsWith('..')) throw new Error(`omni-production-bundle: ${entry} is not under test/`);
  const esbuild = await import('esbuild');
  const out = await esbuild.build({ entryPoints: [file], bundle: true, format: 'esm', target: 'es2021', write: false, logLevel: 'silent', tsconfig: join(TEST_DIR, '..', 'tsconfig.json') });
  return out.outputFiles[0].text;
}

export function pageCommands() {
  return {
    name: 'omni-page-commands',
    async executeCommand({ command, payload, session }) {
      // omni-protocol → how this browser is driven: 'cdp' (Chromium), 'bidi' (Firefox), 'webdriver' (WebKit).
      if (command === 'omni-protocol') {
        if (session.browser.type === 'webdriver') return 'webdriver';
        return session.browser.getPage(session.id).browser().protocol === 'cdp' ? 'cdp' : 'bidi';
      }
      if (command === 'omni-production-bundle') return productionBundle(payload?.entry);
      if (command !== 'omni-window' && command !== 'omni-grant' && !DESKTOP_COMMANDS.includes(command)) return undefined;
      if (session.browser.type === 'webdriver') return webdriverCommand({ command, payload, session });
      if (DESKTOP_COMMANDS.includes(command)) return desktopCommand({ command, payload, session });
      const page = session.browser.getPage(session.id);
      if (command === 'omni-grant') {
        // Through the browser connection (CDP or WebDriver BiDi): a permission
        // granted over a page's own CDP session is reset when that session
        // detaches.
        try {
          await page.browserContext().overridePermissions(new URL(page.url()).origin, payload?.permissions ?? ['notifications']);
          return true;
        } catch {
          return false;
        }
      }
      // CDP exists in Chromium only. Elsewhere (Firefox over WebDriver BiDi) the
      // command answers false and the test asserts the other side of its feature
      // detection instead of skipping.
      let cdp;
      try {
        cdp = await page.target().createCDPSession();
      } catch {
        return false;
      }
      try {
        const { windowId } = await cdp.send('Browser.getWindowForTarget');
        const windowState = payload?.state === 'minimized' ? 'minimized' : 'normal';
        await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState } });
        return true;
      } finally {
        await cdp.detach().catch(() => {});
      }
    },
  };
}
