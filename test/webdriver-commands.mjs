// The page and desktop commands (test/commands.mjs, test/desktop-commands.mjs)
// for a browser driven over WebDriver classic (WebKit: WebKitGTK's
// WebKitWebDriver). One session, one "current window": each command switches
// to the window it needs and back to the test page's before it returns, so the
// test runner (which reads results from the current window) never notices.
//
// What WebDriver classic can do here: open tabs and windows, run script in
// them, click, minimize and restore the test page's window (the page becomes
// "hidden", as a minimized Chromium window does). What it cannot, and the
// command answers false so the test asserts the fallback or prints why:
// freezing a page, crashing one, dispatching a click in the service worker,
// and setting permissions (WebKitGTK 2.50's driver answers "Unknown command"
// to the Permissions extension, and MiniBrowser asks the user instead).

const state = new Map(); // session id → {main: handle, tabs: Map(id → handle)}
let seq = 0;

async function stateOf(session, driver) {
  let s = state.get(session.id);
  if (!s) {
    s = { main: await driver.getWindowHandle(), tabs: new Map(), coveredBy: new Set() };
    state.set(session.id, s);
  }
  return s;
}

/** Runs `fn` with `handle` as the driver's current window, then goes back to the test page. */
async function inWindow(driver, s, handle, fn) {
  if (!handle || handle === s.main) return fn();
  await driver.switchToWindow(handle);
  try {
    return await fn();
  } finally {
    await driver.switchToWindow(s.main);
  }
}

// Evaluates an expression (awaited, as puppeteer's page.evaluate(string) does).
const EVAL = `const done = arguments[arguments.length - 1];
Promise.resolve().then(() => (0, eval)(arguments[0])).then(
  (v) => done({ ok: true, v: v === undefined ? null : v }),
  (e) => done({ ok: false, e: String((e && e.stack) || e) }));`;

async function evaluate(driver, js) {
  const r = await driver.executeAsync(EVAL, js);
  if (!r?.ok) throw new Error(r?.e ?? 'script failed');
  return r.v;
}

const until = async (what, test, ms = 10000) => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await test();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

export async function webdriverCommand({ command, payload = {}, session }) {
  const driver = session.browser.driver;
  if (!driver) return false;
  const s = await stateOf(session, driver);
  const handleOf = (id) => (id === undefined || id === null ? s.main : s.tabs.get(id));
  switch (command) {
    case 'omni-tab-open': {
      const id = `t${++seq}`;
      const url = new URL(payload.path, await driver.getUrl());
      url.searchParams.set('omni-tab', id);
      // MiniBrowser opens a WebDriver tab behind the test page, which stays visible. A tab
      // in front of the test page (what the tests mean by 'tab') is therefore a window of
      // its own with the test page's window minimized, until that tab closes.
      const { handle } = await driver.createWindow('window');
      s.tabs.set(id, handle);
      await inWindow(driver, s, handle, async () => {
        await driver.navigateTo(url.href);
        await until('the tab to load', () => driver.execute(() => document.readyState === 'complete'));
      });
      if (payload.as !== 'window') {
        s.coveredBy.add(id);
        await driver.minimizeWindow();
      }
      return id;
    }
    case 'omni-tab-eval': {
      const handle = handleOf(payload.id);
      if (!handle) throw new Error(`no tab ${payload.id}`);
      return inWindow(driver, s, handle, () => evaluate(driver, payload.js));
    }
    case 'omni-focus':
      // Switching windows focuses the one switched to; restoring the test page's window
      // brings it back in front when it was minimized.
      if (handleOf(payload.id) === s.main) await driver.maximizeWindow().catch(() => {});
      else await driver.switchToWindow(handleOf(payload.id)).then(() => driver.switchToWindow(s.main));
      return true;
    case 'omni-tab-click':
      return inWindow(driver, s, handleOf(payload.id), async () => {
        await driver.performActions([
          {
            type: 'pointer',
            id: 'mouse',
            parameters: { pointerType: 'mouse' },
            actions: [
              { type: 'pointerMove', duration: 0, x: Math.round(payload.x), y: Math.round(payload.y) },
              { type: 'pointerDown', button: 0 },
              { type: 'pointerUp', button: 0 },
            ],
          },
        ]);
        await driver.releaseActions().catch(() => {});
        return true;
      });
    case 'omni-frame-eval': {
      const index = await until(`a frame ${payload.url}`, () =>
        driver.execute((u) => {
          const i = [...document.querySelectorAll('iframe')].findIndex((f) => (f.src || '').startsWith(u));
          return i >= 0 ? i + 1 : 0;
        }, payload.url),
      );
      await driver.switchFrame(null);
      await driver.switchToFrame(index - 1);
      try {
        return await evaluate(driver, payload.js);
      } finally {
        await driver.switchToParentFrame();
      }
    }
    case 'omni-tab-close': {
      const handle = s.tabs.get(payload.id);
      if (!handle) return false;
      s.tabs.delete(payload.id);
      await driver.switchToWindow(handle);
      await driver.closeWindow().catch(() => {});
      await driver.switchToWindow(s.main);
      if (s.coveredBy.delete(payload.id) && s.coveredBy.size === 0) await driver.maximizeWindow();
      return 'closed';
    }
    case 'omni-tab-close-all':
      for (const [id, handle] of s.tabs) {
        s.tabs.delete(id);
        await driver.switchToWindow(handle).then(() => driver.closeWindow()).catch(() => {});
      }
      await driver.switchToWindow(s.main);
      if (s.coveredBy.size) {
        s.coveredBy.clear();
        await driver.maximizeWindow();
      }
      return true;
    case 'omni-tab-window':
    case 'omni-window': {
      const handle = handleOf(payload.id);
      if (!handle) return false;
      return inWindow(driver, s, handle, async () => {
        if (payload.state === 'minimized') await driver.minimizeWindow();
        else await driver.maximizeWindow();
        return true;
      });
    }
    case 'omni-lifecycle':
    case 'omni-sw-click':
    case 'omni-permission':
    case 'omni-grant':
      return false;
    default:
      return undefined;
  }
}

/** Forgets a session's windows (its page is gone). */
export function forgetSession(id) {
  state.delete(id);
}
