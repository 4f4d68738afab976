#!/usr/bin/env node
/**
 * Soak: a working day without growth. Runs the demo's wiring (routing engine
 * + MemoryTransport + center + elements) in headless Chromium on a sinon fake
 * clock and plays 8 simulated hours of an agent's day (see scripts/soak/entry.ts):
 * an offer every 20 s (accepted, rejected or left to time out, in turn),
 * a transfer toast every 2 min, the connection dropped for 5 s every 30 min,
 * the tab hidden for 2 min every 15 min. Every simulated hour it prints,
 * after a forced GC, the JS heap used (CDP Runtime.getHeapUsage), the DOM
 * counters (Memory.getDOMCounters: nodes, JS event listeners, documents) and
 * the page scheduler's entry count; the last line says whether the heap at
 * the last hour is within 10 % of hour 1 and listeners and nodes are flat.
 *
 * It prints figures; it never fails on them. It exits non-zero only when it
 * cannot run (no Chromium, the page does not build or load, the page dies).
 *
 *   node scripts/soak.mjs               # npm run bench:soak
 *   node scripts/soak.mjs --hours 2     # a shorter day (default 8)
 *   node scripts/soak.mjs --no-reconnect # one connection all day (a hello resets the center's view)
 *   node scripts/soak.mjs --verbose     # also the real time each simulated minute took
 *   node scripts/soak.mjs --json        # also print the hourly samples as one JSON line
 *   node scripts/soak.mjs --heap-diff   # heap snapshots at hour 2 and the last hour: what grew, by constructor
 *   CHROME_PATH=/path/to/chrome node scripts/soak.mjs
 */
import { rmSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROME_FLAGS, bundlePage, chromePath, loadPuppeteer, serve } from './lib/bench-browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOAK_DIR = join(ROOT, 'scripts', 'soak');
const MINUTE = 60_000;

const args = process.argv.slice(2);
const argValue = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const HOURS = Math.max(1, Math.round(Number(argValue('--hours') ?? 8) || 8));
const wantJson = args.includes('--json');
const verbose = args.includes('--verbose');
/** Without the half-hourly reconnects: what one connection accumulates over the day (a hello resets the center's view). */
const reconnects = !args.includes('--no-reconnect');
/** At the end, a heap snapshot: the detached DOM nodes still reachable, by name (where a growth of nodes comes from). */
const wantDetached = args.includes('--detached');
/**
 * Heap snapshots after hour 2 (hour 1 on a shorter day) and after the last hour: the objects that grew in
 * between, by constructor (plain objects by their property names, so a record type can be told apart), count
 * and self size. A snapshot costs seconds and perturbs the later samples slightly: for finding, not measuring.
 */
const wantHeapDiff = args.includes('--heap-diff');
/** Real time allowed for the whole run. */
const WATCHDOG_MS = Math.max(5, Number(argValue('--timeout-min') ?? 60) || 60) * MINUTE;
const HEAP_TOLERANCE = 0.1;


/** The page is really hidden for minutes at a time; sinon's tickAsync yields through real timers,
 * which a hidden page would otherwise get at most once a second (once a minute after 5 min). */
const SOAK_FLAGS = [
  ...CHROME_FLAGS,
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  '--disable-features=IntensiveWakeUpThrottling',
];


async function buildPage(outDir) {
  await bundlePage(ROOT, { entry: join(SOAK_DIR, 'entry.ts'), outfile: join(outDir, 'soak.js'), what: 'the soak page' });
  await copyFile(join(SOAK_DIR, 'index.html'), join(outDir, 'index.html'));
  // The demo loads its stylesheet beside its module (demo/stylesheet.ts): the page is laid out as in the demo.
  await copyFile(join(ROOT, 'demo', 'demo.css'), join(outDir, 'demo.css'));
}


const delay = (ms) => new Promise((r) => setTimeout(r, ms).unref());
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(2)} MB`;
const pct = (a, b) => `${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(1)} %`;

/** Hides or shows the page: minimizing its window really hides it (visibilitychange from the browser); else a faked visibilityState. */
async function makeVisibility(page, cdp) {
  let method = null;
  const setWindow = async (windowState) => {
    const { windowId } = await cdp.send('Browser.getWindowForTarget');
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState } });
  };
  const until = async (hidden) => {
    for (let i = 0; i < 40; i++) {
      if ((await page.evaluate(() => window.omniSoak.hidden())) === hidden) return true;
      await delay(50);
    }
    return false;
  };
  return {
    get method() {
      return method;
    },
    async set(hidden) {
      if (method !== 'faked') {
        try {
          await setWindow(hidden ? 'minimized' : 'normal');
          if (!hidden) await page.bringToFront();
          if (await until(hidden)) {
            method ??= 'window minimized (CDP Browser.setWindowBounds)';
            return;
          }
        } catch {}
        if (method) throw new Error(`the page did not become ${hidden ? 'hidden' : 'visible'}`);
        method = 'faked';
        if (!hidden) await setWindow('normal').catch(() => {});
      }
      await page.evaluate((h) => window.omniSoak.fakeVisibility(h), hidden);
    },
  };
}

/** Detached DOM nodes in a heap snapshot, counted by name, most first. */
async function detachedNodes(cdp) {
  const snap = await takeSnapshot(cdp);
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const nameAt = fields.indexOf('name');
  const detachedAt = fields.indexOf('detachedness');
  const counts = new Map();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const name = snap.strings[snap.nodes[i + nameAt]];
    const detached = detachedAt >= 0 ? snap.nodes[i + detachedAt] === 2 : name.startsWith('Detached ');
    if (detached) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

async function takeSnapshot(cdp) {
  const chunks = [];
  const onChunk = ({ chunk }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  return JSON.parse(chunks.join(''));
}

/** Live objects grouped by what they are: count and self size per group. */
function heapGroups(snap) {
  const { node_fields: nf, edge_fields: ef, node_types: nt, edge_types: et } = snap.snapshot.meta;
  const types = nt[nf.indexOf('type')];
  const edgeTypes = ef.length ? et[ef.indexOf('type')] : [];
  const W = nf.length;
  const EW = ef.length;
  const [tAt, nAt, sAt, ecAt] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f));
  const [etAt, enAt] = ['type', 'name_or_index'].map((f) => ef.indexOf(f));
  const groups = new Map();
  let edge = 0;
  for (let i = 0; i < snap.nodes.length; i += W) {
    const type = types[snap.nodes[i + tAt]];
    const name = snap.strings[snap.nodes[i + nAt]];
    const edges = snap.nodes[i + ecAt];
    let key;
    if (type === 'object' && name === 'Object') {
      const props = [];
      for (let e = edge; e < edge + edges * EW; e += EW) {
        if (edgeTypes[snap.edges[e + etAt]] === 'property') props.push(snap.strings[snap.edges[e + enAt]]);
      }
      key = `Object {${props.filter((p) => p !== '__proto__' && p !== 'map').slice(0, 8).join(', ')}}`;
    } else if (type === 'object' || type === 'closure' || type === 'native') key = `${type} ${name}`;
    else if (type === 'array' || type === 'hidden' || type === 'object shape') key = `(${type}) ${name.slice(0, 40)}`;
    else key = `(${type})`;
    edge += edges * EW;
    const g = groups.get(key) ?? { count: 0, size: 0 };
    g.count++;
    g.size += snap.nodes[i + sAt];
    groups.set(key, g);
  }
  return groups;
}

function printHeapDiff(before, after, fromHour, toHour) {
  const rows = [];
  for (const [key, a] of after) {
    const b = before.get(key) ?? { count: 0, size: 0 };
    if (a.size !== b.size || a.count !== b.count) rows.push({ key, dc: a.count - b.count, ds: a.size - b.size, count: a.count });
  }
  for (const [key, b] of before) if (!after.has(key)) rows.push({ key, dc: -b.count, ds: -b.size, count: 0 });
  const total = (g) => [...g.values()].reduce((n, x) => n + x.size, 0);
  console.log(`soak: heap snapshot hour ${fromHour} → hour ${toHour}: self sizes ${mb(total(before))} → ${mb(total(after))}; grew most (count change, self size change, count now):`);
  for (const r of rows.sort((x, y) => y.ds - x.ds).slice(0, 40)) {
    console.log(`  ${r.ds >= 0 ? '+' : ''}${(r.ds / 1024).toFixed(1)} KB  ${r.dc >= 0 ? '+' : ''}${r.dc} (now ${r.count})  ${r.key}`);
  }
  console.log('soak: shrank most:');
  for (const r of rows.sort((x, y) => x.ds - y.ds).slice(0, 10)) {
    console.log(`  ${(r.ds / 1024).toFixed(1)} KB  ${r.dc} (now ${r.count})  ${r.key}`);
  }
}

async function sample(page, cdp, hour) {
  // Twice: the first collection can leave objects whose finalizers free more.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const c = await page.evaluate(() => window.omniSoak.counts());
  return { hour, heapUsed: heap.usedSize, heapTotal: heap.totalSize, nodes: dom.nodes, listeners: dom.jsEventListeners, documents: dom.documents, ...c };
}

function printSample(s, first) {
  const vs = first && s !== first ? ` (${pct(s.heapUsed, first.heapUsed)} vs hour 1)` : '';
  console.log(
    `soak: hour ${s.hour}: heap ${mb(s.heapUsed)}${vs}, DOM nodes ${s.nodes}, listeners ${s.listeners}, documents ${s.documents}, ` +
      `scheduler ${s.schedulerSize}, fake timers ${s.fakeTimers}; ` +
      `so far ${s.offers} offers (${s.accepted} accepted, ${s.rejected} rejected, ${s.events['omni-timeout'] ?? 0} timed out), ` +
      `${s.toasts} toasts (${s.toastsOpened} opened), ${s.reconnects} reconnects, ${s.hides} hides; ` +
      `now: ${s.connection}, ${s.presence}, ${s.alerts} alerts, ${s.toastsShown} toasts, ${s.sessionTabs} session tabs, ` +
      `center holds ${s.center.offers} offers, ${s.center.notices} notices, ${s.center.sessions} sessions; ${s.elements.all} elements in the page's light DOM`,
  );
}

async function main() {
  const t0 = Date.now();
  const executablePath = chromePath();
  const puppeteer = await loadPuppeteer();

  const outDir = await mkdtemp(join(tmpdir(), 'omni-soak-'));
  let server;
  let browser;
  let child;
  const abort = (code) => {
    try {
      child?.kill('SIGKILL');
    } catch {}
    rmSync(outDir, { recursive: true, force: true });
    process.exit(code);
  };
  const watchdog = setTimeout(() => {
    console.error(`soak: could not run: gave up after ${WATCHDOG_MS / MINUTE} min (--timeout-min)`);
    abort(2);
  }, WATCHDOG_MS);
  const onSignal = () => abort(130);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    await buildPage(outDir);
    server = await serve(outDir);
    const { port } = server.address();
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: SOAK_FLAGS,
      defaultViewport: { width: 1280, height: 800 },
      // Each evaluate is one simulated minute; a slow machine (or a CI run beside us) may take a while.
      protocolTimeout: 180_000,
    });
    child = browser.process();
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) pageErrors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load', timeout: 20_000 });
    try {
      await page.waitForFunction(() => window.omniSoak?.ready === true, { timeout: 10_000 });
    } catch {
      throw new Error(`the soak page did not start${pageErrors.length ? `: ${pageErrors.join('; ')}` : ''}`);
    }
    const cdp = await page.createCDPSession();
    const visibility = await makeVisibility(page, cdp);
    await page.evaluate(() => window.omniSoak.start());

    const samples = [await sample(page, cdp, 0)];
    printSample(samples[0]);
    const advance = (ms) => page.evaluate((x) => window.omniSoak.advance(x), ms);
    const diffFrom = HOURS > 2 ? 2 : 1;
    let diffBase = null;
    for (let minute = 0; minute < HOURS * 60; minute++) {
      const tMinute = Date.now();
      const m15 = minute % 15;
      if (m15 === 5) {
        await visibility.set(true);
        await page.evaluate(() => window.omniSoak.noteHide());
      } else if (m15 === 7) {
        await visibility.set(false);
      }
      if (reconnects && minute % 30 === 20) {
        // Dropped at hh:20:30 and hh:50:30, back 5 s later (a fresh hello).
        await advance(30_000);
        await page.evaluate(() => window.omniSoak.drop());
        await advance(5_000);
        await page.evaluate(() => window.omniSoak.restore());
        await advance(25_000);
      } else {
        await advance(MINUTE);
      }
      if (verbose) console.error(`soak: minute ${minute}: ${Date.now() - tMinute} ms real`);
      if ((minute + 1) % 60 === 0) {
        const s = await sample(page, cdp, (minute + 1) / 60);
        samples.push(s);
        printSample(s, samples[1]);
        if (wantHeapDiff && s.hour === diffFrom && HOURS > diffFrom) {
          diffBase = { heap: heapGroups(await takeSnapshot(cdp)), dom: await page.evaluate(() => window.omniSoak.domBreakdown()) };
        } else if (wantHeapDiff && diffBase && s.hour === HOURS) {
          printHeapDiff(diffBase.heap, heapGroups(await takeSnapshot(cdp)), diffFrom, HOURS);
          const dom = await page.evaluate(() => window.omniSoak.domBreakdown());
          const grew = Object.entries(dom).map(([k, n]) => [k, n - (diffBase.dom[k] ?? 0), n]).filter(([, d]) => d !== 0).sort((a, b) => b[1] - a[1]);
          console.log(`soak: live DOM nodes hour ${diffFrom} → hour ${HOURS}, by where (change, now): ${grew.slice(0, 12).map(([k, d, n]) => `${k} ${d >= 0 ? '+' : ''}${d} (${n})`).join('; ') || 'no change'}`);
        }
      }
    }

    const first = samples[1];
    const last = samples[samples.length - 1];
    const heapOk = last.heapUsed <= first.heapUsed * (1 + HEAP_TOLERANCE);
    const flat = (key) => last[key] <= first[key] * 1.02 + 5;
    const verdict = heapOk && flat('listeners') && flat('nodes');
    const series = (key) => samples.slice(1).map((s) => s[key]).join(' → ');
    console.log(`soak: heap ${series('heapUsed').split(' → ').map((b) => (b / 2 ** 20).toFixed(2)).join(' → ')} MB; nodes ${series('nodes')}; listeners ${series('listeners')}; scheduler ${series('schedulerSize')}`);
    if (last.misses.length) console.log(`soak: the simulated agent missed: ${last.misses.join('; ')}`);
    if (pageErrors.length) console.log(`soak: page errors: ${[...new Set(pageErrors)].slice(0, 5).join(' | ')}`);
    console.log(`soak: tab hidden by ${visibility.method ?? 'nothing (never hidden)'}; ${await browser.version()}, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    if (wantJson) console.log(JSON.stringify(samples));
    if (wantDetached) {
      const detached = await detachedNodes(cdp);
      const total = detached.reduce((n, [, c]) => n + c, 0);
      console.log(`soak: ${total} detached DOM nodes still reachable; most: ${detached.slice(0, 15).map(([n, c]) => `${n} ×${c}`).join(', ')}`);
    }
    console.log(
      `soak: ${verdict ? 'FLAT' : 'GROWTH'}: heap at hour ${last.hour} ${mb(last.heapUsed)} vs hour 1 ${mb(first.heapUsed)} (${pct(last.heapUsed, first.heapUsed)}, ` +
        `${heapOk ? 'within' : 'OVER'} ${HEAP_TOLERANCE * 100} %); listeners ${first.listeners} → ${last.listeners} (${flat('listeners') ? 'flat' : 'GROWING'}); ` +
        `DOM nodes ${first.nodes} → ${last.nodes} (${flat('nodes') ? 'flat' : 'GROWING'})`,
    );
  } finally {
    clearTimeout(watchdog);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (browser) await Promise.race([browser.close().catch(() => {}), delay(5000)]);
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        child.kill('SIGKILL');
      } catch {}
      await Promise.race([exited, delay(2000)]);
    }
    server?.closeAllConnections?.();
    server?.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`soak: could not run: ${e.message}`);
  process.exit(2);
});
