/**
 * @custom-elements-manifest/analyzer configuration: `npm run manifest` writes
 * custom-elements.json from the JSDoc on the element classes (summary,
 * events, parts, CSS properties, slots) and their Lit properties.
 *
 * Two small plugins fill what the analyzer cannot see by itself:
 * - tag names: the elements register through `define('omni-alert', OmniAlert)`
 *   (src/internal/omni-element.ts, which tolerates a second copy), not
 *   `customElements.define`;
 * - event detail types: each `omni-*` event is declared once in
 *   src/events/<name>.ts as `CustomEvent<{...}>`; that type is the event's type.
 */
import { readFileSync, readdirSync } from 'node:fs';

const EVENTS_DIR = new URL('./src/events/', import.meta.url);

/** `omni-accept` → `CustomEvent<{ offerId: string; conversationId: string }>`, from src/events. */
function eventTypes() {
  const types = new Map();
  for (const file of readdirSync(EVENTS_DIR).filter((f) => /^omni-.*\.ts$/.test(f))) {
    const text = readFileSync(new URL(file, EVENTS_DIR), 'utf8');
    const m = /export type (\w+) = (CustomEvent<[\s\S]*?>);\s*\n/.exec(text);
    if (m) types.set(file.replace(/\.ts$/, ''), { name: m[1], text: m[2].replace(/\s+/g, ' ').replace(/\{ /g, '{ ').trim() });
  }
  return types;
}

function omniPlugin() {
  const tags = new Map(); // class name -> tag
  const events = eventTypes();
  return {
    name: 'omni-notify',
    analyzePhase({ ts, node }) {
      // define('omni-x', OmniX)
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'define') {
        const [tag, cls] = node.arguments;
        if (tag && cls && ts.isStringLiteral(tag) && ts.isIdentifier(cls)) tags.set(cls.text, tag.text);
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      // The analyzer lists modules in file-system order, which differs between clones: sort by path.
      customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      const definitions = [];
      for (const mod of customElementsManifest.modules) {
        // Module-level variables the analyzer picks up are not exports of ours.
        mod.declarations = (mod.declarations ?? []).filter((d) => d.kind === 'class' || d.kind === 'function');
        for (const decl of mod.declarations) {
          if (decl.kind !== 'class' || !tags.has(decl.name)) continue;
          decl.customElement = true;
          decl.tagName = tags.get(decl.name);
          for (const e of decl.events ?? []) {
            const t = events.get(e.name);
            if (t) e.type = { text: t.text };
          }
          // The API is what is public and documented (every public property has a
          // one-line doc); the analyzer also reports assignments such as
          // `this.live.slot = 'live'` in a constructor as fields of the element.
          decl.members = (decl.members ?? []).filter(
            (m) => (!m.privacy || m.privacy === 'public') && (m.kind === 'method' || m.description || m.attribute),
          );
          definitions.push({ tag: decl.tagName, decl, mod });
        }
      }
      // Where each tag is registered: the element's own register file.
      for (const { tag, decl, mod } of definitions) {
        const registerPath = mod.path.replace(/\.component\.ts$/, '.ts');
        const registerModule = customElementsManifest.modules.find((m) => m.path === registerPath);
        if (!registerModule) continue;
        registerModule.exports = (registerModule.exports ?? []).filter((e) => e.kind !== 'custom-element-definition');
        registerModule.exports.push({
          kind: 'custom-element-definition',
          name: tag,
          declaration: { name: decl.name, module: mod.path },
        });
      }
    },
  };
}

export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/components/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  // package.json's `customElements` is written by hand; the analyzer must not touch package.json.
  packagejson: false,
  plugins: [omniPlugin()],
};
