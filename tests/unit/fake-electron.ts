// A stand-in for the parts of the 'electron' module the shell touches. No Electron binary exists on the build
// machines, so the shell's wiring is tested against this: `vi.mock('electron', () => createFakeElectron())`,
// then `await import('electron')` in the test returns the same fake the code under test received. Call
// `reset()` and `vi.resetAllMocks()` before each test.
import { vi } from 'vitest'

type Listener = (...args: unknown[]) => unknown

class Emitter {
  readonly listeners = new Map<string, Listener[]>()

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
    return this
  }

  once(event: string, listener: Listener): this {
    return this.on(event, listener)
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args)
  }
}

export class FakeWebContents extends Emitter {
  windowOpenHandler: ((details: { url: string }) => unknown) | null = null
  /** Push events main sent to the page (webContents.send). */
  readonly send = vi.fn((_channel: string, ..._args: unknown[]) => {})
  readonly printToPDF = vi.fn(async (_options: unknown) => Buffer.from('%PDF-1.7'))

  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler
  }

  /** Emits will-navigate / will-redirect the way Electron does and says whether a listener cancelled it. */
  navigate(event: 'will-navigate' | 'will-redirect', url: string): { prevented: boolean } {
    let prevented = false
    const details = { url, isMainFrame: true, preventDefault: () => (prevented = true) }
    this.emit(event, details, url)
    return { prevented }
  }

  /** An input event from the OS, as input-event reports it (mouseDown, keyDown, …). */
  input(type: string): void {
    this.emit('input-event', {}, { type })
  }
}

/** A display's work area, as screen.getDisplayMatching reports it: 1920×1080 minus a 40 px panel. */
export const FAKE_WORK_AREA = { x: 0, y: 0, width: 1920, height: 1040 }

export function createFakeElectron() {
  const windows: FakeBrowserWindow[] = []

  class FakeBrowserWindow extends Emitter {
    static getAllWindows = (): FakeBrowserWindow[] => windows
    static getFocusedWindow = vi.fn((): FakeBrowserWindow | null => null)
    readonly webContents = new FakeWebContents()
    readonly maximize = vi.fn()
    readonly isMaximized = vi.fn(() => false)
    readonly getNormalBounds = vi.fn(() => ({ x: 0, y: 0, width: 1280, height: 800 }))
    readonly destroy = vi.fn()
    readonly loadURL = vi.fn(async (_url: string) => {})
    readonly loadFile = vi.fn(async (_file: string) => {})
    readonly show = vi.fn()
    readonly focus = vi.fn()
    readonly restore = vi.fn()
    readonly isMinimized = vi.fn(() => false)

    constructor(readonly options: Record<string, unknown>) {
      super()
      windows.push(this)
    }
  }

  class FakeIpcMain {
    readonly handlers = new Map<string, Listener>()
    readonly handle = vi.fn((channel: string, handler: Listener) => {
      // Electron throws on a second handler for one channel; so does the fake, to catch double registration.
      if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
      this.handlers.set(channel, handler)
    })
    readonly removeHandler = vi.fn((channel: string) => {
      this.handlers.delete(channel)
    })
  }

  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => true),
    enableSandbox: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn((name: string) => `/fake/${name}`),
    getAppPath: vi.fn(() => '/fake/app'),
    getVersion: vi.fn(() => '0.1.0'),
    quit: vi.fn(),
  })

  const protocol = {
    registerSchemesAsPrivileged: vi.fn(),
    handlers: new Map<string, (request: Request) => Promise<Response>>(),
    handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
      protocol.handlers.set(scheme, handler)
    }),
  }

  const partitions = new Map<string, ReturnType<typeof fakeSession>>()

  const ipcRenderer = Object.assign(new Emitter(), {
    invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } })),
    removeListener(event: string, listener: Listener) {
      ipcRenderer.listeners.set(event, (ipcRenderer.listeners.get(event) ?? []).filter((l) => l !== listener))
    },
  })

  const ipcMain = new FakeIpcMain()

  return {
    app,
    BrowserWindow: FakeBrowserWindow,
    windows,
    ipcMain,
    /**
     * vi.resetModules keeps a vi.mock factory's result, so one fake serves the whole file: forget the windows,
     * handlers and listeners of the last test (vi.resetAllMocks puts the vi.fn implementations back).
     */
    reset(): void {
      windows.length = 0
      ipcMain.handlers.clear()
      app.listeners.clear()
      app.isPackaged = false
      protocol.handlers.clear()
      partitions.clear()
      ipcRenderer.listeners.clear()
    },
    protocol,
    screen: { getDisplayMatching: vi.fn((_rectangle: unknown) => ({ workArea: FAKE_WORK_AREA })) },
    session: {
      defaultSession: fakeSession(),
      partitions,
      fromPartition: vi.fn((name: string) => {
        if (!partitions.has(name)) partitions.set(name, fakeSession())
        return partitions.get(name)!
      }),
    },
    shell: { openExternal: vi.fn(async (_url: string) => {}) },
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0 })) },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
      setApplicationMenu: vi.fn(),
    },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer,
  }
}

function fakeSession() {
  return {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onBeforeRequest: vi.fn() },
  }
}

export type FakeElectron = ReturnType<typeof createFakeElectron>
export type FakeBrowserWindow = InstanceType<FakeElectron['BrowserWindow']>
