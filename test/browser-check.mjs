// Browser versions, read up front (`<browser> --version`), so that a browser
// too old for the test runner is named in one clear line instead of failing
// every test file with the same protocol error.
import { execFileSync } from 'node:child_process';

/**
 * The oldest Firefox the runner's puppeteer can drive: it sets each new
 * page's viewport with the WebDriver BiDi command
 * `emulation.setScreenOrientationOverride`, which Firefox ESR 140 lacks
 * (Debian's stale bookworm lists give 140; `apt-get update` first gives 153).
 */
export const FIREFOX_MIN = 141;

/** "Mozilla Firefox 153.8.0esr" → {text, major: 153}; null when it cannot be run. */
export function browserVersion(path) {
  try {
    const text = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 20000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const m = /(\d+)\.\d+/.exec(text);
    return { text, major: m ? Number(m[1]) : NaN };
  } catch {
    return null;
  }
}

/** Prints `line` once, alone, and ends the run (no stack trace, no per-file repeats). */
export function stopRun(line) {
  process.stderr.write(`\n${line}\n\n`);
  process.exit(1);
}

export const firefoxTooOld = (version) =>
  `${version} is too old for these tests (need ${FIREFOX_MIN} or later: WebDriver BiDi emulation.setScreenOrientationOverride). ` +
  'Run `apt-get update && apt-get install firefox-esr`, or OMNI_BROWSERS=chromium,webkit to skip Firefox.';

/**
 * Wraps a puppeteer createPage for Firefox: if the browser rejects a WebDriver
 * BiDi command it does not know (an older Firefox than FIREFOX_MIN that the
 * version check let through), the run stops with one line naming it.
 */
export function firefoxPage(createPage, version) {
  return async (args) => {
    try {
      return await createPage(args);
    } catch (e) {
      const unknown = /unknown command|not supported|setScreenOrientationOverride/i.exec(String(e?.message ?? e));
      if (unknown) stopRun(`${firefoxTooOld(version)} (${String(e.message).split('\n')[0]})`);
      throw e;
    }
  };
}
