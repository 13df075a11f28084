// The researcher's name, stamped on every highlight and memo. A fresh database has none: the first action that
// needs it asks for it (`ensureAuthor`) and then goes on, so nothing the researcher did is lost to the question.
import type { Preferences, Theme, UiLanguage } from '../../../shared/domain'
import { ApiError, type Call } from '../lib/api'

export class PreferencesState {
  author = $state<string | null>(null)
  /** As chosen in Settings; null follows the system's language. */
  language = $state<UiLanguage | null>(null)
  theme = $state<Theme>('system')
  /** The first-start introduction was dismissed; only meaningful once `loaded`. */
  orientationSeen = $state(false)
  loaded = $state(false)
  /** The name dialog is open because an action waits for it (`ensureAuthor`). */
  asking = $state(false)

  readonly #call: Call
  #waiting: ((name: string | null) => void)[] = []

  constructor(call: Call) {
    this.#call = call
  }

  async load(): Promise<void> {
    this.#take(await this.#call('preferences:get', {}))
  }

  #take(prefs: Preferences): void {
    this.author = prefs.author
    this.language = prefs.language
    this.theme = prefs.theme
    this.orientationSeen = prefs.orientationSeen
    this.loaded = true
  }

  /** Saves the language and/or theme; throws an ApiError the dialog shows. */
  async setLook(change: { language?: UiLanguage; theme?: Theme }): Promise<void> {
    this.#take(await this.#call('preferences:set', change))
  }

  /**
   * Remembers that the introduction was dismissed. Taken at once, so a project that cannot be written (a damaged
   * file, opened read-only) does not show it again in this session; throws an ApiError when saving failed.
   */
  async setOrientationSeen(seen: boolean): Promise<void> {
    this.orientationSeen = seen
    this.#take(await this.#call('preferences:set', { orientationSeen: seen }))
  }

  /** Saves the name; throws an ApiError the dialog shows (and keeps what was typed). */
  async setAuthor(name: string): Promise<void> {
    this.#take(await this.#call('preferences:set', { author: name }))
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
