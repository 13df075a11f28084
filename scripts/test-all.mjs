// `npm test`: every check in one run, ending with one plain line "N passed, N failed, N skipped" that CI reads.
// Type checks and lint count as one check each; unit, E2E and Electron specs count test by test.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-test-reports-'))
const totals = { passed: 0, failed: 0, skipped: 0 }
const failures = []

function run(label, command, args, env = {}) {
  console.log(`\n━━ ${label}: ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  return result.status === 0
}

function check(label, command, args) {
  if (run(label, command, args)) totals.passed += 1
  else {
    totals.failed += 1
    failures.push(label)
  }
}

function countFromJson(label, file, read, ok) {
  let counts
  try {
    counts = read(JSON.parse(fs.readFileSync(file, 'utf8')))
  } catch {
    counts = { passed: 0, failed: 1, skipped: 0 }
  }
  // A runner that crashed before reporting, or failed outside any test, still fails the run.
  if (!ok && counts.failed === 0) counts.failed = 1
  totals.passed += counts.passed
  totals.failed += counts.failed
  totals.skipped += counts.skipped
  if (counts.failed > 0) failures.push(`${label} (${counts.failed})`)
}

// Each layer against its own types: Node layers without the DOM, the renderer without Node (tsconfig.*.json).
check('tsc (node layers)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.node.json'])
check('tsc (tests and scripts)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.tests.json'])
check('svelte-check', 'npx', ['svelte-check', '--tsconfig', './tsconfig.web.json', '--threshold', 'error', '--output', 'human'])
check('eslint', 'npx', ['eslint', '.'])

const vitestJson = path.join(reports, 'vitest.json')
const unitOk = run('unit (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`])
countFromJson(
  'unit',
  vitestJson,
  (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests }),
  unitOk,
)

const buildOk = run('build (electron-vite)', 'npx', ['electron-vite', 'build'])
if (!buildOk) {
  totals.failed += 1
  failures.push('build')
}

const playwrightCounts = (r) => ({
  passed: r.stats.expected + r.stats.flaky,
  failed: r.stats.unexpected,
  skipped: r.stats.skipped,
})
const e2eJson = path.join(reports, 'e2e.json')
const e2eOk = buildOk && run('e2e (playwright, chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson })
countFromJson('e2e', e2eJson, playwrightCounts, e2eOk)

const electronJson = path.join(reports, 'electron.json')
const electronOk =
  buildOk &&
  run('electron (playwright _electron)', 'npx', ['playwright', 'test', '-c', 'playwright.electron.config.ts', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: electronJson,
  })
countFromJson('electron', electronJson, playwrightCounts, electronOk)

// The counts are read; the reports folder is not kept (a run's temporary folders are removed with it).
fs.rmSync(reports, { recursive: true, force: true })

console.log('')
if (failures.length > 0) console.log(`Failed: ${failures.join(', ')}`)
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exitCode = totals.failed > 0 ? 1 : 0
