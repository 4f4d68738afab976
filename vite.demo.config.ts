/**
 * Builds the demo dashboard (index.html → /demo/main.ts) into demo-dist/,
 * which the reference server serves, with the worker script at its root.
 * Same transform options as the library.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { oxcOptions, workerScript } from './vite.config.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const input: Record<string, string> = { main: resolve(root, 'index.html') };
// The USD-style shell is optional; build it when present.
if (existsSync(resolve(root, 'demo/hosted.html'))) input.hosted = resolve(root, 'demo/hosted.html');

export default defineConfig({
  root: '.',
  base: './',
  oxc: oxcOptions,
  // demo-dist/omni-notify-sw.js: the reference server serves it where the host looks for it.
  plugins: [workerScript()],
  build: {
    outDir: 'demo-dist',
    emptyOutDir: true,
    target: 'es2021',
    sourcemap: true,
    rolldownOptions: { input },
  },
});
