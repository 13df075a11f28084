// Lifecycle of the Electron shell: one instance, one atlas, one window. Everything the app knows lives in the
// core (./core), which runs in plain Node; this file only wires it to Electron.
import path from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, protocol, screen, session, shell } from 'electron'
import { openAtlasChecked, type Atlas } from '../core/atlas'
import { UserError, wordsOf } from '../core/errors'
import { errorText } from '../shared/errors'
import { message } from '../shared/messages'
import { createWorkerSearcher } from '../core/search/worker-client'
import { createWorkerReads } from '../core/reads/worker-client'
import { createWorkerWrites } from '../core/writes/worker-client'
import { spawnUtilityParser } from './parse-process'
import { createElectronPrinter } from './pdf'
import { DB_FILE_NAME, resolveDataDir } from '../core/db/open'
import { onChange } from '../core/db/changes'
import { languageOfProjectFile } from '../core/db/meta'
import { MENU_COMMAND_EVENT, type MenuCommand } from '../shared/shell-events'
import { showAbout } from './about'
import { registerIpc } from './ipc'
import { createLinkGate } from './links'
import { installMenu, type MenuOptions } from './menu'
import { registerAppScheme, serveApp } from './protocol'
import { createMainWindow, guardWebContents, isAppUrl, resolveShellPaths } from './window'
import { initialWindow, readWindowState, rememberWindowState, WINDOW_STATE_FILE } from './window-state'

const paths = resolveShellPaths(import.meta.dirname)
const links = createLinkGate()
let atlas: Atlas | null = null
let mainWindow: BrowserWindow | null = null
let windowStateFile: string | null = null

// Every renderer sandboxed, whatever a future window forgets to set.
app.enableSandbox()
// Before ready, or Electron ignores it: the renderer's own scheme (protocol.ts).
registerAppScheme(protocol)
// Chromium formats date fields in its own language, chosen at start: the researcher's language, when chosen.
const chosenLanguage = languageOfProjectFile(path.join(resolveDataDir(app.getPath('userData')), DB_FILE_NAME))
if (chosenLanguage === 'sv' || chosenLanguage === 'en') app.commandLine.appendSwitch('lang', chosenLanguage === 'sv' ? 'sv-SE' : 'en-GB')

if (!app.requestSingleInstanceLock()) {
  // A second copy would open the same SQLite file; the first instance gets focus instead (second-instance).
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  // Every web contents, not just the main window's: nothing may navigate off the app or open a window.
  // Each also has its clicks and key presses noted: a link opens only right after one (links.ts).
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, paths.appUrl)
    links.watch(contents)
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  app.on('activate', () => {
    if (atlas && BrowserWindow.getAllWindows().length === 0) openWindow()
  })

  app.on('will-quit', () => {
    atlas?.close()
    atlas = null
  })

  app.whenReady().then(start).catch((error: unknown) => fail(error))
}

async function start(): Promise<void> {
  // The app asks for no camera, microphone, notifications or anything else; a request is never granted.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)

  serveApp(protocol, paths.rendererDir)

  const dataDir = resolveDataDir(app.getPath('userData'))
  windowStateFile = path.join(dataDir, WINDOW_STATE_FILE)
  const corpusDir = app.isPackaged
    ? path.join(process.resourcesPath, 'corpus')
    : path.join(app.getAppPath(), 'resources', 'corpus')
  // The window opens at once and its first requests wait for the atlas: opening checks the whole project file
  // (quick_check, seconds for a large one) in the parse process, and the main thread stays free meanwhile.
  let opened!: (atlas: Atlas) => void
  const opening = new Promise<Atlas>((resolve) => (opened = resolve))
  const unregister = registerIpc(
    ipcMain,
    { invoke: async (channel, input) => (await opening).invoke(channel, input) },
    (frameUrl) => isAppUrl(frameUrl, paths.appUrl),
    links.guard,
  )
  installLocalisedMenu(opening)
  openWindow()
  try {
    atlas = await openAtlasChecked({
      dbPath: path.join(dataDir, DB_FILE_NAME),
      corpusDir,
      openExternal: (url) => shell.openExternal(url),
      openPath: async (file) => {
        const problem = await shell.openPath(file)
        if (problem) throw new Error(problem)
      },
      showInFolder: (file) => shell.showItemInFolder(file),
      // Search runs in a worker thread: building the index or a slow query never freezes the window.
      createSearcher: createWorkerSearcher({ url: path.join(import.meta.dirname, 'search-worker.js') }),
      // So do the reads that go through every highlight of the compared cases (a comparison, similar cases).
      createReads: createWorkerReads({ url: path.join(import.meta.dirname, 'read-worker.js') }),
      // And the large writes (merging a colleague's project, deleting a code with thousands of highlights).
      createWrites: createWorkerWrites({ url: path.join(import.meta.dirname, 'write-worker.js') }),
      // Chosen files are read in a utility process: a hostile one can fail, never take the app down.
      spawnParser: spawnUtilityParser(),
      // The only way a file path enters the app: a native dialog the researcher answers.
      pickFiles: async ({ purpose, extensions, multiple }) => {
        const window = BrowserWindow.getFocusedWindow()
        const options: Electron.OpenDialogOptions = {
          title: message(`dialogs.${purpose}`),
          filters: [{ name: extensions.map((e) => e.toUpperCase()).join(', '), extensions }],
          properties: multiple ? ['openFile', 'multiSelections'] : ['openFile'],
        }
        const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
        return result.canceled ? [] : result.filePaths
      },
      pickSavePath: async ({ purpose, defaultName, extensions }) => {
        const window = BrowserWindow.getFocusedWindow()
        const options: Electron.SaveDialogOptions = {
          title: message(`dialogs.${purpose}`),
          defaultPath: path.join(app.getPath('documents'), defaultName),
          filters: [{ name: extensions.map((e) => e.toUpperCase()).join(', '), extensions }],
        }
        const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
        return result.canceled || !result.filePath ? null : result.filePath
      },
      printer: createElectronPrinter(),
      // After a restore the undo history and the search index describe another database: start afresh,
      // once the renderer has had a moment to show that the restore succeeded.
      onRestored: () => {
        setTimeout(() => {
          app.relaunch()
          app.exit(0)
        }, 1500)
      },
    })
  } catch (error) {
    // E.g. a database written by a newer version: the core refuses it untouched and says what to do. The
    // window that waited for it closes first, so only the message is left.
    unregister()
    for (const window of BrowserWindow.getAllWindows()) window.destroy()
    fail(error)
    return
  }
  opened(atlas)
}

/**
 * The menu in the researcher's language, built again when they choose another (or a restore brings one). It is
 * there from the start; About waits for the atlas like the window does.
 */
function installLocalisedMenu(opening: Promise<Atlas>): void {
  const options: MenuOptions = {
    platform: process.platform,
    developer: !app.isPackaged,
    command: sendMenuCommand,
    about: () => void opening.then((current) => showAbout(current, app.getVersion())).catch((error: unknown) => console.error(error)),
  }
  installMenu(options)
  void opening.then((current) => {
    // Opening set the core's language from the project: the researcher's, which may not be the default.
    installMenu(options)
    // The core's own listener (followLanguage in atlas.ts) was added first, so message() already speaks the new
    // language when this one runs.
    onChange(current.db, (changes) => {
      if (changes.some((c) => (c.kind === 'preferences' && c.ids.includes('language')) || c.kind === 'replaced')) {
        installMenu(options)
      }
    })
  })
}

/** Edit › Undo / Redo: the page decides between a text field's own undo and the app's (shared/shell-events.ts). */
function sendMenuCommand(command: MenuCommand): void {
  const target = BrowserWindow.getFocusedWindow() ?? mainWindow
  target?.webContents.send(MENU_COMMAND_EVENT, command)
}

function openWindow(): void {
  const saved = windowStateFile ? readWindowState(windowStateFile) : null
  const window = createMainWindow(paths, initialWindow(saved, screen))
  if (windowStateFile) rememberWindowState(window, windowStateFile)
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null
  })
  mainWindow = window
}

function fail(error: unknown): void {
  // A UserError says what to do (a database from a newer version, an invalid corpus); anything else is a
  // defect: logged, and the researcher still gets a sentence instead of a stack.
  if (!(error instanceof UserError)) console.error(error)
  const message = error instanceof UserError ? wordsOf(error) : errorText({ key: 'internal.startup', params: {} })
  dialog.showErrorBox('Innovationsatlas kunde inte starta', message)
  app.quit()
}
