// Runs the built renderer in Chromium as the Electron window would: the same files, served from one origin,
// with window.api bridged to the real core in this Node process. Shared by the E2E fixture and
// scripts/screenshots.ts, so the pictures show exactly what the tests exercise.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join, resolve, sep } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import { CHANNELS, type Channel } from '../../src/shared/api'
import { openAtlas, type Atlas } from '../../src/core/atlas'
import { createWorkerWrites } from '../../src/core/writes/worker-client'
import { createChromiumPrinter } from '../../src/cli/chromium-printer'
import type { Printer } from '../../src/core/io/printer'

export { CHROMIUM_LAUNCH_OPTIONS } from './chromium'

export const APP_ORIGIN = 'http://atlas.local'
export const APP_URL = `${APP_ORIGIN}/index.html`
const RENDERER_DIR = resolve('out/renderer')
const CORPUS_DIR = resolve('resources/corpus')

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

export interface TestAtlas {
  atlas: Atlas
  dataDir: string
  /**
   * Settles once the first-start introduction is marked as seen, so it does not cover the page of every test
   * (tests/e2e/help.spec.ts shows it on purpose). The write itself happens before openTestAtlas returns: the core's
   * invoke runs its handler before its first await.
   */
  ready: Promise<void>
  close(): void
}

export interface TestAtlasOptions {
  /** The files a file dialog "chooses" (absolute paths), asked each time one opens; none means cancelled. */
  pickFiles?: () => string[]
  /** Where a save dialog "saves" (absolute path), asked each time one opens; null means cancelled. */
  pickSavePath?: () => string | null
  /** Prints the PDF export (createChromiumPrinter() from src/cli/chromium-printer.ts). */
  printer?: Printer
}

/** A fresh data folder and a core opened on the bundled corpus. Nothing is ever opened in a browser. */
export function openTestAtlas(options: TestAtlasOptions = {}): TestAtlas {
  const dataDir = mkdtempSync(join(tmpdir(), 'atlas-e2e-'))
  const atlas = openAtlas({
    dbPath: join(dataDir, 'atlas.sqlite'),
    corpusDir: CORPUS_DIR,
    openExternal: async () => {},
    pickFiles: async () => options.pickFiles?.() ?? [],
    pickSavePath: async () => options.pickSavePath?.() ?? null,
    ...(options.printer ? { printer: options.printer } : {}),
    // As in the desktop app, the large writes (a merge, a document saved, deleting a code) run in the write
    // worker, its built script as the app runs it (E2E runs after the build): under tsx its first start
    // transpiles the core for seconds, longer than any step of an import the specs watch.
    createWrites: createWorkerWrites({ url: new URL('../../out/main/write-worker.js', import.meta.url) }),
  })
  const ready = atlas.invoke('preferences:set', { orientationSeen: true }).then((result) => {
    if (!result.ok) throw new Error(`preferences:set: ${JSON.stringify(result.error)}`)
  })
  return {
    atlas,
    dataDir,
    ready,
    close() {
      atlas.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface BridgeRecord {
  /** Every links:open call the renderer made, in order. */
  openedLinks: string[]
  /** Requests to anything but the app's own origin; each one is a defect (the app must be offline). */
  blockedRequests: string[]
  /** Console errors and uncaught exceptions, CSP violations among them. */
  consoleErrors: string[]
  /**
   * Test hook: awaited before a call reaches the core, so a test can hold one reply back and deliver answers
   * out of order, as a slow query in a large atlas would.
   */
  beforeReply?: (channel: Channel, input: unknown) => Promise<void> | void
  /**
   * Test hook: the files the next file dialog (e.g. kolada:import) "chooses", as absolute paths. Empty: the
   * dialog is cancelled.
   */
  pickFiles: string[]
  /** Test hook: where the next save dialog (an export, a backup) "saves". Null: the dialog is cancelled. */
  savePath: string | null
  /**
   * Test hook: awaited after the core answered and before the page gets the reply, so a test can keep the
   * page waiting (e.g. on a finished import) while it looks at what is on screen.
   */
  afterReply?: (channel: Channel, input: unknown, result: unknown) => Promise<void> | void
}

declare global {
  interface Window {
    __atlasInvoke?: (channel: Channel, input: unknown) => Promise<unknown>
  }
}

function serveFile(pathname: string): { status: number; body: Buffer | string; contentType: string } {
  const relative = decodeURIComponent(pathname).replace(/^\/+/, '') || 'index.html'
  const file = resolve(RENDERER_DIR, relative)
  if (!file.startsWith(RENDERER_DIR + sep)) return { status: 403, body: 'forbidden', contentType: 'text/plain' }
  try {
    if (!statSync(file).isFile()) throw new Error('not a file')
    return {
      status: 200,
      body: readFileSync(file),
      contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    }
  } catch {
    return { status: 404, body: 'not found', contentType: 'text/plain' }
  }
}

/** Serves out/renderer at APP_ORIGIN, blocks every other request and bridges window.api to `atlas`. */
export async function bridgeAtlas(page: Page, atlas: Atlas): Promise<BridgeRecord> {
  const record: BridgeRecord = { openedLinks: [], blockedRequests: [], consoleErrors: [], pickFiles: [], savePath: null }

  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url())
    if (url.origin !== APP_ORIGIN) {
      record.blockedRequests.push(url.toString())
      await route.abort('blockedbyclient')
      return
    }
    const { status, body, contentType } = serveFile(url.pathname)
    await route.fulfill({ status, body, contentType })
  })

  page.on('console', (message) => {
    if (message.type() === 'error') record.consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => record.consoleErrors.push(`${error.name}: ${error.message}`))

  await page.exposeFunction('__atlasInvoke', async (channel: Channel, input: unknown) => {
    if (channel === 'links:open') {
      const url = (input as { url?: unknown } | null)?.url
      record.openedLinks.push(typeof url === 'string' ? url : String(url))
    }
    await record.beforeReply?.(channel, input)
    const result = await atlas.invoke(channel, input)
    await record.afterReply?.(channel, input, result)
    return result
  })

  // The same shape the preload exposes: one async function per contract channel, nothing else.
  await page.addInitScript((channels: string[]) => {
    const invoke = window.__atlasInvoke
    const api: Record<string, (input: unknown) => Promise<unknown>> = {}
    for (const channel of channels) {
      api[channel] = (input: unknown) => (invoke ?? window.__atlasInvoke!)(channel as Channel, input)
    }
    Object.defineProperty(window, 'api', { value: Object.freeze(api), configurable: false, writable: false })
  }, [...CHANNELS])

  return record
}

interface Fixtures {
  /** The bridge's record for this test; the fixture fails the test on blocked requests or console errors. */
  bridge: BridgeRecord
  /** Go to a hash route of the app, e.g. "#/fall/innovationsplattform-kiruna". */
  openApp: (hash?: string) => Promise<void>
}

export const test = base.extend<Fixtures>({
  bridge: async ({ page }, use) => {
    let record: BridgeRecord | undefined
    const printer = createChromiumPrinter()
    const testAtlas = openTestAtlas({
      pickFiles: () => record?.pickFiles ?? [],
      pickSavePath: () => record?.savePath ?? null,
      printer,
    })
    try {
      await testAtlas.ready
      record = await bridgeAtlas(page, testAtlas.atlas)
      await use(record)
      expect(record.blockedRequests, 'the app must make no network request').toEqual([])
      expect(record.consoleErrors, 'the console must stay free of errors and CSP violations').toEqual([])
    } finally {
      await page.close()
      testAtlas.close()
      await printer.close()
    }
  },
  openApp: async ({ page, bridge }, use) => {
    void bridge
    await use(async (hash = '#/katalog') => {
      await page.goto(`${APP_URL}${hash}`)
    })
  },
})

export { expect }
