// A minimal application menu with Swedish labels. Roles give the platform's own behaviour and shortcuts
// (copy, zoom, full screen); nothing here reaches the core.
import { Menu, type MenuItemConstructorOptions } from 'electron'

export interface MenuOptions {
  platform: NodeJS.Platform
  /** Reload and developer tools only in development: a researcher has no use for them. */
  developer: boolean
}

export function menuTemplate({ platform, developer }: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const template: MenuItemConstructorOptions[] = []
  if (mac) {
    template.push({
      label: 'Innovationsatlas',
      submenu: [
        { role: 'about', label: 'Om Innovationsatlas' },
        { type: 'separator' },
        { role: 'hide', label: 'Göm Innovationsatlas' },
        { role: 'hideOthers', label: 'Göm övriga' },
        { role: 'unhide', label: 'Visa alla' },
        { type: 'separator' },
        { role: 'quit', label: 'Avsluta Innovationsatlas' },
      ],
    })
  }
  template.push(
    {
      label: 'Arkiv',
      submenu: [mac ? { role: 'close', label: 'Stäng fönster' } : { role: 'quit', label: 'Avsluta' }],
    },
    {
      label: 'Redigera',
      submenu: [
        { role: 'undo', label: 'Ångra' },
        { role: 'redo', label: 'Gör om' },
        { type: 'separator' },
        { role: 'cut', label: 'Klipp ut' },
        { role: 'copy', label: 'Kopiera' },
        { role: 'paste', label: 'Klistra in' },
        { role: 'selectAll', label: 'Markera allt' },
      ],
    },
    {
      label: 'Visa',
      submenu: [
        ...(developer
          ? ([
              { role: 'reload', label: 'Läs in igen' },
              { role: 'toggleDevTools', label: 'Utvecklarverktyg' },
              { type: 'separator' },
            ] satisfies MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom', label: 'Normal storlek' },
        { role: 'zoomIn', label: 'Zooma in' },
        { role: 'zoomOut', label: 'Zooma ut' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: 'Helskärm' },
      ],
    },
    {
      label: 'Fönster',
      submenu: [
        { role: 'minimize', label: 'Minimera' },
        ...(mac ? ([{ role: 'zoom', label: 'Zooma fönster' }] satisfies MenuItemConstructorOptions[]) : []),
      ],
    },
  )
  return template
}

export function installMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options)))
}
