// The Electron shell's wiring, against a fake 'electron' module (no Electron binary exists on the build
// machines). What is checked is what keeps the researcher's machine safe and the app usable: the window's
// isolation, that the page reaches exactly the contract channels and only from the app's own page, that it
// cannot navigate away or open windows, and that a database the app must refuse stops the start cleanly.
import path from 'node:path'
import type { IpcMainInvokeEvent } from 'electron'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CHANNELS, type Result } from '../../src/shared/api'
import type { Atlas } from '../../src/core/atlas'
import type { FakeElectron } from './fake-electron'
import { FakeWebContents } from './fake-electron'
import { worded } from './helpers'

vi.mock('electron', async () => (await import('./fake-electron')).createFakeElectron())
// The real core needs a database and the corpus; the shell only needs something with invoke and close.
vi.mock('../../src/core/atlas', () => ({ openAtlas: vi.fn() }))

const APP_FILE_URL = 'file:///opt/innovationsatlas/out/renderer/index.html'
const DEV_URL = 'http://localhost:5173/'

async function fakeElectron(): Promise<FakeElectron> {
  return (await import('electron')) as unknown as FakeElectron
}

function fakeAtlas() {
  return { invoke: vi.fn(async () => ({ ok: true as const, value: { cases: 3 } })), close: vi.fn() }
}

function senderEvent(url: string | null): IpcMainInvokeEvent {
  return { senderFrame: url === null ? null : { url } } as unknown as IpcMainInvokeEvent
}

const sorted = (values: Iterable<string>) => [...values].sort()

beforeEach(async () => {
  // A fresh main module (index.ts starts the app as a side effect of being imported) and a clean fake.
  vi.resetModules()
  vi.resetAllMocks()
  ;(await fakeElectron()).reset()
})

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('isAppUrl', () => {
  it.each([
    ['the built index itself', APP_FILE_URL, APP_FILE_URL, true],
    ['the built index with a route in the hash', `${APP_FILE_URL}#/katalog?kind=initiative`, APP_FILE_URL, true],
    ['another file on the disk', 'file:///etc/passwd', APP_FILE_URL, false],
    ['a sibling file next to the index', 'file:///opt/innovationsatlas/out/renderer/other.html', APP_FILE_URL, false],
    ['a web page while running from file', 'https://example.org/', APP_FILE_URL, false],
    ['the dev server, another path', 'http://localhost:5173/src/main.ts', DEV_URL, true],
    ['the dev server host on another port', 'http://localhost:5174/', DEV_URL, false],
    ['https on the dev server host', 'https://localhost:5173/', DEV_URL, false],
    ['a web page while running from the dev server', 'https://example.org/', DEV_URL, false],
    ['a javascript: URL', 'javascript:alert(1)', DEV_URL, false],
    ['not a URL at all', 'katalog', DEV_URL, false],
    ['an app URL that does not parse', APP_FILE_URL, 'not a url', false],
  ])('%s', async (_name, url, appUrl, expected) => {
    const { isAppUrl } = await import('../../src/main/window')
    expect(isAppUrl(url, appUrl)).toBe(expected)
  })
})

describe('main window', () => {
  it('is isolated and sandboxed, with the CommonJS preload and a Swedish title', async () => {
    const electron = await fakeElectron()
    const { createMainWindow, resolveShellPaths } = await import('../../src/main/window')
    const paths = resolveShellPaths('/opt/innovationsatlas/out/main', {})
    createMainWindow(paths)

    const [window] = electron.windows
    expect(electron.windows).toHaveLength(1)
    expect(window!.options).toMatchObject({
      title: 'Innovationsatlas',
      width: 1280,
      height: 800,
      minWidth: 900,
      minHeight: 600,
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
    })
    const preload = (window!.options.webPreferences as { preload: string }).preload
    expect(preload).toBe(path.join('/opt/innovationsatlas/out/preload/index.cjs'))
    expect(preload.endsWith('index.cjs')).toBe(true)
    expect(window!.loadFile).toHaveBeenCalledWith(path.join('/opt/innovationsatlas/out/renderer/index.html'))
    expect(window!.loadURL).not.toHaveBeenCalled()
    expect(paths.appUrl).toBe(APP_FILE_URL)
  })

  it('loads the dev server when electron-vite dev sets ELECTRON_RENDERER_URL', async () => {
    const electron = await fakeElectron()
    const { createMainWindow, resolveShellPaths } = await import('../../src/main/window')
    const paths = resolveShellPaths('/repo/out/main', { ELECTRON_RENDERER_URL: DEV_URL })
    createMainWindow(paths)

    expect(paths.appUrl).toBe(DEV_URL)
    expect(electron.windows[0]!.loadURL).toHaveBeenCalledWith(DEV_URL)
    expect(electron.windows[0]!.loadFile).not.toHaveBeenCalled()
  })
})

describe('guardWebContents', () => {
  async function guarded(appUrl = APP_FILE_URL): Promise<FakeWebContents> {
    const { guardWebContents } = await import('../../src/main/window')
    const contents = new FakeWebContents()
    guardWebContents(contents as never, appUrl)
    return contents
  }

  it('cancels navigation and redirects to a web page', async () => {
    const contents = await guarded()
    expect(contents.navigate('will-navigate', 'https://example.org').prevented).toBe(true)
    expect(contents.navigate('will-redirect', 'https://example.org/login').prevented).toBe(true)
    expect(contents.navigate('will-navigate', 'file:///etc/passwd').prevented).toBe(true)
  })

  it("lets the app's own page navigate within itself", async () => {
    const contents = await guarded()
    expect(contents.navigate('will-navigate', `${APP_FILE_URL}#/rapporter`).prevented).toBe(false)
    const dev = await guarded(DEV_URL)
    expect(dev.navigate('will-navigate', 'http://localhost:5173/').prevented).toBe(false)
    expect(dev.navigate('will-redirect', 'http://localhost:5173/index.html').prevented).toBe(false)
  })

  it('denies every window.open, even to an https page or the app itself', async () => {
    const contents = await guarded()
    expect(contents.windowOpenHandler).not.toBeNull()
    for (const url of ['https://www.vinnova.se/', APP_FILE_URL, 'about:blank']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' })
    }
  })
})

describe('registerIpc', () => {
  async function registered() {
    const electron = await fakeElectron()
    const { registerIpc } = await import('../../src/main/ipc')
    const atlas = fakeAtlas()
    const dispose = registerIpc(electron.ipcMain as never, atlas as unknown as Atlas, (url) => url.startsWith(APP_FILE_URL))
    const call = (channel: string, url: string | null, input: unknown) =>
      electron.ipcMain.handlers.get(channel)!(senderEvent(url), input)
    return { electron, atlas, dispose, call }
  }

  it('registers every contract channel and no other', async () => {
    const { electron } = await registered()
    expect(sorted(electron.ipcMain.handlers.keys())).toEqual(sorted(CHANNELS))
    expect(electron.ipcMain.handle).toHaveBeenCalledTimes(CHANNELS.length)
  })

  it("forwards a call from the app's own page to the atlas, input untouched, and returns its result", async () => {
    const { atlas, call } = await registered()
    const input = { filter: { kind: ['initiative'] } }
    await expect(call('catalogue:list', `${APP_FILE_URL}#/katalog`, input)).resolves.toEqual({
      ok: true,
      value: { cases: 3 },
    })
    expect(atlas.invoke).toHaveBeenCalledExactlyOnceWith('catalogue:list', input)
  })

  it.each([
    ['a web page', 'https://example.org/'],
    ['another local file', 'file:///tmp/evil.html'],
    ['a frame that navigated away or was destroyed', null],
  ])('refuses a call from %s without reaching the atlas', async (_name, url) => {
    const { atlas, call } = await registered()
    const reply = await call('links:open', url, { url: 'https://example.org/' })
    expect(reply).toMatchObject({ ok: false, code: 'forbidden' })
    expect(worded(reply as Result<unknown>)).toMatchObject({ message: expect.stringMatching(/Innovationsatlas/) })
    expect(atlas.invoke).not.toHaveBeenCalled()
  })

  it('turns a throwing atlas into an internal error without a stack or a path', async () => {
    const { atlas, call } = await registered()
    atlas.invoke.mockRejectedValueOnce(new Error('ENOENT: /home/forskare/.config/atlas.sqlite'))
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const reply = await call('app:info', APP_FILE_URL, {})
    expect(reply).toEqual({ ok: false, code: 'internal', error: { key: 'internal.shell', params: {} } })
    expect(worded(reply as Result<unknown>)).toMatchObject({ message: expect.stringMatching(/Försök igen/) })
    expect(JSON.stringify(reply)).not.toMatch(/ENOENT|\/home|atlas\.sqlite/)
  })

  it('removes every handler it registered when disposed', async () => {
    const { electron, dispose } = await registered()
    dispose()
    expect(electron.ipcMain.handlers.size).toBe(0)
    expect(sorted(electron.ipcMain.removeHandler.mock.calls.map(([channel]) => channel))).toEqual(sorted(CHANNELS))
  })
})

describe('preload', () => {
  async function exposed() {
    const electron = await fakeElectron()
    await import('../../src/preload/index')
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce()
    const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>]
    return { electron, key, api }
  }

  it('exposes exactly the contract channels under window.api, as functions', async () => {
    const { key, api } = await exposed()
    expect(key).toBe('api')
    expect(sorted(Object.keys(api))).toEqual(sorted(CHANNELS))
    for (const channel of CHANNELS) expect(api[channel]).toBeTypeOf('function')
  })

  it('forwards each channel to ipcRenderer.invoke with its own name and the input', async () => {
    const { electron, api } = await exposed()
    for (const channel of CHANNELS) {
      const input = { probe: channel }
      const reply = await (api[channel] as (input: unknown) => Promise<unknown>)(input)
      expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(channel, input)
      expect(reply).toEqual({ ok: true, value: { channel, input } })
    }
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(CHANNELS.length)
  })
})

describe('menu', () => {
  it('has Swedish menus and no developer tools for a researcher', async () => {
    const { menuTemplate } = await import('../../src/main/menu')
    const template = menuTemplate({ platform: 'linux', developer: false })
    expect(template.map((menu) => menu.label)).toEqual(['Arkiv', 'Redigera', 'Visa', 'Fönster'])
    const roles = template.flatMap((menu) => (menu.submenu as { role?: string }[]).map((item) => item.role))
    expect(roles).not.toContain('toggleDevTools')
    expect(roles).toContain('copy')
    const developer = menuTemplate({ platform: 'linux', developer: true })
    expect(developer.flatMap((menu) => (menu.submenu as { role?: string }[]).map((item) => item.role))).toContain(
      'toggleDevTools',
    )
  })
})

describe('lifecycle (src/main/index.ts)', () => {
  async function start(options: { openAtlas?: () => unknown; lock?: boolean } = {}) {
    vi.stubEnv('ATLAS_DATA_DIR', '')
    vi.stubEnv('ELECTRON_RENDERER_URL', '')
    const electron = await fakeElectron()
    electron.app.requestSingleInstanceLock.mockReturnValue(options.lock ?? true)
    const core = await import('../../src/core/atlas')
    const atlas = fakeAtlas()
    vi.mocked(core.openAtlas).mockImplementation((options.openAtlas ?? (() => atlas)) as typeof core.openAtlas)
    await import('../../src/main/index')
    // start() runs in app.whenReady().then(...)
    await new Promise((resolve) => setImmediate(resolve))
    return { electron, atlas, openAtlas: vi.mocked(core.openAtlas) }
  }

  it('opens the atlas in the userData folder with the bundled corpus, then IPC, menu and window', async () => {
    const { electron, openAtlas } = await start()
    expect(openAtlas).toHaveBeenCalledOnce()
    const options = openAtlas.mock.calls[0]![0]
    expect(options.dbPath).toBe(path.resolve('/fake/userData', 'atlas.sqlite'))
    expect(options.corpusDir).toBe(path.join('/fake/app', 'resources', 'corpus'))
    await options.openExternal!('https://www.vinnova.se/')
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://www.vinnova.se/')
    // Search must run in a worker thread, never on the main thread that drives the window.
    expect(options.createSearcher).toEqual(expect.any(Function))

    expect(sorted(electron.ipcMain.handlers.keys())).toEqual(sorted(CHANNELS))
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledOnce()
    expect(electron.windows).toHaveLength(1)
    expect(electron.app.enableSandbox).toHaveBeenCalled()
  })

  it('honours ATLAS_DATA_DIR for the database', async () => {
    const dir = path.resolve('/tmp/atlas-test-data')
    vi.stubEnv('ATLAS_DATA_DIR', dir)
    const electron = await fakeElectron()
    const core = await import('../../src/core/atlas')
    vi.mocked(core.openAtlas).mockReturnValue(fakeAtlas() as never)
    await import('../../src/main/index')
    await new Promise((resolve) => setImmediate(resolve))
    expect(vi.mocked(core.openAtlas).mock.calls[0]![0].dbPath).toBe(path.join(dir, 'atlas.sqlite'))
    expect(electron.windows).toHaveLength(1)
  })

  it('denies every permission request and check', async () => {
    const { electron } = await start()
    const { setPermissionRequestHandler, setPermissionCheckHandler } = electron.session.defaultSession
    const request = setPermissionRequestHandler.mock.calls[0]![0] as (...args: unknown[]) => void
    const check = setPermissionCheckHandler.mock.calls[0]![0] as (...args: unknown[]) => boolean
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      const callback = vi.fn()
      request({}, permission, callback, {})
      expect(callback).toHaveBeenCalledExactlyOnceWith(false)
      expect(check({}, permission, APP_FILE_URL, {})).toBe(false)
    }
  })

  it('guards every web contents created, not only the main window', async () => {
    const { electron } = await start()
    const contents = new FakeWebContents()
    electron.app.emit('web-contents-created', {}, contents)
    expect(contents.navigate('will-navigate', 'https://example.org').prevented).toBe(true)
    expect(contents.windowOpenHandler!({ url: 'https://example.org' })).toEqual({ action: 'deny' })
  })

  it('refuses to start with a database it must not open: shows the message, quits, opens no window', async () => {
    const message =
      'Databasen har schemaversion 9, men den här versionen av Innovationsatlas förstår högst 1. ' +
      'Den skrevs av en nyare version: uppdatera appen. Filen har inte ändrats.'
    // Imported after resetModules, so main/index.ts sees the same UserError class the core throws.
    const { NewerDatabaseError } = await import('../../src/core/db/migrate')
    const { electron } = await start({
      openAtlas: () => {
        throw new NewerDatabaseError(9, 1)
      },
    })
    expect(electron.dialog.showErrorBox).toHaveBeenCalledExactlyOnceWith(expect.any(String), message)
    expect(electron.app.quit).toHaveBeenCalled()
    expect(electron.windows).toHaveLength(0)
    expect(electron.ipcMain.handlers.size).toBe(0)
  })

  it('closes the atlas when the app quits', async () => {
    const { electron, atlas } = await start()
    expect(atlas.close).not.toHaveBeenCalled()
    electron.app.emit('will-quit', {})
    expect(atlas.close).toHaveBeenCalledOnce()
  })

  it('a second instance quits at once and leaves the database to the first', async () => {
    const { electron, openAtlas } = await start({ lock: false })
    expect(electron.app.quit).toHaveBeenCalled()
    expect(openAtlas).not.toHaveBeenCalled()
    expect(electron.windows).toHaveLength(0)
  })
})
