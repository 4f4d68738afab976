#!/usr/bin/env node
/**
 * Writes the README's API section from custom-elements.json (which
 * `npm run manifest` generates from the elements' JSDoc), so the API is
 * typed once. Only the text between `<!-- api:start -->` and
 * `<!-- api:end -->` is replaced; the rest of the README is left as it is.
 *
 *   node scripts/api-docs.mjs           # rewrite the section
 *   node scripts/api-docs.mjs --check   # exit 1 when the section is stale
 *   node scripts/api-docs.mjs --stdout  # print the section only
 *   node scripts/api-docs.mjs --readme other.md --manifest other.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const README = resolve(ROOT, arg('--readme', 'README.md'));
const MANIFEST = resolve(ROOT, arg('--manifest', 'custom-elements.json'));
const START = '<!-- api:start -->';
const END = '<!-- api:end -->';
/** The order a reader meets the elements in. */
const ORDER = ['omni-notification-host', 'omni-alert', 'omni-toast', 'omni-missed-banner'];

/** A table cell: one line, pipes escaped. */
const cell = (text) => (text ?? '').toString().replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|') || '—';
const code = (text) => (text ? `\`${text.toString().replace(/\s+/g, ' ').trim()}\`` : '—');

function table(head, rows) {
  if (!rows.length) return [];
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`), ''];
}

/** `detail` of `CustomEvent<{...}>`, or the whole type. */
const detailOf = (type) => /^CustomEvent<([\s\S]*)>$/.exec(type ?? '')?.[1] ?? type;

export function render(manifest) {
  const elements = manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .filter((d) => d.customElement && d.tagName)
    .sort((a, b) => (ORDER.indexOf(a.tagName) + 1 || 99) - (ORDER.indexOf(b.tagName) + 1 || 99));
  const out = [
    '<!-- Generated from custom-elements.json by scripts/api-docs.mjs: edit the JSDoc in src/components, then `npm run manifest`. -->',
    '',
  ];
  for (const el of elements) {
    out.push(`### \`<${el.tagName}>\``, '');
    if (el.summary || el.description) out.push((el.summary || el.description).replace(/\s+/g, ' ').trim(), '');
    const fields = (el.members ?? []).filter((m) => m.kind === 'field');
    const attrs = new Map((el.attributes ?? []).map((a) => [a.fieldName ?? a.name, a]));
    out.push(
      ...table(
        ['property', 'attribute', 'type', 'default', 'description'],
        fields.map((f) => [
          code(f.name) + (f.readonly ? ' (read-only)' : ''),
          attrs.get(f.name) ? code(attrs.get(f.name).name) : '—',
          code(f.type?.text),
          code(f.default),
          f.description,
        ]),
      ),
    );
    const methods = (el.members ?? []).filter((m) => m.kind === 'method');
    out.push(...table(['method', 'description'], methods.map((m) => [code(`${m.name}(${(m.parameters ?? []).map((p) => p.name).join(', ')})`), m.description])));
    out.push(...table(['event', 'detail', 'description'], (el.events ?? []).map((e) => [code(e.name), code(detailOf(e.type?.text)), e.description?.replace(/\s*`detail:[^`]*`\.?/, '')])));
    out.push(...table(['slot', 'description'], (el.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', s.description])));
    out.push(...table(['CSS part', 'description'], (el.cssParts ?? []).map((p) => [code(p.name), p.description])));
    out.push(...table(['CSS custom property', 'description'], (el.cssProperties ?? []).map((p) => [code(p.name), p.description])));
  }
  while (out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

/** The README with its marked section replaced; throws when the markers are missing or out of order. */
export function replaceSection(readme, section) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < 0) throw new Error(`${README} has no ${START} … ${END} section`);
  if (end < start || readme.indexOf(START, start + 1) >= 0 || readme.indexOf(END, end + 1) >= 0) {
    throw new Error(`${README}: the api markers must appear once each, start before end`);
  }
  return `${readme.slice(0, start + START.length)}\n${section}\n${readme.slice(end)}`;
}

function main() {
  const section = render(JSON.parse(readFileSync(MANIFEST, 'utf8')));
  if (args.includes('--stdout')) {
    console.log(section);
    return;
  }
  const readme = readFileSync(README, 'utf8');
  const next = replaceSection(readme, section);
  if (args.includes('--check')) {
    if (next !== readme) {
      console.error('api-docs: the README API section is stale; run `npm run docs:api`');
      process.exit(1);
    }
    console.log('api-docs: the README API section matches custom-elements.json');
    return;
  }
  if (next !== readme) writeFileSync(README, next);
  console.log(`api-docs: ${next === readme ? 'unchanged' : 'wrote'} the API section of ${README}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`api-docs: ${e.message}`);
    process.exit(2);
  }
}
