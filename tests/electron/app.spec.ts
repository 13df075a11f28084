// The real shell in a real Electron: the built main, preload and renderer together. No Electron binary can be
// obtained on the build machines, so without one this skips and prints the reason; on a developer laptop
// (node_modules/electron/dist after the first `npx electron`) or with ELECTRON_OVERRIDE_DIST_PATH it runs.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
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

/** Starts the built app on a fresh data folder, or skips the spec with the reason printed. */
async function launch(): Promise<{ app: ElectronApplication; page: Page; dataDir: string }> {
  const found = findElectron()
  if ('reason' in found) {
    console.log(found.reason)
    test.skip(true, found.reason)
    throw new Error(found.reason)
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
  return { app, page: await app.firstWindow(), dataDir }
}

test('the app opens on the catalogue in a window of its own', async () => {
  const { app, page, dataDir } = await launch()

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

test("a notes report far past Chromium's 2 MiB URL limit prints to PDF in Electron's own printer", async () => {
  const { app, page, dataDir } = await launch()
  const target = path.join(dataDir, 'anteckningar.pdf')
  // The save dialog answers a file in the data folder.
  await app.evaluate(({ dialog }, file) => {
    dialog.showSaveDialog = (async () => ({ canceled: false, filePath: file })) as typeof dialog.showSaveDialog
  }, target)
  // 16 project memos of 100,000 characters in Swedish: 1.6 MB of HTML, about 2.6 MB URL-encoded.
  const result = await page.evaluate(async () => {
    type Api = Record<string, (input: unknown) => Promise<{ ok: boolean; error?: unknown }>>
    const api = (window as unknown as { api: Api }).api
    const author = await api['preferences:set']!({ author: 'Åsa Öberg' })
    if (!author.ok) return author
    const words = 'Följeforskarna återkommer till idéslussen i Örnsköldsvik och Västerås år efter år. '
    for (let i = 0; i < 16; i++) {
      const memo = await api['memos:create']!({ target: { type: 'project', id: null }, title: `Memo ${i + 1}`, body: words.repeat(1_150) })
      if (!memo.ok) return memo
    }
    return api['export:notes']!({ format: 'pdf' })
  })
  expect(result).toMatchObject({ ok: true })
  expect(fs.readFileSync(target).subarray(0, 5).toString('latin1')).toBe('%PDF-')
  expect(fs.statSync(target).size).toBeGreaterThan(100_000)
})
