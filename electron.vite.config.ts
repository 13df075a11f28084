import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // Native or self-locating packages stay in node_modules: pdf.js loads its worker from beside itself.
        external: ['better-sqlite3', 'pdfjs-dist', 'mammoth', 'yauzl', 'playwright-core', 'esbuild'],
        // The search, read and write workers and the parse process are entries of their own, loaded from files beside
        // index.js.
        input: {
          index: 'src/main/index.ts',
          'search-worker': 'src/core/search/worker.ts',
          'read-worker': 'src/core/reads/worker.ts',
          'write-worker': 'src/core/writes/worker.ts',
          'parse-process': 'src/core/io/parsing/process-entry.ts',
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot be an ES module: emit one CommonJS file.
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    plugins: [svelte()],
  },
})
