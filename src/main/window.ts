// The one BrowserWindow and the guards every web contents gets. The renderer is untrusted content as far as
// main is concerned: it never navigates away from the app, never opens windows, and reaches Node only through
// the contract channels in ipc.ts.
import path from 'node:path'
import { BrowserWindow, type WebContents } from 'electron'
import { APP_INDEX_URL, APP_SCHEME } from './protocol'
import { DEFAULT_SIZE, MIN_SIZE, type InitialWindow } from './window-state'

export interface ShellPaths {
  /** The sandboxed preload: electron-vite emits it as one CommonJS file. */
  preloadPath: string
  /** The built renderer (out/renderer), served on app://atlas/ when there is no dev server (protocol.ts). */
  rendererDir: string
  /** electron-vite's dev server, set only by `electron-vite dev`. */
  devServerUrl: string | null
  /** The URL the window loads; its origin is the only trusted one. */
  appUrl: string
}

/** `mainDir` is the folder of the bundled main script (out/main); preload and renderer are its siblings. */
export function resolveShellPaths(mainDir: string, env: NodeJS.ProcessEnv = process.env): ShellPaths {
  const devServerUrl = env.ELECTRON_RENDERER_URL?.trim() || null
  return {
    preloadPath: path.join(mainDir, '..', 'preload', 'index.cjs'),
    rendererDir: path.join(mainDir, '..', 'renderer'),
    devServerUrl,
    appUrl: devServerUrl ?? APP_INDEX_URL,
  }
}

/**
 * True when `url` belongs to the app itself: the same scheme and host as app://atlas/, or for the dev server
 * the same origin. (Node's URL gives a custom scheme the origin "null", so app:// is compared by its parts.)
 * Nothing on file:// is ever the app: every file:// URL shares the opaque origin "null".
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  const target = parseUrl(url)
  const app = parseUrl(appUrl)
  if (!target || !app) return false
  if (app.protocol === `${APP_SCHEME}:`) return target.protocol === app.protocol && target.host === app.host
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

/** `initial`: the remembered size and place (window-state.ts); without it the default size, centred. */
export function createMainWindow(
  paths: ShellPaths,
  initial: InitialWindow = { bounds: { ...DEFAULT_SIZE }, maximized: false },
): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Innovationsatlas',
    ...initial.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
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
  window.once('ready-to-show', () => {
    if (initial.maximized) window.maximize()
    window.show()
  })
  const loading = window.loadURL(paths.appUrl)
  loading.catch((error: unknown) => console.error('Innovationsatlas: the renderer did not load', error))
  return window
}
