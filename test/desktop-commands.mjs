// Server commands for the desktop-notification and multi-tab tests (Chromium
// over CDP; elsewhere each answers false and the test asserts the fallback):
//
//   omni-tab-open   {path, as?: 'tab' | 'window'} → id  another page of the test page's browser context;
//                   'tab' opens it in the test page's own window, which hides the test page
//   omni-tab-eval   {id, js}                     → the value of the expression `js` (awaited) in that page
//   omni-tab-close  {id, crash?}                 closes the page, or crashes its renderer (CDP) → 'closed' | 'crashed'
//   omni-tab-close-all                           every page this session opened
//   omni-tab-window {id?, state}                 minimizes ('minimized') or restores ('normal') a page's window (no id: the test page)
//   omni-lifecycle  {id?, state}                 'frozen' or 'active' (Page.setWebLifecycleState)
//   omni-tab-click  {id, x, y}                   a real mouse click (a user gesture) in that page
//   omni-focus      {id?}                        brings a page (default: the test page) to the front, focused
//   omni-frame-eval {url, js}                    like omni-tab-eval, in the test page's frame whose URL starts with `url`
//   omni-permission {setting, origin?}           notifications 'granted' | 'denied' | 'prompt' for an origin (default: the test page's)
//   omni-sw-click   {tag, action?}               dispatches a notificationclick for the notification `tag` in the
//                                                omni-notify service worker that shows it (there may be several: the
//                                                harness's /src/sw/ one, the demo's /omni-notify-sw.js) (a script-made
//                                                event: the worker's code path, without the user activation a real click carries)
const tabs = new Map(); // session id → Map(tab id → page)
let seq = 0;

function pagesOf(session) {
  if (!tabs.has(session.id)) tabs.set(session.id, new Map());
  return tabs.get(session.id);
}

async function withCdp(page, fn) {
  let cdp;
  try {
    cdp = await page.target().createCDPSession();
  } catch {
    return false;
  }
  try {
    return await fn(cdp);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * A new tab in the test page's own window (which it hides): opened by the page
 * itself with window.open, the one way that names the window.
 */
async function tabOf(page, url) {
  const target = page.browser().waitForTarget((t) => t.url() === url, { timeout: 10000 });
  await page.evaluate((u) => void window.open(u, '_blank'), url);
  return (await target).page();
}

export async function desktopCommand({ command, payload = {}, session }) {
  const testPage = session.browser.getPage(session.id);
  const pages = pagesOf(session);
  const pageOf = (id) => (id === undefined || id === null ? testPage : pages.get(id));
  switch (command) {
    case 'omni-tab-open': {
      const id = `t${++seq}`;
      const url = new URL(payload.path, testPage.url());
      url.searchParams.set('omni-tab', id);
      const page = payload.as === 'window' ? await testPage.browserContext().newPage({ type: 'window' }) : await tabOf(testPage, url.href);
      page.on('pageerror', (e) => console.error(`[tab] ${e.message}`));
      if (payload.as === 'window') await page.goto(url.href, { waitUntil: 'load' });
      else await page.waitForFunction(() => document.readyState === 'complete');
      pages.set(id, page);
      return id;
    }
    case 'omni-tab-eval': {
      const page = pageOf(payload.id);
      if (!page) throw new Error(`no tab ${payload.id}`);
      return page.evaluate(payload.js);
    }
    case 'omni-focus': {
      const page = pageOf(payload.id);
      await page.bringToFront();
      return true;
    }
    case 'omni-tab-click': {
      const page = pageOf(payload.id);
      await page.mouse.click(payload.x, payload.y);
      return true;
    }
    case 'omni-frame-eval': {
      let frame;
      for (let i = 0; i < 50 && !(frame = testPage.frames().find((f) => f.url().startsWith(payload.url))); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      if (!frame) throw new Error(`no frame ${payload.url}`);
      return frame.evaluate(payload.js);
    }
    case 'omni-tab-close': {
      const page = pages.get(payload.id);
      if (!page) return false;
      pages.delete(payload.id);
      if (payload.crash) {
        // Page.crash never answers (the renderer is gone): wait for puppeteer's
        // report of the crash instead, and keep the session until then.
        let cdp;
        try {
          cdp = await page.target().createCDPSession();
        } catch {
          cdp = null;
        }
        if (cdp) {
          const crashed = new Promise((resolve) => page.once('error', resolve));
          cdp.send('Page.crash').catch(() => {});
          await Promise.race([crashed, new Promise((r) => setTimeout(r, 5000))]);
          await page.close().catch(() => {});
          return 'crashed';
        }
      }
      await page.close({ runBeforeUnload: false }).catch(() => {});
      return 'closed';
    }
    case 'omni-tab-close-all': {
      for (const [id, page] of pages) {
        pages.delete(id);
        await page.close({ runBeforeUnload: false }).catch(() => {});
      }
      await testPage.bringToFront().catch(() => {});
      return true;
    }
    case 'omni-tab-window': {
      const page = pageOf(payload.id);
      return withCdp(page, async (cdp) => {
        const { windowId } = await cdp.send('Browser.getWindowForTarget');
        const windowState = payload.state === 'minimized' ? 'minimized' : 'normal';
        await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState } });
        return true;
      });
    }
    case 'omni-lifecycle': {
      const page = pageOf(payload.id);
      return withCdp(page, async (cdp) => {
        await cdp.send('Page.setWebLifecycleState', { state: payload.state === 'frozen' ? 'frozen' : 'active' });
        return true;
      });
    }
    case 'omni-permission': {
      // Through the browser connection: a permission set over a page's own CDP
      // session is reset when that session detaches.
      const origin = payload.origin ?? new URL(testPage.url()).origin;
      const state = payload.setting === 'granted' || payload.setting === 'denied' ? payload.setting : 'prompt';
      try {
        await testPage.browserContext().setPermission(origin, { permission: { name: 'notifications' }, state });
        return true;
      } catch {
        return false;
      }
    }
    case 'omni-sw-click': {
      // Waits (up to 10 s) for a worker that shows the notification: on a busy machine the worker's
      // target may not be listed yet, or the browser may have stopped an idle worker (the test wakes it).
      const browser = testPage.browser();
      const until = Date.now() + 10_000;
      do {
        const targets = browser.targets().filter((t) => t.type() === 'service_worker' && t.url().includes('omni-notify-sw'));
        for (const target of targets) {
          const worker = await target.worker().catch(() => null);
          if (!worker) continue;
          const clicked = await worker
            .evaluate(
              async (tag, action) => {
                const [n] = await self.registration.getNotifications({ tag });
                if (!n) return false;
                self.dispatchEvent(new NotificationEvent('notificationclick', { notification: n, action: action ?? '' }));
                return true;
              },
              payload.tag,
              payload.action,
            )
            .catch(() => false);
          if (clicked) return true;
        }
        await new Promise((r) => setTimeout(r, 200));
      } while (Date.now() < until);
      return false;
    }
    default:
      return undefined;
  }
}

export const DESKTOP_COMMANDS = [
  'omni-tab-open',
  'omni-tab-eval',
  'omni-tab-close',
  'omni-tab-click',
  'omni-focus',
  'omni-frame-eval',
  'omni-tab-close-all',
  'omni-tab-window',
  'omni-lifecycle',
  'omni-permission',
  'omni-sw-click',
];
