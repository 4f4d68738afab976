#!/usr/bin/env node
/**
 * Bundles the reference server (server/main.ts + the routing engine from
 * engine, TypeScript) with esbuild into one ES module. Node 20
 * cannot run TypeScript itself; this takes ~100 ms.
 *
 *   node server/build.mjs           → server-dist/main.mjs
 *   node server/build.mjs --run     → builds, then runs it in this process (npm run server)
 *
 * Packages (ws, libphonenumber-js) stay external and resolve from node_modules.
 */
import { build, stop } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Builds the server into `outdir` (inside the project, so node_modules resolve); returns the entry file.
 * `entry` bundles another module the same way (the benchmark bundles `engine/index.ts`; the test plugin the
 * store suite, as `name`).
 */
export async function buildServer({ outdir = resolve(ROOT, 'server-dist'), entry = 'server/main.ts', name = 'main.mjs' } = {}) {
  const outfile = resolve(outdir, name);
  await build({
    absWorkingDir: ROOT,
    entryPoints: [resolve(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
    tsconfig: resolve(ROOT, 'server/tsconfig.json'),
  });
  return outfile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildServer();
  // Stop esbuild's helper process: the server runs in this process and should own it alone.
  await stop();
  if (process.argv.includes('--run')) await import(pathToFileURL(out).href);
  else console.log(`built ${out}`);
}
