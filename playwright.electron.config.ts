import { defineConfig } from '@playwright/test'

// The built app (run `electron-vite build` first) in a real Electron. Where no Electron binary exists, as on the
// build machines, the specs skip and print why; see tests/electron/app.spec.ts.
export default defineConfig({
  testDir: 'tests/electron',
  // One temporary folder for the run, removed after it (tests/temp-root.ts).
  globalSetup: './tests/e2e/global-setup.ts',
  // Inside test-results/ so one ignore rule covers both; the Chromium config empties its own folder only.
  outputDir: 'test-results/electron',
  reporter: 'list',
  // One Electron at a time: each launch is a whole app with its own data folder.
  workers: 1,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
})
