// The real shell in a real Electron: the built main, preload and renderer together. No Electron binary can be
// obtained on the build machines, so without one this skips and prints the reason; on a developer laptop
// (node_modules/electron/dist after the first `npx electron`) or with ELECTRON_OVERRIDE_DIST_PATH it runs.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'
import { CHANNELS } from '../../src/shared/api'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const MAIN = path.join(ROOT, 'out', 'main', 'index.js')
const ELECTRON_PACKAGE = path.join(ROOT, 'node_modules', 'electron')

/**
 * Where the electron package itself would look, without loading it: require('electron') starts a download
 * when the binary is missing, which hangs or fails offline.
 */
function findElectron(): { executable: string } | { reason: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH?.trim()
  const distDir = override || path.join(ELECTRON_PACKAGE, 'dist')
  const pathFile = path.join(ELECTRON_PACKAGE, 'path.txt')
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : defaultExecutable()
  const executable = path.join(distDir, relative)
  if (fs.existsSync(executable)) return { executable }
  const where = override
    ? `${executable} saknas (ELECTRON_OVERRIDE_DIST_PATH=${override})`
    : 'node_modules/electron/dist saknas; sätt ELECTRON_OVERRIDE_DIST_PATH'
  return { reason: `Electron-specs hoppas över: ingen Electron-binär (${where})` }
}

function defaultExecutable(): string {
  if (process.platform === 'win32') return 'electron.exe'
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron'
  return 'electron'
}

let app: ElectronApplication | null = null
let dataDir: string | null = null

test.afterEach(async () => {
  await app?.close()
  app = null
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  dataDir = null
})

test('the app opens on the catalogue in a window of its own', async () => {
  const found = findElectron()
  if ('reason' in found) {
    console.log(found.reason)
    test.skip(true, found.reason)
    return
  }
  if (!fs.existsSync(MAIN)) throw new Error('out/main/index.js saknas: kör `npm run build` före Electron-specs.')

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-electron-'))
  app = await electron.launch({
    executablePath: found.executable,
    // Chromium refuses to start as root with its OS sandbox (CI containers); the renderer sandbox stays on.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), MAIN],
    cwd: ROOT,
    env: { ...process.env, ATLAS_DATA_DIR: dataDir, ELECTRON_RENDERER_URL: '' },
  })
  const page = await app.firstWindow()

  // A fresh data folder: the first-start introduction comes first, and "Kom igång" closes it.
  const orientation = page.getByRole('dialog', { name: /^(Välkommen till|Welcome to) Innovationsatlas$/ })
  await orientation.getByRole('button', { name: /^(Kom igång|Get started)$/ }).click()
  await expect(orientation).toHaveCount(0)
  await expect(page.getByRole('heading', { name: 'Katalog' })).toBeVisible()
  const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle() ?? '')
  expect(title).toContain('Innovationsatlas')

  // The page sees the contract and nothing of Node.
  const seen = await page.evaluate(() => ({
    api: Object.keys((window as unknown as { api: object }).api).sort(),
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    popup: window.open('https://example.org/') === null,
  }))
  expect(seen).toEqual({ api: [...CHANNELS].sort(), require: 'undefined', process: 'undefined', popup: true })
  expect(fs.existsSync(path.join(dataDir, 'atlas.sqlite'))).toBe(true)
})
