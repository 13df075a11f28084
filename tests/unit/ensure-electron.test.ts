// `npm start` and `npm run dev` first run scripts/ensure-electron.mjs, which runs Electron's own installer;
// where the Electron binary cannot be downloaded, they must end with a message saying what is missing and what
// still works, never with electron-vite's bare "Electron uninstall".
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from './helpers'

const SCRIPT = 'scripts/ensure-electron.mjs'
const ELECTRON_PACKAGE = path.resolve('node_modules/electron')

/** Read the way electron-vite reads it: path.txt names the binary under dist/. */
function electronInstalled(): boolean {
  const pathFile = path.join(ELECTRON_PACKAGE, 'path.txt')
  return fs.existsSync(pathFile) && fs.existsSync(path.join(ELECTRON_PACKAGE, 'dist', fs.readFileSync(pathFile, 'utf8').trim()))
}

/**
 * Runs the script as npm would for `lifecycle`, with every way to reach or point at an Electron binary removed.
 * The download goes to a closed local port (refused at once, network or not) and the download cache is an empty
 * folder, so the installer fails fast and cannot find an earlier download either.
 */
function ensureElectron(lifecycle: 'prestart' | 'predev', env: Record<string, string> = {}) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(electron_|npm_config_electron_|node_use_env_proxy$)/i.test(key)),
  )
  const unreachable = 'http://127.0.0.1:9/'
  return spawnSync(process.execPath, [SCRIPT], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...clean,
      npm_lifecycle_event: lifecycle,
      ELECTRON_MIRROR: unreachable,
      npm_config_electron_mirror: unreachable,
      electron_config_cache: tempDir('atlas-electron-cache-'),
      ...env,
    },
  })
}

function expectTheMessage(stderr: string, command: string): void {
  expect(stderr).toContain(`${command} cannot open the app: the Electron`)
  expect(stderr).toMatch(/Missing: /)
  expect(stderr).toMatch(/npm test\s/)
  expect(stderr).toContain('npm run atlas -- <command>')
  expect(stderr).toContain('npm run screenshots')
  expect(stderr).not.toContain('Electron uninstall')
}

describe('npm start and npm run dev without an Electron binary', () => {
  it('run the Electron check first: prestart and predev are wired to the script', () => {
    const { scripts } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
    expect(scripts.prestart).toBe(`node ${SCRIPT}`)
    expect(scripts.predev).toBe(`node ${SCRIPT}`)
    expect(scripts.start).toBe('electron-vite preview')
    expect(scripts.dev).toBe('electron-vite dev')
    expect(fs.existsSync(SCRIPT)).toBe(true)
  })

  const installed = electronInstalled()
  it.skipIf(installed)('stop with what is missing and what still works when the download fails', () => {
    const result = ensureElectron('prestart')
    expect(result.error).toBeUndefined()
    expect(result.status).toBe(1)
    expect(result.stdout).toContain('running its installer (install-electron)')
    expectTheMessage(result.stderr, 'npm start')
    expect(result.stderr).toContain('node_modules/electron/path.txt')
    expect(electronInstalled()).toBe(false)
  })
  if (installed) console.log('ensure-electron: the download-failure case is skipped: an Electron binary is installed here')

  it('stop the same way when ELECTRON_EXEC_PATH names a missing file, naming npm run dev before dev', () => {
    const result = ensureElectron('predev', { ELECTRON_EXEC_PATH: path.join(tempDir(), 'electron') })
    expect(result.status).toBe(1)
    expectTheMessage(result.stderr, 'npm run dev')
    expect(result.stderr).toContain('ELECTRON_EXEC_PATH names this file, and it does not exist')
  })

  it('accept a binary named by ELECTRON_EXEC_PATH, as electron-vite does, without downloading', () => {
    const binary = path.join(tempDir(), 'electron')
    fs.writeFileSync(binary, '')
    const result = ensureElectron('prestart', { ELECTRON_EXEC_PATH: binary })
    expect(result.status).toBe(0)
    expect(result.stdout + result.stderr).toBe('')
  })
})
