#!/usr/bin/env node
/**
 * Performance budget: runs the host element in headless Chromium and prints
 *
 *   a) message → alert painted: an `offer` handed to the transport sink until
 *      the frame that shows its <omni-alert> has painted (goal: one frame);
 *   b) a burst of 1,000 `notice` messages in one task: the longest
 *      main-thread task (goal < 50 ms) and the DOM size afterwards (goal: bounded);
 *   c) 1,000 notices one per task (as a socket delivers them), beside Notyf
 *      and Shoelace (`<sl-alert>.toast()`) in the same page and run: time until
 *      processed and painted (goal: no slower than Notyf), longest task, DOM.
 *
 * It prints figures; it never fails on a budget. It exits non-zero only when
 * it cannot run (no Chromium, the bench page does not build or load).
 *
 *   node scripts/bench.mjs              # npm run bench
 *   node scripts/bench.mjs --runs 100   # more alert runs (default 50)
 *   node scripts/bench.mjs --repeats 5  # more bursts, each on a fresh host (default 3)
 *   node scripts/bench.mjs --burst 5000 # notices per burst (default 1000)
 *   node scripts/bench.mjs --no-peers   # skip c)
 *   node scripts/bench.mjs --profile    # also CPU-profile a second burst, print the hottest functions
 *   node scripts/bench.mjs --json       # also print the raw figures as one JSON line
 *   CHROME_PATH=/path/to/chrome node scripts/bench.mjs
 */
import { rmSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROME_FLAGS, bundlePage, chromePath, loadPuppeteer, serve } from './lib/bench-browser.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH_DIR = join(ROOT, 'scripts', 'bench');
const FRAME_MS = 1000 / 60;
const LONG_TASK_MS = 50;
const WATCHDOG_MS = 300_000;

const args = process.argv.slice(2);
const argValue = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Math.max(5, Number(argValue('--runs') ?? 50) || 50);
const BURST = Math.max(1, Number(argValue('--burst') ?? 1000) || 1000);
const REPEATS = Math.max(1, Number(argValue('--repeats') ?? 3) || 3);
const wantProfile = args.includes('--profile');
const wantJson = args.includes('--json');
const wantPeers = !args.includes('--no-peers');
const PEERS = ['omni', 'notyf', 'shoelace'];
const PEER_NAMES = { omni: 'omni-notify', notyf: 'Notyf 3.10.0', shoelace: 'Shoelace 2.20.1 toast' };



async function buildPage(outDir) {
  // Not minified, so a --profile names src functions; V8 runs it at the same speed.
  await bundlePage(ROOT, { entry: join(BENCH_DIR, 'entry.ts'), outfile: join(outDir, 'bench.js'), what: 'the bench page' });
  await copyFile(join(BENCH_DIR, 'index.html'), join(outDir, 'index.html'));
  const req = createRequire(import.meta.url);
  await copyFile(req.resolve('notyf/notyf.min.css'), join(outDir, 'notyf.min.css'));
  await copyFile(req.resolve('@shoelace-style/shoelace/dist/themes/light.css'), join(outDir, 'shoelace-light.css'));
}


// ---- statistics and trace analysis ---------------------------------------

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Nearest-rank percentile. */
const percentile = (xs, p) => {
  const s = sorted(xs);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');

const CATEGORIES = {
  script: ['FunctionCall', 'TimerFire', 'RunMicrotasks', 'EvaluateScript', 'v8.callFunction', 'v8.run', 'EventDispatch', 'FireAnimationFrame', 'v8.evaluateModule'],
  style: ['UpdateLayoutTree', 'RecalculateStyles', 'ParseAuthorStyleSheet'],
  layout: ['Layout'],
  paint: ['PrePaint', 'Paint', 'Layerize', 'UpdateLayer', 'Commit', 'PaintImage'],
  gc: ['MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'V8.GC_MARK_COMPACTOR', 'BlinkGC.AtomicPhase', 'V8.GCScavenger', 'V8.GCFinalizeMC'],
};

/** Sum of the union of [start, end) intervals (so nested events are not counted twice). */
function unionLength(intervals) {
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of intervals.sort((x, y) => x[0] - y[0])) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

/** The renderer main thread's tasks between the burst's user-timing marks, longest first. */
function analyseTrace(traceEvents, label) {
  const mainThreads = new Set(
    traceEvents
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const mark = (name) => traceEvents.find((e) => e.name === name && (e.cat ?? '').includes('blink.user_timing'));
  const start = mark(`omni-burst-start-${label}`);
  const end = mark(`omni-burst-end-${label}`);
  if (!start || !end) return null;
  const thread = `${start.pid}:${start.tid}`;
  const onMain = traceEvents.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === thread && mainThreads.has(thread));
  const tasks = onMain
    .filter((e) => e.name === 'RunTask' && e.ts + e.dur >= start.ts && e.ts <= end.ts)
    .sort((a, b) => b.dur - a.dur);
  return tasks.slice(0, 5).map((t) => {
    const inside = onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur);
    const split = {};
    for (const [cat, names] of Object.entries(CATEGORIES)) {
      const v = unionLength(inside.filter((e) => names.includes(e.name)).map((e) => [e.ts, e.ts + e.dur])) / 1000;
      if (v >= 0.05) split[cat] = v;
    }
    return { ms: t.dur / 1000, split, containsBurstStart: t.ts <= start.ts && start.ts <= t.ts + t.dur };
  });
}

/** Line → source module, from the `// src/...` markers esbuild writes into an unminified bundle. */
function moduleMap(bundleText) {
  const marks = [];
  bundleText.split('\n').forEach((line, i) => {
    const m = /^\/\/ ((?:src|scripts|node_modules)\/\S+)$/.exec(line);
    if (m) marks.push([i + 1, m[1].replace(/^node_modules\//, '')]);
  });
  return (line) => {
    let found = null;
    for (const [at, path] of marks) {
      if (at > line) break;
      found = path;
    }
    return found;
  };
}

/** Self and total time per function from a CDP CPU profile. */
function analyseProfile(profile, moduleOf = () => null, top = 12) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n) => {
    const f = n.callFrame;
    const file = f.url ? f.url.replace(/^.*\//, '') : '';
    const mod = file === 'bench.js' ? moduleOf(f.lineNumber + 1) : null;
    const where = mod ? `${mod}, bench.js:${f.lineNumber + 1}` : file ? `${file}:${f.lineNumber + 1}` : '';
    return `${f.functionName || '(anonymous)'}${where ? ` (${where})` : ''}`;
  };
  const self = new Map();
  const total = new Map();
  const byModule = new Map();
  let sum = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const leaf = nodes.get(id);
    if (!leaf || ['(idle)', '(program)', '(root)'].includes(leaf.callFrame.functionName)) return;
    sum += dt;
    self.set(label(leaf), (self.get(label(leaf)) ?? 0) + dt);
    const f = leaf.callFrame;
    const mod = f.url?.endsWith('/bench.js') ? moduleOf(f.lineNumber + 1) ?? 'bench.js' : f.url ? f.url : `browser: ${f.functionName}`;
    byModule.set(mod, (byModule.get(mod) ?? 0) + dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(nodes.get(cur));
      if (seen.has(l) || l.startsWith('(root)')) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + dt);
    }
  });
  const rank = (m, n = top) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { busyMs: sum, self: rank(self), total: rank(total), byModule: rank(byModule, 8) };
}

// ---- main ----------------------------------------------------------------

/** A timeout for Promise.race that does not keep the process alive once the race is won. */
const delay = (ms) => new Promise((r) => setTimeout(r, ms).unref());

async function main() {
  const t0 = Date.now();
  const executablePath = chromePath();
  const puppeteer = await loadPuppeteer();

  const outDir = await mkdtemp(join(tmpdir(), 'omni-bench-'));
  let server;
  let browser;
  let child;
  /** Last-resort exit: kill the Chromium we started (by its own handle) and remove the temp dir. */
  const abort = (code) => {
    try {
      child?.kill('SIGKILL');
    } catch {}
    rmSync(outDir, { recursive: true, force: true });
    process.exit(code);
  };
  const watchdog = setTimeout(() => {
    console.error(`bench: could not run: gave up after ${WATCHDOG_MS / 1000} s`);
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
      headless: true, // puppeteer passes --headless=new
      args: CHROME_FLAGS,
      defaultViewport: { width: 1280, height: 800 },
      protocolTimeout: 120_000,
    });
    child = browser.process();
    const page = await browser.newPage();
    const pageErrors = [];
    // Errors thrown while a peer runs are its own (counted in its row); the rest are printed.
    let peerRunning = false;
    page.on('pageerror', (e) => {
      if (!peerRunning) pageErrors.push(e.message);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load', timeout: 20_000 });
    try {
      await page.waitForFunction(() => window.omniBench?.ready === true, { timeout: 10_000 });
    } catch {
      throw new Error(`the bench page did not start${pageErrors.length ? `: ${pageErrors.join('; ')}` : ''}`);
    }
    const version = await browser.version();

    // a) message → alert painted
    const alert = await page.evaluate((runs) => window.omniBench.alertBench(runs), RUNS);

    // b) burst, traced so the longest task is measured even below the 50 ms long-task threshold
    await page.tracing.start({
      categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'],
    });
    const bursts = [];
    for (let k = 0; k < REPEATS; k++) {
      bursts.push(await page.evaluate((n, label) => window.omniBench.burstBench(n, label), BURST, String(k)));
    }
    // c) one notice per task, ours and the peers', each repeat in a rotated order
    const perTask = [];
    if (wantPeers) {
      for (let k = 0; k < REPEATS; k++) {
        for (let j = 0; j < PEERS.length; j++) {
          const lib = PEERS[(j + k) % PEERS.length];
          peerRunning = lib !== 'omni';
          const r = await page.evaluate((l, n, label) => window.omniBench.perTaskBurst(l, n, label), lib, BURST, `pt-${lib}-${k}`);
          peerRunning = false;
          perTask.push({ ...r, label: `pt-${lib}-${k}` });
        }
      }
    }
    const trace = await page.tracing.stop();
    const traceEvents = trace ? (JSON.parse(Buffer.from(trace).toString('utf8')).traceEvents ?? []) : [];
    const burstTasks = bursts.map((_, k) => analyseTrace(traceEvents, String(k)));
    for (const r of perTask) r.longestTask = analyseTrace(traceEvents, r.label)?.[0]?.ms ?? NaN;

    let profile = null;
    if (wantProfile) {
      const cdp = await page.createCDPSession();
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      await page.evaluate((n) => window.omniBench.burstBench(n, 'profile'), BURST);
      const { profile: p } = await cdp.send('Profiler.stop');
      profile = analyseProfile(p, moduleMap(await readFile(join(outDir, 'bench.js'), 'utf8')));
      await cdp.detach();
    }

    // ---- report ----
    const med = median(alert.latency);
    const p95 = percentile(alert.latency, 95);
    // t0 falls at a random point of the frame, so each figure includes the wait for the next vsync
    // (0–16.7 ms, 8 ms on average): even free work has a p95 near one frame. The verdict is the
    // median's; the frame-aligned figures below show the pipeline's own cost.
    const overFrame = alert.latency.filter((x) => x > FRAME_MS).length;
    console.log(
      `bench: message→alert painted: median ${ms(med)}, p95 ${ms(p95)} (goal ≤ ${FRAME_MS.toFixed(1)} ms, one frame) — ` +
        `${med <= FRAME_MS ? 'OK' : 'OVER'}${overFrame ? ` (${overFrame}/${alert.latency.length} runs over one frame)` : ''}`,
    );
    console.log(
      `  n=${alert.latency.length}, message at a random point of the frame (includes the wait for vsync); ` +
        `script + Lit render median ${ms(median(alert.work))}, p95 ${ms(percentile(alert.work, 95))}; ` +
        `delivered at frame start → painted median ${ms(median(alert.aligned))}, p95 ${ms(percentile(alert.aligned, 95))} (n=${alert.aligned.length})` +
        (alert.failures ? `; ${alert.failures} runs NOT painted` : ''),
    );

    // Longest task of each burst: the trace sees every task; without it, the long-task observer
    // (≥ 50 ms only) or the in-page timing (loop + Lit updates, same task) bounds it.
    const longestOf = (b, tasks) =>
      tasks?.[0]?.ms ?? (b.longTasks.length ? Math.max(...b.longTasks) : b.toUpdatedMs);
    const longests = bursts.map((b, k) => longestOf(b, burstTasks[k]));
    const source = burstTasks.every((t) => t?.length) ? 'trace' : 'long-task observer / in-page timing';
    const longest = median(longests);
    // Report the burst whose longest task is the median one.
    const mid = longests.indexOf(sorted(longests)[(longests.length - 1) >> 1]);
    const burst = bursts[mid];
    const tasks = burstTasks[mid];
    const count = BURST.toLocaleString('en-US');
    console.log(
      `bench: ${count}-notice burst: longest task ${Math.round(longest)} ms (goal < ${LONG_TASK_MS} ms) — ${longest < LONG_TASK_MS ? 'OK' : 'OVER'}; ` +
        `toasts in DOM: ${burst.toasts}; elements in host: ${burst.deepElements}`,
    );
    console.log(
      `  ${REPEATS > 1 ? `median of ${REPEATS} bursts, each on a fresh host (all: ${longests.map((x) => Math.round(x)).join(', ')} ms; the first renders <omni-toast> cold); ` : ''}` +
        `longest task from the ${source}`,
    );
    console.log(
      `  that burst: loop ${ms(burst.syncMs)} sync, + Lit updates (same task) → ${ms(burst.toUpdatedMs)}, next paint at ${ms(burst.toPaintMs)}; ` +
        `long-task observer: ${burst.longTasks.length ? burst.longTasks.map((d) => ms(d)).join(', ') : 'none ≥ 50 ms'}`,
    );
    if (tasks?.length) {
      const fmtTask = (t) => {
        const split = Object.entries(t.split).map(([k, v]) => `${k} ${v.toFixed(1)}`);
        return `${ms(t.ms)}${t.containsBurstStart ? ' (the burst)' : ''}${split.length ? ` [${split.join(', ')}]` : ''}`;
      };
      console.log(`  main-thread tasks, longest first: ${tasks.slice(0, 3).map(fmtTask).join('; ')}`);
    }
    if (burst.longFrames.length) {
      const f = burst.longFrames.reduce((a, b) => (b.duration > a.duration ? b : a));
      console.log(`  longest animation frame ${ms(f.duration)} (blocking ${ms(f.blockingDuration)})`);
    }
    console.log(
      `  DOM after: ${burst.toasts} <omni-toast> (${burst.visibleToasts} visible), chip ${burst.moreChip ? `"${burst.moreChip}"` : 'none'}, ` +
        `${burst.hostShadowElements} elements in the host's shadow root, ${burst.hostLightElements} in its light DOM, ` +
        `${burst.deepElements} counting nested shadow roots; live region ${burst.liveRegionItems} items; center keeps ${burst.centerNotices} notices` +
        (burst.errors ? `; ${burst.errors} omni-error events` : ''),
    );
    if (perTask.length) {
      const stats = (xs) => `${Math.round(median(xs)).toLocaleString('en-US')} ms (min ${Math.round(Math.min(...xs)).toLocaleString('en-US')})`;
      console.log(
        `bench: ${count} notices, one per task, beside the peers (same page, same run; median of ${REPEATS}, min; order rotated each repeat):`,
      );
      const rows = PEERS.map((lib) => {
        const rs = perTask.filter((r) => r.lib === lib);
        return { lib, rs, processed: median(rs.map((r) => r.processedMs)) };
      });
      for (const { lib, rs } of rows) {
        const last = rs[rs.length - 1];
        console.log(
          `  ${PEER_NAMES[lib].padEnd(22)} processed + painted ${stats(rs.map((r) => r.processedMs)).padEnd(22)} ` +
            `longest task ${ms(median(rs.map((r) => r.longestTask)))}, frames ${Math.round(median(rs.map((r) => r.frames)))}, ` +
            `toasts in DOM ${last.toasts}, elements added ${last.elementsAdded}` +
            (rs.some((r) => r.errors) ? `; ${rs.reduce((a, r) => a + (r.errors ?? 0), 0)} uncaught errors of its own` : ''),
        );
      }
      const ours = rows[0].processed;
      const notyf = rows.find((r) => r.lib === 'notyf').processed;
      console.log(
        `  omni-notify / Notyf: ${(ours / notyf).toFixed(2)}× (goal ≤ 1) — ${ours <= notyf ? 'OK' : 'SLOWER'}; ` +
          `Notyf and Shoelace keep every toast in the DOM for its ${8} s; omni-notify shows 3 and counts the rest`,
      );
    }
    if (profile) {
      console.log(`bench: CPU profile of a second ${count}-notice burst (${ms(profile.busyMs)} sampled, not idle):`);
      console.log('  self time by module:');
      for (const [name, t] of profile.byModule) console.log(`    ${ms(t).padStart(9)}  ${name}`);
      console.log('  self time:');
      for (const [name, t] of profile.self) console.log(`    ${ms(t).padStart(9)}  ${name}`);
      console.log('  total time (incl. callees):');
      for (const [name, t] of profile.total) console.log(`    ${ms(t).padStart(9)}  ${name}`);
    }
    if (pageErrors.length) console.log(`bench: page errors: ${[...new Set(pageErrors)].slice(0, 5).join(' | ')}`);
    console.log(`bench: ${version}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (wantJson) console.log(JSON.stringify({ alert, bursts, burstTasks, longests, perTask, profile }));
  } finally {
    clearTimeout(watchdog);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (browser) {
      await Promise.race([browser.close().catch(() => {}), delay(5000)]);
    }
    // browser.close() normally ends it; make sure no Chromium outlives the bench.
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
  console.error(`bench: could not run: ${e.message}`);
  process.exit(2);
});
