/**
 * Vite: the demo dev server (`npm start`, root = repo root, index.html loads
 * /demo/main.ts) and the library build (`vite build`): src/index.ts bundled
 * with Lit, @lit/context and mitt into one self-contained ES module,
 * dist/omni-notify.js, for a CRM page that has no bundler.
 *
 * The sources use TypeScript's legacy decorators (`experimentalDecorators`,
 * `useDefineForClassFields: false`, see tsconfig.json). Vite 8 transforms
 * TypeScript with Oxc, which lowers standard decorators only when told to;
 * so this config asks for the legacy transform explicitly, and for class
 * fields to be set by assignment (not `Object.defineProperty`) so that a
 * field initialiser goes through Lit's reactive accessor instead of
 * shadowing it.
 */
import { readFileSync } from 'node:fs';
import { createLogger, defineConfig, type Plugin, type UserConfig } from 'vite';
import { WORKER_FILE, workerMiddleware } from './scripts/worker-route.mjs';
import { themeCss } from './src/theme/palette.js';

/**
 * The worker script (src/sw/omni-notify-sw.js) at `/omni-notify-sw.js`, the
 * URL the host uses by default: answered by the dev server (`npm start`; it
 * used to answer with the demo's HTML, so the demo's desktop notifications had
 * no buttons) and emitted beside the output of a build (the package's
 * `omni-notify/sw`, the demo's demo-dist/omni-notify-sw.js).
 */
export function workerScript(): Plugin {
  return {
    name: 'omni-worker-script',
    configureServer(server) {
      server.middlewares.use(workerMiddleware());
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'omni-notify-sw.js', source: readFileSync(WORKER_FILE, 'utf8') });
    },
  };
}

/** Files the package ships beside the bundle: the theme (`omni-notify/theme.css`), written from the palette. */
function packageAssets(): Plugin {
  return {
    name: 'omni-package-assets',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'theme.css', source: themeCss() });
    },
  };
}

/** Transform options shared by the dev server, the library and the demo build. */
export const oxcOptions: UserConfig['oxc'] = {
  decorator: { legacy: true },
  typescript: { removeClassFieldsWithoutInitializer: true },
  assumptions: { setPublicClassFields: true },
  target: 'es2021',
};

export const serverOptions: UserConfig['server'] = {
  host: '127.0.0.1',
  port: 5173,
  strictPort: true,
};

/**
 * Vite's logger without the dependency optimizer's progress notes ("scanning
 * dependencies...", "bundling dependencies...", printed when the first scan
 * takes over a second, as on a busy machine): a first `npm start` prints the
 * address and nothing else. Warnings and errors still print.
 */
function quietOptimizerLogger() {
  const logger = createLogger();
  const info = logger.info.bind(logger);
  logger.info = (msg, options) => {
    if (/\[optimizer\] (scanning|bundling) dependencies\.\.\./.test(msg)) return;
    info(msg, options);
  };
  return logger;
}

export default defineConfig({
  root: '.',
  customLogger: quietOptimizerLogger(),
  oxc: oxcOptions,
  plugins: [packageAssets(), workerScript()],
  server: serverOptions,
  // The dev server serves the demo only: without this, Vite scans every HTML
  // file under the root for dependencies, including the pack-test app's
  // (scripts/pack-test/vite-app/), which imports the packed `omni-notify` that
  // only exists inside that test's own install, and prints "Failed to run
  // dependency scan" on a first `npm start`.
  optimizeDeps: { entries: ['index.html', 'demo/hosted.html'] },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2021',
    sourcemap: true,
    minify: 'oxc',
    copyPublicDir: false,
    lib: {
      entry: 'src/core.ts',
      formats: ['es'],
      fileName: () => 'omni-notify.js',
    },
    rolldownOptions: {
      // Self-contained: Lit, @lit/context and mitt are bundled in.
      external: [],
      // Whatever the core and a part share stays in the core (the entry may
      // export more than its own names for the parts to import), so a part
      // adds only its own code and the core is one file.
      preserveEntrySignatures: 'allow-extension',
      // One file for a <script type="module"> on a CRM page, so whitespace goes too
      // (Vite keeps it in ES library builds by default, for consumers' tree-shaking;
      // nothing in this bundle is droppable: it registers the elements).
      // Lit's and mitt's licence notices stay (their licences ask for it).
      // The parts (services/parts.ts) and the other locales are sibling files,
      // omni-notify-<part>.js, imported relative to the bundle's own URL when needed.
      output: {
        minify: true,
        comments: { legal: true },
        chunkFileNames: 'omni-notify-[name].js',

      },
    },
  },
});
