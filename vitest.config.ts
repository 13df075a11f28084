import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    // One temporary folder for the run, removed after it (tests/temp-root.ts).
    globalSetup: ['tests/unit/global-setup.ts'],
  },
})
