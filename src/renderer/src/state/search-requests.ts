// Search as you type without showing a stale answer: typing is debounced, every request carries a sequence
// number, and a reply (or failure) to anything but the latest request is dropped. Plain TypeScript, no runes,
// so the ordering rules are unit-tested in Node (tests/unit/search-state.test.ts); SearchState wraps it.
import type { SearchResponse } from '../../../shared/domain'

/** Long enough to skip the intermediate words of fast typing, short enough to feel immediate. */
export const SEARCH_DELAY_MS = 120

export interface Timers {
  set(run: () => void, ms: number): unknown
  clear(handle: unknown): void
}

const globalTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export interface SearchRequestHandlers {
  /** Asks the core; may resolve in any order. */
  run(query: string): Promise<SearchResponse>
  /** Only ever called with the reply to the latest request. */
  onResult(response: SearchResponse): void
  onError(error: unknown): void
  /** True from the first keystroke until the latest request has its answer. */
  onPending(pending: boolean): void
}

export class SearchRequests {
  readonly #handlers: SearchRequestHandlers
  readonly #delayMs: number
  readonly #timers: Timers
  #seq = 0
  #timer: unknown = null

  constructor(handlers: SearchRequestHandlers, delayMs = SEARCH_DELAY_MS, timers: Timers = globalTimers) {
    this.#handlers = handlers
    this.#delayMs = delayMs
    this.#timers = timers
  }

  /** Sequence number of the latest request (sent or waiting for the debounce); replies to others are stale. */
  get latest(): number {
    return this.#seq
  }

  /** A keystroke: the request goes out once typing pauses. */
  type(query: string): void {
    this.#clearTimer()
    const seq = ++this.#seq
    this.#handlers.onPending(true)
    this.#timer = this.#timers.set(() => {
      this.#timer = null
      void this.#send(query, seq)
    }, this.#delayMs)
  }

  /** Sends at once (e.g. Enter before the debounce ran); still sequenced. */
  now(query: string): Promise<void> {
    this.#clearTimer()
    const seq = ++this.#seq
    this.#handlers.onPending(true)
    return this.#send(query, seq)
  }

  /** Forget everything in flight (the query was cleared, the dialog closed). */
  cancel(): void {
    this.#clearTimer()
    this.#seq++
    this.#handlers.onPending(false)
  }

  async #send(query: string, seq: number): Promise<void> {
    try {
      const response = await this.#handlers.run(query)
      if (seq !== this.#seq) return
      this.#handlers.onResult(response)
    } catch (error) {
      if (seq !== this.#seq) return
      this.#handlers.onError(error)
    }
    this.#handlers.onPending(false)
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#timers.clear(this.#timer)
    this.#timer = null
  }
}
