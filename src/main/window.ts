// The one BrowserWindow and the guards every web contents gets. The renderer is untrusted content as far as
// main is concerned: it never navigates away from the app, never opens windows, and reaches Node only through
// the contract channels in ipc.ts.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { BrowserWindow, type WebContents } from 'electron'

export interface ShellPaths {
  /** The sandboxed preload: electron-vite emits it as one CommonJS file. */
  preloadPath: string
  /** The built renderer, loaded with loadFile when there is no dev server. */
  indexFile: string
  /** electron-vite's dev server, set only by `electron-vite dev`. */
  devServerUrl: string | null
  /** The URL the window loads; its origin (or, for file://, its exact file) is the only trusted one. */
  appUrl: string
}

/** `mainDir` is the folder of the bundled main script (out/main); preload and renderer are its siblings. */
export function resolveShellPaths(mainDir: string, env: NodeJS.ProcessEnv = process.env): ShellPaths {
  const indexFile = path.join(mainDir, '..', 'renderer', 'index.html')
  const devServerUrl = env.ELECTRON_RENDERER_URL?.trim() || null
  return {
    preloadPath: path.join(mainDir, '..', 'preload', 'index.cjs'),
    indexFile,
    devServerUrl,
    appUrl: devServerUrl ?? pathToFileURL(indexFile).href,
  }
}

/**
 * True when `url` belongs to the app itself. For an http(s) app URL that is its origin. For file:// it is the
 * index file only, with any query or hash: every file:// URL has the opaque origin "null", so comparing origins
 * would trust every file on the disk.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  const target = parseUrl(url)
  const app = parseUrl(appUrl)
  if (!target || !app) return false
  if (app.protocol === 'file:') {
    return target.protocol === 'file:' && target.host === app.host && target.pathname === app.pathname
  }
  if (app.protocol !== 'http:' && app.protocol !== 'https:') return false
  return target.origin === app.origin
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value)
  } catch {
    return null
  }
}

/** The part of WebContents the guards touch, so tests can hand in a fake. */
export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>

/**
 * Keeps a web contents on the app: navigations and redirects elsewhere are cancelled, and window.open,
 * target="_blank" and shift-click never create a window. External links go through the `links:open` channel,
 * where main checks the URL before the OS opens it.
 */
export function guardWebContents(contents: GuardedContents, appUrl: string): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url, appUrl)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, appUrl)) event.preventDefault()
  })
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

export function createMainWindow(paths: ShellPaths): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Innovationsatlas',
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    // Shown on ready-to-show, so the researcher never sees an empty white frame.
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: paths.preloadPath,
      // Chromium's spellchecker downloads its dictionaries from Google: the app makes no network request.
      spellcheck: false,
    },
  })
  window.once('ready-to-show', () => window.show())
  const loading = paths.devServerUrl ? window.loadURL(paths.devServerUrl) : window.loadFile(paths.indexFile)
  loading.catch((error: unknown) => console.error('Innovationsatlas: the renderer did not load', error))
  return window
}
