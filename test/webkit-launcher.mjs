// WebKit for the test runner: Debian's WebKitGTK (MiniBrowser, driven by
// WebKitWebDriver from the webkit2gtk-driver package) through WTR's WebDriver
// launcher. Nothing is downloaded: webdriverio is given the driver's address,
// so it never fetches a driver or a browser of its own.
//
// This WebKitGTK build has no headless mode, so the launcher starts its own
// X server (Xvfb, from the xvfb package, on a free display it picks itself)
// and the driver on a free port, and stops both (by process id) when the run
// ends. WEBKIT_DRIVER_URL=http://host:port uses a driver already running
// instead (e.g. under `xvfb-run -a WebKitWebDriver --port=4444`).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { webdriverLauncher } from '@web/test-runner-webdriver';

const MINIBROWSER_DIRS = ['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1', '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1', '/usr/lib/webkit2gtk-4.1'];

/** The MiniBrowser binary the webkit2gtk-driver package installs (WEBKIT_BROWSER overrides). */
export function miniBrowserPath() {
  return process.env.WEBKIT_BROWSER || MINIBROWSER_DIRS.map((d) => `${d}/MiniBrowser`).find((p) => existsSync(p));
}

/** Why WebKit cannot run here, or null. */
export function webkitMissing() {
  if (process.env.WEBKIT_DRIVER_URL) return null;
  const has = (cmd) => {
    try {
      execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!has('WebKitWebDriver') || !miniBrowserPath()) return 'WebKitWebDriver/MiniBrowser not found (apt-get install webkit2gtk-driver)';
  if (!process.env.DISPLAY && !has('Xvfb')) return 'no display and no Xvfb (apt-get install xvfb)';
  return null;
}

/** "WebKitGTK 2.50.6" from the driver's session, once known. */
export const webkitVersion = { value: '' };

/** A port the system says is free now (listen on 0, read it, close). */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

const listening = (port) =>
  new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

async function waitFor(what, test, ms, child) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (child && child.exitCode !== null) throw new Error(`${what}: exited with code ${child.exitCode}`);
    const v = await test();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what}: not ready after ${ms} ms`);
}

/** Xvfb on a display number it chooses (-displayfd), so parallel runs never collide. */
async function startXvfb(children) {
  const x = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  children.push(x);
  let out = '';
  let err = '';
  x.stderr.on('data', (d) => (err += d));
  x.stdio[3].on('data', (d) => (out += d));
  const display = await waitFor('Xvfb', () => (/\d+\n/.test(out) ? out.trim() : null), 20000, x).catch((e) => {
    throw new Error(`${e.message}\n${err}`);
  });
  return `:${display}`;
}

/**
 * The launcher: a WebdriverLauncher whose initialize() starts Xvfb and the
 * driver and whose stop() ends them.
 */
export function webkitLauncher() {
  const children = [];
  const url = process.env.WEBKIT_DRIVER_URL ? new URL(process.env.WEBKIT_DRIVER_URL) : null;
  const options = {
    hostname: url?.hostname ?? '127.0.0.1',
    port: url ? Number(url.port) : 0,
    logLevel: 'error',
    // WebDriver classic (WebKitGTK 2.50 has no BiDi): webdriverio would otherwise ask for webSocketUrl.
    capabilities: {
      'wdio:enforceWebDriverClassic': true,
      browserName: 'MiniBrowser',
      // Autoplay allowed, as the Chromium run's --autoplay-policy=no-user-gesture-required
      // (the tests that need the gesture path gate audio themselves).
      'webkitgtk:browserOptions': { binary: miniBrowserPath(), args: ['--automation', '--autoplay-policy=allow'] },
    },
  };
  const launcher = webdriverLauncher(options);
  let stopping = false;
  const stopChildren = () => {
    stopping = true;
    for (const c of children.splice(0).reverse()) {
      try {
        if (c.exitCode === null) process.kill(c.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
  };
  process.once('exit', stopChildren);
  const { initialize, stop, startSession } = launcher;
  launcher.initialize = async function (config, testFiles) {
    if (!url) {
      const display = process.env.DISPLAY || (await startXvfb(children));
      const port = await freePort();
      const driver = spawn('WebKitWebDriver', [`--port=${port}`, '--host=local'], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, DISPLAY: display },
      });
      children.push(driver);
      let err = '';
      driver.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
      // A driver that dies mid-run fails every later test with ECONNREFUSED: say why, once.
      driver.once('exit', (code, signal) => {
        if (!stopping) console.error(`\nWebKitWebDriver exited (code ${code}, signal ${signal}) during the run; its last output:\n${err}`);
      });
      await waitFor('WebKitWebDriver', () => listening(port), 20000, driver).catch((e) => {
        throw new Error(`${e.message}\n${err}`);
      });
      options.port = port;
    }
    await initialize.call(this, config, testFiles);
    this.name = 'WebKit';
  };
  launcher.startSession = async function (id, testUrl) {
    await startSession.call(this, id, testUrl);
    if (!webkitVersion.value && this.driver) webkitVersion.value = `WebKitGTK ${this.driver.capabilities.browserVersion}`;
  };
  launcher.stop = async function () {
    await stop.call(this);
    stopChildren();
  };
  return launcher;
}
