import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

export default defineConfig({
  main: {
    build: {
      rollupOptions: { external: ['better-sqlite3'] },
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
