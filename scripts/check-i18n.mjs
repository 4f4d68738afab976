#!/usr/bin/env node
/**
 * Checks the translations against the source: every message id the code
 * uses has a German and an Arabic translation (plural ids in every CLDR
 * category the language has), no translation is left for an id the code no
 * longer uses, and each translation keeps its placeholders.
 *
 * Ids come from the source text (`msg(..., { id: 'alert.accept' })`,
 * `plural(n, 'banner.missed', ...)`) and from the tables whose entries are
 * translated by id (`title.<template>`, `slug.<key>`, `presence.<presence>`,
 * `channel.<word>`), read by bundling them with esbuild.
 *
 *   node scripts/check-i18n.mjs      # exits 1 and lists the problems
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { productionBuildOptions } from './size.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LOCALES = { de: ['one', 'other'], ar: ['zero', 'one', 'two', 'few', 'many', 'other'] };

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? walk(p) : /\.ts$/.test(e.name) ? [p] : [];
  });
}

// 1. Ids in the source text.
const used = new Map(); // id -> where
const plurals = new Map();
for (const file of walk(join(ROOT, 'src')).filter((f) => !f.includes('/src/locales/'))) {
  const text = readFileSync(file, 'utf8');
  if (!text.includes("from '@lit/localize'")) continue;
  const where = relative(ROOT, file);
  for (const m of text.matchAll(/\{\s*id:\s*'([\w.-]+)'/g)) used.set(m[1], where);
  for (const m of text.matchAll(/\bplural\(\s*[^,]+,\s*'([\w.-]+)'/g)) plurals.set(m[1], where);
}

// 2. Ids from the tables, and the translations, by bundling a small entry.
const esbuild = await import('esbuild');
const dir = mkdtempSync(join(tmpdir(), 'omni-i18n-'));
try {
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `import { DEFAULT_TEMPLATES, SLUG_LABELS, CHANNEL_WORDS } from ${JSON.stringify(join(ROOT, 'src/services/templates.ts'))};
     import { PRESENCE_LABELS } from ${JSON.stringify(join(ROOT, 'src/services/format.ts'))};
     import { templates as de } from ${JSON.stringify(join(ROOT, 'src/locales/de.ts'))};
     import { templates as ar } from ${JSON.stringify(join(ROOT, 'src/locales/ar.ts'))};
     const shape = (t) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, typeof v === 'string' ? { text: v, values: [] } : { text: v.strings.join('\\u0000'), values: v.values }]));
     export default {
       tables: { title: Object.keys(DEFAULT_TEMPLATES), slug: Object.keys(SLUG_LABELS), presence: Object.keys(PRESENCE_LABELS), channel: [...CHANNEL_WORDS] },
       locales: { de: shape(de), ar: shape(ar) },
     };`,
  );
  const out = join(dir, 'out.mjs');
  const { conditions, define, tsconfigRaw } = productionBuildOptions(ROOT);
  await esbuild.build({ absWorkingDir: ROOT, entryPoints: [entry], outfile: out, bundle: true, format: 'esm', platform: 'node', conditions, define, tsconfigRaw, logLevel: 'silent' });
  var { default: data } = await import(pathToFileURL(out).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
for (const [family, keys] of Object.entries(data.tables)) for (const k of keys) used.set(`${family}.${k}`, `the ${family} table`);

// 3. Compare.
const problems = [];
for (const [locale, categories] of Object.entries(LOCALES)) {
  const t = data.locales[locale];
  const expected = new Map(used);
  for (const [id, where] of plurals) for (const c of categories) expected.set(`${id}.${c}`, where);
  for (const [id, where] of expected) if (!(id in t)) problems.push(`${locale}: no translation for "${id}" (${where})`);
  for (const id of Object.keys(t)) if (!expected.has(id)) problems.push(`${locale}: "${id}" is translated but no code uses it`);
  for (const [id, { values }] of Object.entries(t)) {
    if (values.some((v) => typeof v !== 'number' || v < 0 || v > 9)) problems.push(`${locale}: "${id}" has a placeholder that is not \${0}..\${9}`);
  }
}
if (problems.length) {
  console.error(`i18n: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`i18n: ${used.size + plurals.size} messages; de and ar translate every one`);
