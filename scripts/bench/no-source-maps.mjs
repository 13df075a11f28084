// Loaded after tsx in the benchmark's child processes (`--import tsx --import ./no-source-maps.mjs`).
// tsx turns source maps on, and Node then keeps every loaded file's decoded mappings on the heap (about 50 MB
// in this project's main process, more than its own data). The built app has none: electron-vite emits the
// main process without source maps. Turned off here, the heap measured is the app's, and the garbage
// collector walks what the app's would. Stack traces then point into tsx's transformed code.
process.setSourceMapsEnabled(false)
