import { defineConfig } from '@playwright/test'
import { CHROMIUM_LAUNCH_OPTIONS } from './tests/e2e/chromium'

// The built renderer (run `electron-vite build` first) in Debian's Chromium; see tests/e2e/bridge.ts.
export default defineConfig({
  testDir: 'tests/e2e',
  // One temporary folder for the run, removed after it (tests/temp-root.ts).
  globalSetup: './tests/e2e/global-setup.ts',
  outputDir: 'test-results',
  reporter: 'list',
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    browserName: 'chromium',
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
    viewport: { width: 1280, height: 800 },
    locale: 'sv-SE',
    trace: 'retain-on-failure',
  },
})
