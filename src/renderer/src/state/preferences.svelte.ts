// The researcher's name, stamped on every highlight and memo. A fresh database has none: the first action that
// needs it asks for it (`ensureAuthor`) and then goes on, so nothing the researcher did is lost to the question.
import { ApiError, type Call } from '../lib/api'

export class PreferencesState {
  author = $state<string | null>(null)
  loaded = $state(false)
  /** The name dialog is open because an action waits for it (`ensureAuthor`). */
  asking = $state(false)

  readonly #call: Call
  #waiting: ((name: string | null) => void)[] = []

  constructor(call: Call) {
    this.#call = call
  }

  async load(): Promise<void> {
    const prefs = await this.#call('preferences:get', {})
    this.author = prefs.author
    this.loaded = true
  }

  /** Saves the name; throws an ApiError the dialog shows (and keeps what was typed). */
  async setAuthor(name: string): Promise<void> {
    const prefs = await this.#call('preferences:set', { author: name })
    this.author = prefs.author
    this.loaded = true
  }

  /**
   * The author's name, asking for it first when there is none. Resolves null when the researcher cancels the
   * question; the action that asked keeps what it had (e.g. the coding popup stays open).
   */
  async ensureAuthor(): Promise<string | null> {
    if (!this.loaded) {
      try {
        await this.load()
      } catch (error) {
        if (!(error instanceof ApiError)) throw error
      }
    }
    if (this.author) return this.author
    this.asking = true
    return new Promise((resolve) => this.#waiting.push(resolve))
  }

  /** The name dialog closed: with the saved name, or null when cancelled. */
  answered(name: string | null): void {
    this.asking = false
    const waiting = this.#waiting
    this.#waiting = []
    for (const resolve of waiting) resolve(name)
  }
}
