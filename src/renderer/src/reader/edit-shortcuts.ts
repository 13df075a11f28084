// One Ctrl/Cmd+Z, one undo. In the desktop app the Edit menu owns the undo and redo shortcuts and tells the
// page (window.shell.onMenuCommand); the page also listens for the keys itself, which is all a plain browser
// has. Depending on the platform, a key press reaches the page first (and the menu only if the page left it
// unhandled) or the menu alone. So a menu command that follows a key press the page already acted on — natively
// in a text field, or through the history — is the same press, and is dropped.

/** A menu command this soon after the page saw the key is that key press. */
export const SAME_PRESS_MS = 500

export class EditShortcuts {
  #lastKey = Number.NEGATIVE_INFINITY
  readonly #now: () => number

  constructor(now: () => number = () => performance.now()) {
    this.#now = now
  }

  /** The page saw an undo or redo key press. */
  keySeen(): void {
    this.#lastKey = this.#now()
  }

  /** A menu command arrived: true unless it is the key press the page already answered. */
  menuShouldRun(): boolean {
    return this.#now() - this.#lastKey > SAME_PRESS_MS
  }
}
