// What the desktop shell pushes to the page outside the contract's request/answer channels: the Edit menu's
// Undo and Redo. Main cannot see where focus is, so it only says which command was chosen; the page decides
// whether it means the text field's own undo or the app's (the core's history, `history:undo`).

/** The push event (main → page) carrying a menu command. */
export const MENU_COMMAND_EVENT = 'menu:command'

export const MENU_COMMANDS = ['undo', 'redo'] as const
export type MenuCommand = (typeof MENU_COMMANDS)[number]

export function isMenuCommand(value: unknown): value is MenuCommand {
  return (MENU_COMMANDS as readonly unknown[]).includes(value)
}

/** What the preload exposes as window.shell (absent in a plain browser, e.g. the E2E tests). */
export interface ShellBridge {
  /** Calls `listener` for every menu command; returns the unsubscribe. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void
}
