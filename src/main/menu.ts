// The application menu, in the researcher's language: labels come from the core's catalogue (message() follows
// the language preference), and index.ts builds the menu again when that preference changes. Roles give the
// platform's own behaviour and shortcuts (copy, zoom, full screen). Undo and Redo are not roles: outside a
// text field they mean the app's own history, which only the page can tell apart (see shared/shell-events.ts).
import { Menu, type MenuItemConstructorOptions } from 'electron'
import { message } from '../shared/messages'
import type { MenuCommand } from '../shared/shell-events'

export interface MenuOptions {
  platform: NodeJS.Platform
  /** Reload and developer tools only in development: a researcher has no use for them. */
  developer: boolean
  /** Edit › Undo / Redo: sent to the focused window's page. */
  command: (command: MenuCommand) => void
  /** Opens the About dialog (app, schema and corpus versions). */
  about: () => void
}

export function menuTemplate({ platform, developer, command, about }: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const template: MenuItemConstructorOptions[] = []
  if (mac) {
    template.push({
      label: message('shell.menu.app'),
      submenu: [
        { label: message('shell.menu.about'), click: () => about() },
        { type: 'separator' },
        { role: 'hide', label: message('shell.menu.hide') },
        { role: 'hideOthers', label: message('shell.menu.hideOthers') },
        { role: 'unhide', label: message('shell.menu.unhide') },
        { type: 'separator' },
        { role: 'quit', label: message('shell.menu.quitApp') },
      ],
    })
  }
  template.push(
    {
      label: message('shell.menu.file'),
      submenu: [
        mac ? { role: 'close', label: message('shell.menu.closeWindow') } : { role: 'quit', label: message('shell.menu.quit') },
      ],
    },
    {
      label: message('shell.menu.edit'),
      submenu: [
        { id: 'undo', label: message('shell.menu.undo'), accelerator: 'CmdOrCtrl+Z', click: () => command('undo') },
        {
          id: 'redo',
          label: message('shell.menu.redo'),
          // Electron's own redo role uses these; the page also answers Ctrl+Y and Ctrl+Shift+Z itself.
          accelerator: platform === 'win32' ? 'Control+Y' : 'Shift+CmdOrCtrl+Z',
          click: () => command('redo'),
        },
        { type: 'separator' },
        { role: 'cut', label: message('shell.menu.cut') },
        { role: 'copy', label: message('shell.menu.copy') },
        { role: 'paste', label: message('shell.menu.paste') },
        { role: 'selectAll', label: message('shell.menu.selectAll') },
      ],
    },
    {
      label: message('shell.menu.view'),
      submenu: [
        ...(developer
          ? ([
              { role: 'reload', label: message('shell.menu.reload') },
              { role: 'toggleDevTools', label: message('shell.menu.devTools') },
              { type: 'separator' },
            ] satisfies MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom', label: message('shell.menu.resetZoom') },
        { role: 'zoomIn', label: message('shell.menu.zoomIn') },
        { role: 'zoomOut', label: message('shell.menu.zoomOut') },
        { type: 'separator' },
        { role: 'togglefullscreen', label: message('shell.menu.fullScreen') },
      ],
    },
    {
      label: message('shell.menu.window'),
      submenu: [
        { role: 'minimize', label: message('shell.menu.minimize') },
        ...(mac ? ([{ role: 'zoom', label: message('shell.menu.zoomWindow') }] satisfies MenuItemConstructorOptions[]) : []),
      ],
    },
  )
  // On macOS About sits in the app menu, as the platform expects; elsewhere in Help.
  if (!mac) template.push({ label: message('shell.menu.help'), submenu: [{ label: message('shell.menu.about'), click: () => about() }] })
  return template
}

/** Builds and installs the menu in the current message language; call again after the language changed. */
export function installMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options)))
}
