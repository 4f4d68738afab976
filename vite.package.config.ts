/**
 * The npm entry for bundler users (`import 'omni-notify'`): the same sources
 * as dist/omni-notify.js, but one module per source file under dist/npm/,
 * with Lit, @lit/context and mitt left as imports, so an app that already
 * uses Lit ships it once and its bundler can drop what it does not use
 * (package.json `sideEffects` names the files that register elements).
 * The German and Arabic translations are separate modules, loaded when a page
 * asks for them.
 *
 * @lit/localize is bundled in (under dist/npm/vendor/), not shared: it keeps
 * one configuration per copy, and an app that localizes with it too would
 * otherwise collide with ours ("configureLocalization can only be called
 * once").
 */
import { defineConfig } from 'vite';
import { oxcOptions } from './vite.config.js';

/** Packages an app shares with omni-notify; everything else is bundled. */
const SHARED = [/^lit($|\/)/, /^@lit\/context($|\/)/, /^@lit\/reactive-element($|\/)/, /^lit-html($|\/)/, /^lit-element($|\/)/, /^mitt$/];

export default defineConfig({
  root: '.',
  oxc: oxcOptions,
  build: {
    outDir: 'dist/npm',
    emptyOutDir: true,
    target: 'es2021',
    sourcemap: true,
    minify: false,
    copyPublicDir: false,
    lib: { entry: { index: 'src/index.ts' }, formats: ['es'] },
    rolldownOptions: {
      external: (id) => SHARED.some((re) => re.test(id)),
      output: {
        preserveModules: true,
        preserveModulesRoot: 'src',
        // npm pack leaves out every folder named node_modules, so bundled packages go to vendor/.
        entryFileNames: (chunk) => `${chunk.name.replace(/(^|\/)node_modules\//g, '$1vendor/')}.js`,
        comments: { legal: true },
      },
    },
  },
});
