#!/usr/bin/env node
/**
 * Fails when custom-elements.json does not match the source: regenerates the
 * manifest into a temporary folder with the same analyzer and configuration
 * as `npm run manifest`, and compares. Run in CI.
 *
 *   node scripts/check-manifest.mjs
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The analyzer resolves --outdir against the working directory, so the temporary folder is inside the repo.
mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
const dir = mkdtempSync(join(ROOT, 'node_modules/.cache/omni-cem-'));
try {
  const cli = resolve(ROOT, 'node_modules/@custom-elements-manifest/analyzer/cem.js');
  execFileSync(process.execPath, [cli, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', relative(ROOT, dir), '--quiet'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const fresh = readFileSync(join(dir, 'custom-elements.json'), 'utf8');
  let committed = '';
  try {
    committed = readFileSync(join(ROOT, 'custom-elements.json'), 'utf8');
  } catch {
    // missing counts as stale
  }
  if (fresh !== committed) {
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const line = b.findIndex((l, i) => l !== a[i]);
    console.error(
      `manifest: custom-elements.json is stale (first difference at line ${line + 1}: ` +
        `${JSON.stringify((a[line] ?? '').trim())} → ${JSON.stringify((b[line] ?? '').trim())}); run \`npm run manifest\``,
    );
    process.exit(1);
  }
  console.log('manifest: custom-elements.json matches the source');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
