#!/usr/bin/env node
/**
 * End-to-end test of the npm package, as an integrator meets it:
 *
 * 1. `npm pack` → omni-notify-<version>.tgz; its file list is what `files`
 *    says (dist, types, manifest, theme, worker; no sources, no tests).
 * 2. A fresh Vite app (scripts/pack-test/vite-app) installs the tarball,
 *    type-checks a consumer against the .d.ts, and builds: one copy of Lit
 *    (the app's and the widget's), the German and Arabic translations as
 *    their own chunks.
 * 3. A plain HTML page (scripts/pack-test/importmap) installs the tarball and
 *    loads dist/omni-notify.js through an import map, no bundler, twice.
 * 4. Both are served with a strict Content Security Policy (no
 *    'unsafe-inline', no 'unsafe-eval') and Trusted Types enforced, and opened
 *    in Chromium: each shows an alert from its in-page transport, Accept
 *    starts the session, nothing violates the policy, nothing throws; with
 *    ?lang=de the alert reads "Annehmen" (the lazily loaded translation).
 *
 * Offline and fast: the tarball's dependencies are packed from this repo's
 * node_modules into a temporary folder and installed from there
 * (`npm install --offline` with an empty cache), and the app is built with
 * this repo's Vite and type-checked with its TypeScript.
 *
 *   node scripts/pack-test.mjs            # after npm run build
 *   node scripts/pack-test.mjs --keep     # keep the temporary folder
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'scripts/pack-test');
const started = Date.now();
const keep = process.argv.includes('--keep');
const step = (what) => console.log(`pack-test: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const npm = (args, cwd) => run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], cwd);

function fail(message) {
  throw new Error(message);
}

const CSP = [
  "default-src 'self'",
  "script-src 'self' 'nonce-pack-test-nonce'",
  "style-src 'self'",
  "img-src 'self' data:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types lit-html omni-notify 'allow-duplicates'",
].join('; ');

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml' };

/** A static server for `dir`, every response under the strict policy. */
function serve(dir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    let file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/** The packages the tarball needs, transitively, as installed in this repo. */
function dependencyDirs(pkg) {
  const dirs = new Map();
  const visit = (deps) => {
    for (const name of Object.keys(deps ?? {})) {
      if (dirs.has(name)) continue;
      const dir = join(ROOT, 'node_modules', name);
      if (!existsSync(join(dir, 'package.json'))) fail(`${name} is not installed in node_modules (npm ci first)`);
      dirs.set(name, dir);
      visit(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies);
    }
  };
  visit(pkg.dependencies);
  return dirs;
}

/** A temporary project that installs the tarball and its dependencies from local tarballs only. */
async function install(dir, tarball, localDeps) {
  const dependencies = { 'omni-notify': `file:${tarball}` };
  for (const [name, file] of localDeps) dependencies[name] = `file:${file}`;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'pack-test-app', private: true, type: 'module', dependencies }, null, 2));
  const args = ['install', '--offline', '--ignore-scripts', '--cache', join(dir, '.npm-cache'), '--no-audit', '--no-fund', '--loglevel=error'];
  await promisify(execFile)('npm', args, { cwd: dir });
  if (!existsSync(join(dir, 'node_modules/omni-notify/dist/omni-notify.js'))) fail(`the tarball did not install into ${dir}`);
}

async function checkPage(browser, url, { lang, twice = false } = {}) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  await page.evaluateOnNewDocument(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  try {
    await page.goto(lang ? `${url}?lang=${lang}` : url, { waitUntil: 'load' });
    const acceptName = lang === 'de' ? 'Annehmen' : 'Accept';
    const accept = await page.waitForFunction(
      (name) => {
        const host = document.querySelector('omni-notification-host');
        const alert = host?.shadowRoot?.querySelector('omni-alert');
        const button = alert?.shadowRoot?.querySelector('[part~="accept"]');
        const heading = alert?.shadowRoot?.querySelector('h2')?.textContent?.trim();
        return button?.textContent?.trim() === name && heading === 'Dana Whitfield' ? button : null;
      },
      { timeout: 15_000 },
      acceptName,
    ).catch(() => fail(`${url}${lang ? ` (lang=${lang})` : ''}: no alert with "${acceptName}" for Dana Whitfield${problems.length ? ` (${problems.join('; ')})` : ''}`));
    await accept.click();
    await page.waitForFunction(() => document.body.dataset.session === 'c1', { timeout: 10_000 }).catch(() => fail(`${url}: Accept did not start the session`));
    if (twice && (await page.evaluate(() => document.body.dataset.twice)) !== 'ok') fail(`${url}: loading the bundle a second time failed`);
    // The policy is really enforced: a string into an HTML sink is refused.
    const sink = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<b>x</b>';
        return 'allowed';
      } catch {
        return 'blocked';
      }
    });
    if (sink !== 'blocked') fail(`${url}: Trusted Types are not enforced (the check is void)`);
    // The probe's own console report is expected; any other is a problem.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
    const probe = problems.findIndex((p) => p.includes('TrustedHTML'));
    if (probe >= 0) problems.splice(probe, 1);
    const violations = (await page.evaluate(() => window.__violations)).filter((v) => !v.startsWith('require-trusted-types-for'));
    if ((await page.evaluate(() => window.__violations.length)) !== violations.length + 1) fail(`${url}: the Trusted Types probe was not reported`);
    problems.push(...violations.map((v) => `CSP violation: ${v}`));
    return { page, problems };
  } finally {
    if (problems.length) console.error(problems.join('\n'));
    await page.close();
  }
}

async function main() {
  const dist = ['dist/omni-notify.js', 'dist/npm/index.js', 'dist/types/index.d.ts', 'custom-elements.json'];
  for (const f of dist) if (!existsSync(join(ROOT, f))) fail(`${f} is missing: npm run build first`);
  const work = mkdtempSync(join(tmpdir(), 'omni-pack-'));
  const servers = [];
  let browser;
  try {
    // 1. The tarball and what is in it.
    const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT))[0];
    const tarball = join(work, packed.filename);
    const files = packed.files.map((f) => f.path);
    for (const must of [...dist, 'dist/theme.css', 'dist/omni-notify-sw.js', 'LICENSE', 'README.md', 'package.json', 'dist/npm/locales/de.js', 'dist/npm/locales/ar.js']) {
      if (!files.includes(must)) fail(`the tarball has no ${must}`);
    }
    const stray = files.filter((f) => /^(src|test|demo|server|scripts|node_modules)\/|\/node_modules\//.test(f));
    if (stray.length) fail(`the tarball ships ${stray.slice(0, 5).join(', ')}`);
    step(`packed ${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(0)} KB`);

    // The dependencies, packed from this repo's node_modules.
    const depDir = join(work, 'deps');
    mkdirSync(depDir);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const deps = dependencyDirs(pkg);
    const depPacks = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', depDir, ...deps.values()], ROOT));
    const localDeps = [...deps.keys()].map((name, i) => [name, join(depDir, depPacks[i].filename)]);

    // 2. and 3. A fresh Vite app and a plain HTML page install the tarball (at the same time).
    // The Vite app is built with this repo's Vite, so it installs no build tools.
    const app = join(work, 'vite-app');
    const plain = join(work, 'importmap');
    for (const [dir, fixture] of [[app, 'vite-app'], [plain, 'importmap']]) {
      cpSync(join(FIXTURES, fixture), dir, { recursive: true });
      cpSync(join(FIXTURES, 'transport.js'), join(dir, 'transport.js'));
    }
    await Promise.all([install(app, tarball, localDeps), install(plain, tarball, localDeps)]);
    step('installed the tarball into a Vite app and into a plain HTML page');
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['check.ts'] }),
    );
    try {
      run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
    } catch (e) {
      fail(`a consumer does not type-check against the package's .d.ts:\n${e.stdout}${e.stderr}`);
    }
    run(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], app);
    const assets = readdirSync(join(app, 'dist/assets'));
    const js = assets.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(app, 'dist/assets', f), 'utf8'));
    const litCopies = js.join('\n').split('litHtmlVersions').length - 1;
    if (litCopies !== 1) fail(`the Vite app bundles Lit ${litCopies} times (the npm entry must share the app's Lit)`);
    if (!assets.some((f) => /^de-.*\.js$/.test(f)) || !assets.some((f) => /^ar-.*\.js$/.test(f))) {
      fail(`the translations are not separate chunks in the Vite app: ${assets.join(', ')}`);
    }
    step(`type-checked and built the Vite app (${assets.length} assets, one Lit, de and ar chunks)`);

    // 4. Both in Chromium, under a strict CSP with Trusted Types.
    const viteServer = await serve(join(app, 'dist'));
    const plainServer = await serve(plain);
    servers.push(viteServer, plainServer);
    const { default: puppeteer } = await import('puppeteer-core');
    const executablePath = process.env.CHROME_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
    browser = await puppeteer.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    const problems = [];
    for (const [name, server] of [['Vite app', viteServer], ['import-map page', plainServer]]) {
      const url = `http://127.0.0.1:${server.address().port}/`;
      for (const lang of [undefined, 'de']) {
        const r = await checkPage(browser, url, { lang, twice: server === plainServer });
        problems.push(...r.problems.map((p) => `${name}${lang ? ` (${lang})` : ''}: ${p}`));
      }
      step(`${name}: alert shown, accepted, session started, in English and German, strict CSP + Trusted Types`);
    }
    if (problems.length) fail(problems.join('\n'));
    const secs = (Date.now() - started) / 1000;
    console.log(`pack-test: OK in ${secs.toFixed(1)} s`);
  } finally {
    await browser?.close();
    for (const s of servers) s.close();
    if (keep) console.log(`pack-test: kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`pack-test: FAILED: ${e.message}`);
  process.exit(1);
});
