// Builds the console into dist/: index.html plus content-hashed assets under dist/assets/.
import { defineConfig } from 'vite';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2022',
    // The strict Content-Security-Policy forbids inline scripts: no module-preload polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
