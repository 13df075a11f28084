// The Electron shell's wiring, against a fake 'electron' module (no Electron binary exists on the build
// machines). What is checked is what keeps the researcher's machine safe and the app usable: the window's
// isolation, that the page reaches exactly the contract channels and only from the app's own page, that it
// cannot navigate away or open windows, and that a database the app must refuse stops the start cleanly.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { IpcMainInvokeEvent } from 'electron'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CHANNELS, type Result } from '../../src/shared/api'
import { en, sv } from '../../src/shared/messages'
import { MENU_COMMAND_EVENT, type ShellBridge } from '../../src/shared/shell-events'
import type { Atlas } from '../../src/core/atlas'
import type { FakeElectron } from './fake-electron'
import { FakeWebContents } from './fake-electron'
import { worded } from './helpers'

vi.mock('electron', async () => (await import('./fake-electron')).createFakeElectron())
// The real core needs a database and the corpus; the shell only needs something with invoke and close.
vi.mock('../../src/core/atlas', () => ({ openAtlasChecked: vi.fn() }))

const APP_URL = 'app://atlas/index.html'
const DEV_URL = 'http://localhost:5173/'

async function fakeElectron(): Promise<FakeElectron> {
  return (await import('electron')) as unknown as FakeElectron
}

function fakeAtlas() {
  return {
    invoke: vi.fn(async (_channel: string, _input: unknown): Promise<Result<unknown>> => ({ ok: true, value: { cases: 3 } })),
    close: vi.fn(),
    // Enough of a connection for the change feed (db/changes.ts): the shell listens for a new language.
    db: { inTransaction: false },
  }
}

function senderEvent(url: string | null): IpcMainInvokeEvent {
  return { senderFrame: url === null ? null : { url } } as unknown as IpcMainInvokeEvent
}

const sorted = (values: Iterable<string>) => [...values].sort()

/** Imports main/index.ts (which starts the app) against the fake, with a fake atlas; waits for start(). */
async function start(options: { openAtlas?: () => unknown; lock?: boolean; dataDir?: string } = {}) {
  // An empty folder name would leave the data folder at the fake userData path, which nothing can write to.
  vi.stubEnv('ATLAS_DATA_DIR', options.dataDir ?? '')
  vi.stubEnv('ELECTRON_RENDERER_URL', '')
  const electron = await fakeElectron()
  electron.app.requestSingleInstanceLock.mockReturnValue(options.lock ?? true)
  const core = await import('../../src/core/atlas')
  const atlas = fakeAtlas()
  vi.mocked(core.openAtlasChecked).mockImplementation((async () => (options.openAtlas ?? (() => atlas))()) as typeof core.openAtlasChecked)
  await import('../../src/main/index')
  // start() runs in app.whenReady().then(...) and awaits the atlas
  await new Promise((resolve) => setImmediate(resolve))
  return { electron, atlas, openAtlas: vi.mocked(core.openAtlasChecked) }
}

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
    ['the built index itself', APP_URL, APP_URL, true],
    ['the built index with a route in the hash', `${APP_URL}#/katalog?kind=initiative`, APP_URL, true],
    ['a script of the built renderer', 'app://atlas/assets/index.js', APP_URL, true],
    ['another host on the app scheme', 'app://evil/index.html', APP_URL, false],
    ['a file on the disk', 'file:///etc/passwd', APP_URL, false],
    ['the built index opened as a file', 'file:///opt/innovationsatlas/out/renderer/index.html', APP_URL, false],
    ['a web page', 'https://example.org/', APP_URL, false],
    ['the dev server, another path', 'http://localhost:5173/src/main.ts', DEV_URL, true],
    ['the dev server host on another port', 'http://localhost:5174/', DEV_URL, false],
    ['https on the dev server host', 'https://localhost:5173/', DEV_URL, false],
    ['a web page while running from the dev server', 'https://example.org/', DEV_URL, false],
    ['a javascript: URL', 'javascript:alert(1)', DEV_URL, false],
    ['not a URL at all', 'katalog', DEV_URL, false],
    ['an app URL that does not parse', APP_URL, 'not a url', false],
  ])('%s', async (_name, url, appUrl, expected) => {
    const { isAppUrl } = await import('../../src/main/window')
    expect(isAppUrl(url, appUrl)).toBe(expected)
  })
})

describe('main window', () => {
  it('is isolated and sandboxed, with the CommonJS preload, a Swedish title, and the renderer on app://', async () => {
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
    expect(window!.loadURL).toHaveBeenCalledWith(APP_URL)
    expect(window!.loadFile).not.toHaveBeenCalled()
    expect(paths.appUrl).toBe(APP_URL)
    expect(paths.rendererDir).toBe(path.join('/opt/innovationsatlas/out/renderer'))
    expect(window!.options).not.toHaveProperty('x')
  })

  it('opens where it was left, maximised again if it was', async () => {
    const electron = await fakeElectron()
    const { createMainWindow, resolveShellPaths } = await import('../../src/main/window')
    createMainWindow(resolveShellPaths('/repo/out/main', {}), {
      bounds: { x: 100, y: 50, width: 1000, height: 700 },
      maximized: true,
    })
    const [window] = electron.windows
    expect(window!.options).toMatchObject({ x: 100, y: 50, width: 1000, height: 700 })
    expect(window!.maximize).not.toHaveBeenCalled()
    window!.emit('ready-to-show')
    expect(window!.maximize).toHaveBeenCalledOnce()
    expect(window!.show).toHaveBeenCalledOnce()
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
  async function guarded(appUrl = APP_URL): Promise<FakeWebContents> {
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
    expect(contents.navigate('will-navigate', `${APP_URL}#/rapporter`).prevented).toBe(false)
    const dev = await guarded(DEV_URL)
    expect(dev.navigate('will-navigate', 'http://localhost:5173/').prevented).toBe(false)
    expect(dev.navigate('will-redirect', 'http://localhost:5173/index.html').prevented).toBe(false)
  })

  it('denies every window.open, even to an https page or the app itself', async () => {
    const contents = await guarded()
    expect(contents.windowOpenHandler).not.toBeNull()
    for (const url of ['https://www.vinnova.se/', APP_URL, 'about:blank']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' })
    }
  })
})

describe('registerIpc', () => {
  async function registered() {
    const electron = await fakeElectron()
    const { registerIpc } = await import('../../src/main/ipc')
    const atlas = fakeAtlas()
    const dispose = registerIpc(electron.ipcMain as never, atlas as unknown as Atlas, (url) => url.startsWith(APP_URL))
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
    await expect(call('catalogue:list', `${APP_URL}#/katalog`, input)).resolves.toEqual({
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
    const reply = await call('app:info', APP_URL, {})
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
    const calls = electron.contextBridge.exposeInMainWorld.mock.calls as [string, unknown][]
    // window.api (the contract) and window.shell (the menu's push events), nothing else.
    expect(calls.map(([key]) => key)).toEqual(['api', 'shell'])
    const [key, api] = calls[0] as [string, Record<string, unknown>]
    return { electron, key, api, shell: calls[1]![1] as ShellBridge }
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

  it('passes the menu commands undo and redo to the page, and nothing else, until unsubscribed', async () => {
    const { electron, shell } = await exposed()
    const heard: string[] = []
    const unsubscribe = shell.onMenuCommand((command) => heard.push(command))
    electron.ipcRenderer.emit(MENU_COMMAND_EVENT, {}, 'undo')
    electron.ipcRenderer.emit(MENU_COMMAND_EVENT, {}, 'redo')
    electron.ipcRenderer.emit(MENU_COMMAND_EVENT, {}, 'rm -rf')
    electron.ipcRenderer.emit(MENU_COMMAND_EVENT, {}, { command: 'undo' })
    expect(heard).toEqual(['undo', 'redo'])
    unsubscribe()
    electron.ipcRenderer.emit(MENU_COMMAND_EVENT, {}, 'undo')
    expect(heard).toEqual(['undo', 'redo'])
  })
})

describe('menu', () => {
  type Item = { label?: string; role?: string; id?: string; accelerator?: string; click?: () => void }
  const items = (template: { submenu?: unknown }[]) => template.flatMap((menu) => (menu.submenu ?? []) as Item[])

  async function template(lang: 'sv' | 'en', platform: NodeJS.Platform = 'linux', developer = false) {
    const { setMessageLanguage } = await import('../../src/shared/messages')
    setMessageLanguage(lang)
    const { menuTemplate } = await import('../../src/main/menu')
    const command = vi.fn()
    const about = vi.fn()
    return { menus: menuTemplate({ platform, developer, command, about }), command, about }
  }

  afterEach(async () => (await import('../../src/shared/messages')).setMessageLanguage('sv'))

  it.each([
    ['sv', sv],
    ['en', en],
  ] as const)('speaks %s, every label from the catalogue, with no developer tools for a researcher', async (lang, words) => {
    const { menus } = await template(lang)
    const m = words.shell.menu
    expect(menus.map((menu) => menu.label)).toEqual([m.file, m.edit, m.view, m.window, m.help])
    const labels = items(menus).filter((item) => item.label !== undefined).map((item) => item.label)
    expect(labels).toEqual(expect.arrayContaining([m.undo, m.redo, m.cut, m.copy, m.paste, m.selectAll, m.about]))
    const catalogue = new Set<string>(Object.values(m))
    for (const label of labels) expect(catalogue).toContain(label)
    expect(items(menus).map((item) => item.role)).not.toContain('toggleDevTools')
    expect(items((await template(lang, 'linux', true)).menus).map((item) => item.role)).toContain('toggleDevTools')
  })

  it('has the app menu with About first on macOS, and About under Help elsewhere', async () => {
    const mac = await template('en', 'darwin')
    expect(mac.menus.map((menu) => menu.label)).toEqual(['Innovationsatlas', 'File', 'Edit', 'View', 'Window'])
    const first = (mac.menus[0]!.submenu as Item[])[0]!
    expect(first.label).toBe('About Innovationsatlas')
    first.click!()
    expect(mac.about).toHaveBeenCalledOnce()
    const linux = await template('sv', 'linux')
    const help = linux.menus.at(-1)!
    expect(help.label).toBe('Hjälp')
    ;(help.submenu as Item[])[0]!.click!()
    expect(linux.about).toHaveBeenCalledOnce()
  })

  it("sends Undo and Redo to the page as commands instead of the native roles, with the platform's shortcuts", async () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const { menus, command } = await template('sv', platform)
      const edit = items(menus)
      const undo = edit.find((item) => item.id === 'undo')!
      const redo = edit.find((item) => item.id === 'redo')!
      expect(edit.map((item) => item.role)).not.toContain('undo')
      expect(edit.map((item) => item.role)).not.toContain('redo')
      expect(undo).toMatchObject({ label: 'Ångra', accelerator: 'CmdOrCtrl+Z' })
      expect(redo).toMatchObject({ label: 'Gör om', accelerator: platform === 'win32' ? 'Control+Y' : 'Shift+CmdOrCtrl+Z' })
      undo.click!()
      redo.click!()
      expect(command.mock.calls).toEqual([['undo'], ['redo']])
    }
  })
})

describe('edit shortcuts in the page (one key press, one undo)', () => {
  it('drops a menu command that follows the key press the page already answered, and runs one that does not', async () => {
    const { EditShortcuts, SAME_PRESS_MS } = await import('../../src/renderer/src/reader/edit-shortcuts')
    let now = 10_000
    const shortcuts = new EditShortcuts(() => now)
    expect(shortcuts.menuShouldRun()).toBe(true)
    shortcuts.keySeen()
    now += 20
    expect(shortcuts.menuShouldRun()).toBe(false)
    now += SAME_PRESS_MS
    expect(shortcuts.menuShouldRun()).toBe(true)
  })
})

describe('window state', () => {
  const dirs: string[] = []
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-window-'))
    dirs.push(dir)
    return dir
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('saves the bounds and maximised state when the window closes, and reads them back', async () => {
    const electron = await fakeElectron()
    const { readWindowState, rememberWindowState } = await import('../../src/main/window-state')
    const file = path.join(tempDir(), 'nested', 'window-state.json')
    const window = new electron.BrowserWindow({})
    window.getNormalBounds.mockReturnValue({ x: 120.4, y: 80, width: 1100, height: 720.6 })
    window.isMaximized.mockReturnValue(true)
    rememberWindowState(window as never, file)
    expect(fs.existsSync(file)).toBe(false)
    window.emit('close', {})
    expect(readWindowState(file)).toEqual({ x: 120, y: 80, width: 1100, height: 721, maximized: true })
  })

  it.each([
    ['no file', null],
    ['not JSON', '{x: 1'],
    ['a missing field', JSON.stringify({ x: 1, y: 2, width: 1000 })],
    ['a string for a number', JSON.stringify({ x: '1', y: 2, width: 1000, height: 700, maximized: false })],
    ['a negative size', JSON.stringify({ x: 1, y: 2, width: -1000, height: 700, maximized: false })],
    ['an absurd position', JSON.stringify({ x: 1e12, y: 2, width: 1000, height: 700, maximized: false })],
    ['an extra field', JSON.stringify({ x: 1, y: 2, width: 1000, height: 700, maximized: false, url: 'x' })],
  ])('ignores a state file with %s and opens at the default size', async (_name, content) => {
    const electron = await fakeElectron()
    const { readWindowState, initialWindow, DEFAULT_SIZE } = await import('../../src/main/window-state')
    const file = path.join(tempDir(), 'window-state.json')
    if (content !== null) fs.writeFileSync(file, content)
    const saved = readWindowState(file)
    expect(saved).toBeNull()
    expect(initialWindow(saved, electron.screen as never)).toEqual({ bounds: DEFAULT_SIZE, maximized: false })
  })

  it.each([
    ['on screen: kept', { x: 100, y: 60, width: 1200, height: 800 }, { x: 100, y: 60, width: 1200, height: 800 }],
    ['on a monitor that is gone (far right)', { x: 3000, y: 200, width: 1200, height: 800 }, { x: 720, y: 200, width: 1200, height: 800 }],
    ['above and left of the display', { x: -900, y: -500, width: 1000, height: 700 }, { x: 0, y: 0, width: 1000, height: 700 }],
    ['larger than the display', { x: 0, y: 0, width: 4000, height: 3000 }, { x: 0, y: 0, width: 1920, height: 1040 }],
    ['smaller than the window may be', { x: 10, y: 10, width: 200, height: 100 }, { x: 10, y: 10, width: 900, height: 600 }],
  ])('fits the saved bounds on the display they lie on: %s', async (_name, saved, expected) => {
    const electron = await fakeElectron()
    const { initialWindow } = await import('../../src/main/window-state')
    const result = initialWindow({ ...saved, maximized: false }, electron.screen as never)
    expect(electron.screen.getDisplayMatching).toHaveBeenCalledWith(saved)
    expect(result.bounds).toEqual(expected)
  })

  it('the app opens its window where the state file in the data folder says, fitted to the display', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'window-state.json'), JSON.stringify({ x: 5000, y: 40, width: 1000, height: 700, maximized: false }))
    const { electron } = await start({ dataDir: dir })
    expect(electron.windows[0]!.options).toMatchObject({ x: 920, y: 40, width: 1000, height: 700 })
    electron.windows[0]!.getNormalBounds.mockReturnValue({ x: 30, y: 40, width: 1000, height: 700 })
    electron.windows[0]!.emit('close', {})
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'window-state.json'), 'utf8'))).toEqual({
      x: 30,
      y: 40,
      width: 1000,
      height: 700,
      maximized: false,
    })
  })
})

describe('app:// protocol', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
  })

  /** A built renderer folder, with a secret beside it that no app:// URL may reach. */
  function builtRenderer() {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-protocol-'))
    dirs.push(base)
    const root = path.join(base, 'renderer')
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true })
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Innovationsatlas</title>')
    fs.writeFileSync(path.join(root, 'assets', 'index.js'), 'console.log(1)')
    fs.writeFileSync(path.join(base, 'secret.txt'), 'hemligt')
    fs.writeFileSync(path.join(base, 'renderer-evil.txt'), 'hemligt')
    return root
  }

  const get = (url: string) => ({ url, method: 'GET' })

  it('serves the built renderer with the Content-Security-Policy as a header', async () => {
    const { createAppHandler, CONTENT_SECURITY_POLICY } = await import('../../src/main/protocol')
    const handle = createAppHandler(builtRenderer())
    const index = await handle(get('app://atlas/index.html'))
    expect(index.status).toBe(200)
    expect(index.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(index.headers.get('Content-Type')).toBe('text/html; charset=utf-8')
    expect(await index.text()).toContain('Innovationsatlas')
    const root = await handle(get('app://atlas/'))
    expect(await root.text()).toContain('Innovationsatlas')
    const script = await handle(get('app://atlas/assets/index.js?v=1#x'))
    expect(script.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8')
    expect(script.headers.get('X-Content-Type-Options')).toBe('nosniff')
  })

  it.each([
    'app://atlas/../secret.txt',
    'app://atlas/%2e%2e/secret.txt',
    'app://atlas/..%2Fsecret.txt',
    'app://atlas/assets/..%2F..%2Fsecret.txt',
    'app://atlas/..%5Csecret.txt',
    'app://atlas/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    'app://atlas/..%2Frenderer-evil.txt',
    'app://atlas/index.html%00.png',
    'app://atlas/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
  ])('never answers %s with a file outside the renderer', async (url) => {
    const { createAppHandler, CONTENT_SECURITY_POLICY } = await import('../../src/main/protocol')
    const handle = createAppHandler(builtRenderer())
    const response = await handle(get(url))
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(await response.text()).not.toContain('hemligt')
    expect(response.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY)
  })

  it('refuses anything but reading', async () => {
    const { createAppHandler } = await import('../../src/main/protocol')
    const handle = createAppHandler(builtRenderer())
    expect((await handle({ url: 'app://atlas/index.html', method: 'POST' })).status).toBe(405)
  })

  it("keeps the header's policy the same as the renderer's <meta> policy, plus frame-ancestors", async () => {
    const { CONTENT_SECURITY_POLICY } = await import('../../src/main/protocol')
    const html = fs.readFileSync(path.resolve('src/renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBeDefined()
    expect(CONTENT_SECURITY_POLICY).toBe(`${meta}; frame-ancestors 'none'`)
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/)
  })

  it('the app registers app:// as privileged before ready and serves out/renderer once ready', async () => {
    const { electron } = await start()
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ])
    expect(electron.protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]).toBeLessThan(
      electron.app.whenReady.mock.invocationCallOrder[0]!,
    )
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function))
    const response = await electron.protocol.handlers.get('app')!({ url: 'app://atlas/..%2F..%2Fpackage.json', method: 'GET' } as Request)
    expect(response.status).toBe(403)
    expect(electron.windows[0]!.loadURL).toHaveBeenCalledWith(APP_URL)
  })
})

describe('links:open', () => {
  async function gate() {
    const { createLinkGate, GESTURE_WINDOW_MS } = await import('../../src/main/links')
    let now = 50_000
    const links = createLinkGate(() => now)
    const contents = new FakeWebContents()
    links.watch(contents as never)
    const open = (url: unknown) => links.guard('links:open', { sender: contents } as never, { url })
    return { links, contents, open, later: (ms: number) => (now += ms), GESTURE_WINDOW_MS }
  }

  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'mailto:forskare@example.org',
    'smb://server/share',
    'ms-settings:privacy',
    'vbscript:msgbox',
    'https://user:secret@example.org/',
    '//example.org/',
    'www.vinnova.se',
    `https://example.org/${'a'.repeat(2000)}`,
    42,
    undefined,
  ])('refuses %s even right after a click', async (url) => {
    const { contents, open } = await gate()
    contents.input('mouseUp')
    expect(open(url)).toMatchObject({ ok: false, code: 'forbidden', error: { key: 'forbidden.linkScheme' } })
  })

  it('opens an http(s) link right after a click or key press, once per gesture', async () => {
    const { contents, open, later } = await gate()
    contents.input('mouseDown')
    later(80)
    expect(open('https://www.vinnova.se/')).toBeNull()
    // The same click cannot open a second link (a script opening a hundred tabs).
    expect(open('https://example.org/')).toMatchObject({ ok: false, error: { key: 'forbidden.linkGesture' } })
    contents.emit('before-input-event', {}, { type: 'keyDown', key: 'Enter' })
    expect(open('http://www.kolada.se/')).toBeNull()
  })

  it('refuses a link without a recent user gesture', async () => {
    const { contents, open, later, GESTURE_WINDOW_MS } = await gate()
    expect(open('https://www.vinnova.se/')).toMatchObject({ ok: false, code: 'forbidden', error: { key: 'forbidden.linkGesture' } })
    contents.input('mouseMove')
    expect(open('https://www.vinnova.se/')).toMatchObject({ ok: false, error: { key: 'forbidden.linkGesture' } })
    contents.input('mouseUp')
    later(GESTURE_WINDOW_MS + 1)
    expect(open('https://www.vinnova.se/')).toMatchObject({ ok: false, error: { key: 'forbidden.linkGesture' } })
  })

  it("a click in another web contents does not count for this one, and other channels are not this gate's business", async () => {
    const { links, open } = await gate()
    const other = new FakeWebContents()
    links.watch(other as never)
    other.input('mouseUp')
    expect(open('https://www.vinnova.se/')).toMatchObject({ ok: false, error: { key: 'forbidden.linkGesture' } })
    expect(links.guard('app:info', { sender: other } as never, {})).toBeNull()
  })

  it('in the app: an unclicked link never reaches the core, a clicked one does; the refusal is worded', async () => {
    const { electron, atlas } = await start()
    const contents = new FakeWebContents()
    electron.app.emit('web-contents-created', {}, contents)
    const handler = electron.ipcMain.handlers.get('links:open')!
    const event = { senderFrame: { url: APP_URL }, sender: contents }
    const refused = (await handler(event, { url: 'https://www.vinnova.se/' })) as Result<unknown>
    expect(refused).toMatchObject({ ok: false, code: 'forbidden' })
    expect(worded(refused)).toMatchObject({ message: expect.stringMatching(/klicka/i) })
    expect(atlas.invoke).not.toHaveBeenCalled()
    contents.input('mouseUp')
    await handler(event, { url: 'https://www.vinnova.se/' })
    expect(atlas.invoke).toHaveBeenCalledExactlyOnceWith('links:open', { url: 'https://www.vinnova.se/' })
  })
})

describe('PDF printing', () => {
  it('prints the report from its file in a session of its own, in memory, where only that file loads and nothing is permitted', async () => {
    const electron = await fakeElectron()
    const { createElectronPrinter, PDF_PARTITION } = await import('../../src/main/pdf')
    const printer = createElectronPrinter()
    const dir = path.join(os.tmpdir(), 'innovationsatlas-pdf-test')
    const report = path.join(dir, 'anteckningar.html')
    const other = path.join(dir, 'annan.html')
    type Filter = (d: { url: string }, r: (x: { cancel: boolean }) => void) => void
    const filter = (): Filter => electron.session.partitions.get(PDF_PARTITION)!.webRequest.onBeforeRequest.mock.calls[0]![0] as Filter
    const cancelled = (url: string): boolean => {
      let answer: boolean | undefined
      filter()({ url }, (x) => (answer = x.cancel))
      return answer!
    }
    // What the session lets load while the window loads the report (a file: Chromium refuses data: URLs over 2 MiB).
    const whileLoading: Record<string, boolean> = {}
    const print = async (file: string): Promise<Buffer> => {
      const printed = printer.printPdf(file)
      const [window] = electron.windows.slice(-1)
      expect(window!.loadFile).toHaveBeenCalledWith(path.resolve(file))
      expect(window!.loadURL).not.toHaveBeenCalled()
      for (const url of [pathToFileURL(report).href, pathToFileURL(other).href, 'data:text/html,<p>x</p>', 'https://www.vinnova.se/', 'file:///etc/passwd'])
        whileLoading[url] = cancelled(url)
      return printed
    }
    await expect(print(report)).resolves.toEqual(Buffer.from('%PDF-1.7'))
    expect(whileLoading).toEqual({
      [pathToFileURL(report).href]: false,
      [pathToFileURL(other).href]: true,
      'data:text/html,<p>x</p>': true,
      'https://www.vinnova.se/': true,
      'file:///etc/passwd': true,
    })
    // After the print, not even the report loads.
    expect(cancelled(pathToFileURL(report).href)).toBe(true)
    await print(other)
    expect(whileLoading[pathToFileURL(other).href]).toBe(false)
    expect(whileLoading[pathToFileURL(report).href]).toBe(true)

    expect(PDF_PARTITION).not.toMatch(/^persist:/)
    expect(electron.session.fromPartition).toHaveBeenCalledExactlyOnceWith(PDF_PARTITION)
    const printing = electron.session.partitions.get(PDF_PARTITION)!
    const [window] = electron.windows
    expect((window!.options.webPreferences as { session: unknown }).session).toBe(printing)
    expect(window!.options.webPreferences).toMatchObject({ sandbox: true, javascript: false, nodeIntegration: false })
    expect(electron.session.defaultSession.webRequest.onBeforeRequest).not.toHaveBeenCalled()
    const request = vi.fn()
    ;(printing.setPermissionRequestHandler.mock.calls[0]![0] as (...a: unknown[]) => void)({}, 'media', request)
    expect(request).toHaveBeenCalledWith(false)
    expect(window!.destroy).toHaveBeenCalled()
  })
})

describe('lifecycle (src/main/index.ts)', () => {
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
    // So do the reads through every highlight of the compared cases.
    expect(options.createReads).toEqual(expect.any(Function))
    // And the large writes: a merge, deleting a code with thousands of highlights.
    expect(options.createWrites).toEqual(expect.any(Function))

    expect(sorted(electron.ipcMain.handlers.keys())).toEqual(sorted(CHANNELS))
    // Once at start, once more in the project's language when it is open.
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(2)
    expect(electron.windows).toHaveLength(1)
    expect(electron.app.enableSandbox).toHaveBeenCalled()
  })

  it('opens the window before the project is checked and open; its requests wait and are answered then', async () => {
    const atlas = fakeAtlas()
    atlas.invoke.mockResolvedValue({ ok: true, value: { corpusVersion: '2026.03' } })
    let open!: () => void
    const checked = new Promise<void>((resolve) => (open = resolve))
    const { electron } = await start({ openAtlas: async () => (await checked, atlas) })
    // The check at open is still running (in the parse process): the window and the menu are there already.
    expect(electron.windows).toHaveLength(1)
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledOnce()
    const asked = electron.ipcMain.handlers.get('app:info')!(senderEvent(APP_URL), {}) as Promise<unknown>
    let answered = false
    void asked.then(() => (answered = true))
    await new Promise((resolve) => setImmediate(resolve))
    expect(answered).toBe(false)
    open()
    await expect(asked).resolves.toEqual({ ok: true, value: { corpusVersion: '2026.03' } })
    expect(atlas.invoke).toHaveBeenCalledExactlyOnceWith('app:info', {})
  })

  it('honours ATLAS_DATA_DIR for the database', async () => {
    const dir = path.resolve('/tmp/atlas-test-data')
    vi.stubEnv('ATLAS_DATA_DIR', dir)
    const electron = await fakeElectron()
    const core = await import('../../src/core/atlas')
    vi.mocked(core.openAtlasChecked).mockResolvedValue(fakeAtlas() as never)
    await import('../../src/main/index')
    await new Promise((resolve) => setImmediate(resolve))
    expect(vi.mocked(core.openAtlasChecked).mock.calls[0]![0].dbPath).toBe(path.join(dir, 'atlas.sqlite'))
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
      expect(check({}, permission, APP_URL, {})).toBe(false)
    }
  })

  it('guards every web contents created, not only the main window', async () => {
    const { electron } = await start()
    const contents = new FakeWebContents()
    electron.app.emit('web-contents-created', {}, contents)
    expect(contents.navigate('will-navigate', 'https://example.org').prevented).toBe(true)
    expect(contents.windowOpenHandler!({ url: 'https://example.org' })).toEqual({ action: 'deny' })
  })

  it('refuses to start with a database it must not open: closes the waiting window, shows the message, quits', async () => {
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
    // The window that opened while the project was being opened is gone before the message shows.
    expect(electron.windows.every((window) => window.destroy.mock.calls.length === 1)).toBe(true)
    expect(electron.windows[0]!.destroy.mock.invocationCallOrder[0]).toBeLessThan(electron.dialog.showErrorBox.mock.invocationCallOrder[0]!)
    expect(electron.ipcMain.handlers.size).toBe(0)
  })

  it('closes the atlas when the app quits', async () => {
    const { electron, atlas } = await start()
    expect(atlas.close).not.toHaveBeenCalled()
    electron.app.emit('will-quit', {})
    expect(atlas.close).toHaveBeenCalledOnce()
  })

  it('builds the menu again in English when the researcher chooses English, and only then', async () => {
    const { electron, atlas } = await start()
    const { emit } = await import('../../src/core/db/changes')
    const { setMessageLanguage } = await import('../../src/shared/messages')
    const labels = () => (electron.Menu.buildFromTemplate.mock.calls.at(-1)![0] as { label: string }[]).map((m) => m.label)
    expect(labels()).toEqual(['Arkiv', 'Redigera', 'Visa', 'Fönster', 'Hjälp'])
    emit(atlas.db as never, { kind: 'codes', ids: ['c1'] })
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(2)
    // What the core's own listener (followLanguage) does first, in the real app.
    setMessageLanguage('en')
    try {
      emit(atlas.db as never, { kind: 'preferences', ids: ['language'] })
      expect(electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(3)
      expect(labels()).toEqual(['File', 'Edit', 'View', 'Window', 'Help'])
    } finally {
      setMessageLanguage('sv')
    }
  })

  it("sends Edit › Undo and Redo to the focused window's page, which decides what they mean", async () => {
    const { electron } = await start()
    const edit = (electron.Menu.buildFromTemplate.mock.calls[0]![0] as { submenu: { id?: string; click?: () => void }[] }[])[1]!
    edit.submenu.find((item) => item.id === 'undo')!.click!()
    const [window] = electron.windows
    expect(window!.webContents.send).toHaveBeenCalledWith(MENU_COMMAND_EVENT, 'undo')
    electron.BrowserWindow.getFocusedWindow.mockReturnValue(window!)
    edit.submenu.find((item) => item.id === 'redo')!.click!()
    expect(window!.webContents.send).toHaveBeenLastCalledWith(MENU_COMMAND_EVENT, 'redo')
  })

  it('About shows the app version, the schema version and the corpus version', async () => {
    const { SCHEMA_VERSION } = await import('../../src/core/db/migrate')
    const { electron, atlas } = await start()
    atlas.invoke.mockResolvedValue({ ok: true, value: { corpusVersion: '2026.03', schemaVersion: SCHEMA_VERSION } })
    electron.app.getVersion.mockReturnValue('1.2.3')
    const help = (electron.Menu.buildFromTemplate.mock.calls[0]![0] as { submenu: { click?: () => void }[] }[]).at(-1)!
    help.submenu[0]!.click!()
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledOnce())
    expect(atlas.invoke).toHaveBeenCalledWith('app:info', {})
    const options = electron.dialog.showMessageBox.mock.calls[0]!.at(-1) as { title: string; message: string; detail: string }
    expect(options.title).toBe('Om Innovationsatlas')
    expect(options.message).toBe('Innovationsatlas 1.2.3')
    expect(options.detail).toBe(`Programversion: 1.2.3\nDatabasens schemaversion: ${SCHEMA_VERSION}\nKorpusversion: 2026.03`)
  })

  it('asks for the single-instance lock, and a second start brings the window forward, restored', async () => {
    const { electron } = await start()
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledOnce()
    const [window] = electron.windows
    window!.isMinimized.mockReturnValue(true)
    electron.app.emit('second-instance', {}, ['innovationsatlas'], '/home/forskare')
    expect(window!.restore).toHaveBeenCalledOnce()
    expect(window!.focus).toHaveBeenCalledOnce()
    expect(electron.windows).toHaveLength(1)
  })

  it('a second instance quits at once and leaves the database to the first', async () => {
    const { electron, openAtlas } = await start({ lock: false })
    expect(electron.app.quit).toHaveBeenCalled()
    expect(openAtlas).not.toHaveBeenCalled()
    expect(electron.windows).toHaveLength(0)
  })
})
