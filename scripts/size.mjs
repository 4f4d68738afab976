#!/usr/bin/env node
/**
 * Size budget: bundles the core (src/core.ts: the four elements, the
 * center, protocol validation, the memory and WebSocket transports, English,
 * Lit, @lit/context, mitt; not the routing engine) the way a consumer's bundler would, minified for
 * production, and prints its minified, gzip -9 and brotli sizes against the
 * goal, with a per-package breakdown of the minified bytes.
 *
 * The parts the core loads on demand (services/parts.ts: attention, SSE,
 * postMessage; the German and Arabic translations) are split off, as a
 * consumer's bundler does, and reported apart: the budget is about what every
 * page downloads. dist/omni-notify.js, the CDN file, has them as sibling
 * files (omni-notify-<part>.js), each printed too.
 *
 * It prints figures; it never fails on the budget. It exits non-zero only
 * when it cannot run (the entry does not build, esbuild is missing).
 *
 *   node scripts/size.mjs            # npm run size
 *   node scripts/size.mjs --json     # also print the figures as one JSON line
 *   node scripts/size.mjs --files    # also list the 25 largest input files
 *   node scripts/size.mjs --entry path/to/other-entry.ts
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GOAL_GZIP_KB = 14;
const KB = 1024;

const args = process.argv.slice(2);
const argValue = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const entry = resolve(ROOT, argValue('--entry') ?? 'src/core.ts');
const wantJson = args.includes('--json');
const wantFiles = args.includes('--files');

/** tsconfig.json's compilerOptions, so esbuild honours experimentalDecorators / useDefineForClassFields. */
export function readTsconfigRaw(root = ROOT) {
  const text = readFileSync(resolve(root, 'tsconfig.json'), 'utf8');
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    // tsconfig allows comments and trailing commas; strip them (outside strings) and retry.
    const stripped = text
      .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m, s) => s ?? '')
      .replace(/,(\s*[}\]])/g, '$1');
    parsed = JSON.parse(stripped);
  }
  return { compilerOptions: parsed.compilerOptions ?? {} };
}

/** The esbuild options shared by the size and bench bundles (production Lit, TS decorators). */
export function productionBuildOptions(root = ROOT) {
  return {
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    target: 'es2021',
    platform: 'browser',
    // Lit picks its development build only under the 'development' condition;
    // ask for 'production' explicitly so a future exports map cannot surprise us.
    conditions: ['production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    tsconfigRaw: readTsconfigRaw(root),
    legalComments: 'none',
    logLevel: 'silent',
  };
}

const GROUPS = [
  ['lit (lit, lit-html, lit-element, @lit/reactive-element)', /node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element)\//],
  ['@lit/context', /node_modules\/@lit\/context\//],
  ['mitt', /node_modules\/mitt\//],
  ['other node_modules', /node_modules\//],
  ['src/components', /^src\/components\//],
  ['src/services (excl. transports)', /^src\/services\/(?!transports\/)/],
  ['src/services/transports', /^src\/services\/transports\//],
  ['src/internal', /^src\/internal\//],
  ['src/events', /^src\/events\//],
  ['other src', /^src\//],
];

function groupOf(path) {
  for (const [name, re] of GROUPS) if (re.test(path)) return name;
  return 'other';
}

const fmt = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

async function main() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (e) {
    throw new Error(`esbuild is not installed (npm install): ${e.message}`);
  }
  if (!existsSync(entry)) throw new Error(`entry ${relative(ROOT, entry)} does not exist`);

  let result;
  try {
    result = await esbuild.build({
      ...productionBuildOptions(),
      entryPoints: [entry],
      outdir: 'size-bundle', // nothing is written (write: false); names the outputs in the metafile
      splitting: true,
      write: false,
      minify: true,
      metafile: true,
    });
  } catch (e) {
    const errors = e.errors?.map((m) => `  ${m.location ? `${m.location.file}:${m.location.line}: ` : ''}${m.text}`).join('\n');
    throw new Error(`the library entry does not bundle:\n${errors ?? e.message}`);
  }

  // What a page loads up front: the entry chunk and the chunks it imports statically.
  const outputs = result.metafile.outputs;
  const entryName = Object.keys(outputs).find((k) => outputs[k].entryPoint);
  const initialNames = new Set();
  const visit = (name) => {
    if (initialNames.has(name)) return;
    initialNames.add(name);
    for (const imp of outputs[name].imports ?? []) if (imp.kind === 'import-statement' && outputs[imp.path]) visit(imp.path);
  };
  visit(entryName);
  const contentsOf = (name) => Buffer.from(result.outputFiles.find((f) => f.path.endsWith(`/${name}`) || f.path === resolve(ROOT, name)).contents);
  const code = Buffer.concat([...initialNames].map(contentsOf));
  const lazy = Object.keys(outputs)
    .filter((k) => k.endsWith('.js') && !initialNames.has(k))
    .map((k) => {
      const c = contentsOf(k);
      const from = Object.keys(outputs[k].inputs).filter((i) => outputs[k].inputs[i].bytesInOutput > 0);
      return { name: from.length === 1 ? from[0] : k, min: c.length, gzip: gzipSync(c, { level: 9 }).length };
    });
  const min = code.length;
  const gzip = gzipSync(code, { level: 9 }).length;
  const brotli = brotliCompressSync(code, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: code.length,
    },
  }).length;
  const ok = gzip <= GOAL_GZIP_KB * KB;

  console.log(
    `size: core (${relative(ROOT, entry)}) ${fmt(min)} min, ${fmt(gzip)} gzip, ${fmt(brotli)} brotli ` +
      `(goal: ≤ ${GOAL_GZIP_KB} KB gzip) — ${ok ? 'OK' : 'OVER'}` +
      (initialNames.size > 1 ? ` (${initialNames.size} chunks loaded up front)` : ''),
  );
  for (const l of lazy) console.log(`size: part, loaded on demand: ${l.name} ${fmt(l.min)} min, ${fmt(l.gzip)} gzip`);

  // Per-package breakdown of the minified bytes (esbuild's bytesInOutput, before compression).
  const output = { inputs: {} };
  for (const name of initialNames) {
    for (const [path, { bytesInOutput }] of Object.entries(outputs[name].inputs)) {
      output.inputs[path] = { bytesInOutput: (output.inputs[path]?.bytesInOutput ?? 0) + bytesInOutput };
    }
  }
  const groups = new Map();
  const engineInputs = [];
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const p = path.replace(/\\/g, '/');
    if (/^engine\//.test(p) && bytesInOutput > 0) engineInputs.push(p);
    const g = groupOf(p);
    const entryOf = groups.get(g) ?? { bytes: 0, files: 0 };
    entryOf.bytes += bytesInOutput;
    entryOf.files += 1;
    groups.set(g, entryOf);
  }
  const accounted = [...groups.values()].reduce((a, g) => a + g.bytes, 0);
  const rows = [...groups.entries()].filter(([, g]) => g.bytes > 0).sort((a, b) => b[1].bytes - a[1].bytes);
  const width = Math.max(...rows.map(([n]) => n.length), 'runtime glue'.length);
  console.log('size: minified bytes by package (before compression):');
  for (const [name, g] of rows) {
    const pct = ((g.bytes / min) * 100).toFixed(1).padStart(5);
    console.log(`  ${name.padEnd(width)}  ${fmt(g.bytes).padStart(8)}  ${pct}%  (${g.files} file${g.files === 1 ? '' : 's'})`);
  }
  const glue = min - accounted;
  if (glue > 0) console.log(`  ${'runtime glue'.padEnd(width)}  ${fmt(glue).padStart(8)}  ${((glue / min) * 100).toFixed(1).padStart(5)}%`);
  if (wantFiles) {
    console.log('size: largest input files (minified bytes in the bundle):');
    const files = Object.entries(output.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
    for (const [path, { bytesInOutput }] of files.slice(0, 25)) {
      console.log(`  ${fmt(bytesInOutput).padStart(8)}  ${path}`);
    }
  }
  if (engineInputs.length) {
    console.log(`size: WARNING the routing engine is in the library bundle: ${engineInputs.join(', ')}`);
  }

  // The built artefacts, when a build has run: the core file and each sibling part.
  const dist = resolve(ROOT, 'dist/omni-notify.js');
  let distFigures = null;
  if (existsSync(dist)) {
    const d = readFileSync(dist);
    distFigures = { min: d.length, gzip: gzipSync(d, { level: 9 }).length, parts: {} };
    console.log(`size: dist/omni-notify.js (core) ${fmt(distFigures.min)}, ${fmt(distFigures.gzip)} gzip (goal: ≤ ${GOAL_GZIP_KB} KB gzip)`);
    for (const f of readdirSync(dirname(dist)).filter((n) => /^omni-notify-.*\.js$/.test(n) && n !== 'omni-notify-sw.js').sort()) {
      const b = readFileSync(resolve(dirname(dist), f));
      distFigures.parts[f] = { min: b.length, gzip: gzipSync(b, { level: 9 }).length };
      console.log(`size:   part dist/${f} ${fmt(b.length)}, ${fmt(distFigures.parts[f].gzip)} gzip`);
    }
  } else {
    console.log('size: dist/omni-notify.js not built (npm run build), skipped');
  }
  console.log(`size: 1 KB = ${KB} bytes; gzip level 9, brotli quality 11; entry ${relative(ROOT, entry)}`);

  if (wantJson) {
    console.log(
      JSON.stringify({
        min,
        gzip,
        brotli,
        goalGzip: GOAL_GZIP_KB * KB,
        ok,
        groups: Object.fromEntries(rows.map(([n, g]) => [n, g.bytes])),
        lazy,
        dist: distFigures,
      }),
    );
  }
}

// Run only when executed, so bench.mjs can import the shared build options.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`size: could not run: ${e.message}`);
    process.exit(2);
  });
}
