// One editor's draft (src/shared/drafts.ts): written to the project ~half a second after typing stops, and at
// once on blur or before leaving, so a crash or a closed window loses at most that half second. On opening,
// a draft that differs from the saved text is handed back to the editor and `restored` says so.
import type { Draft, DraftKey } from '../../../shared/drafts'
import { errorMessage, type Call } from '../lib/api'

export const DRAFT_DELAY_MS = 500

export class DraftKeeper {
  /** The draft the editor opened with, for the notice; null once it is saved or discarded. */
  restored = $state.raw<Draft | null>(null)
  /** True once the latest text is in the project (a "Draft saved" line); false while typing. */
  kept = $state(false)
  error = $state<string | null>(null)

  readonly #call: Call
  readonly #key: DraftKey
  #timer: ReturnType<typeof setTimeout> | null = null
  #pending: string | null = null
  /** Writes in order: a slow write must not land after a newer one. */
  #queue: Promise<unknown> = Promise.resolve()
  #closed = false

  constructor(call: Call, key: DraftKey) {
    this.#call = call
    this.#key = { ...key }
  }

  /** The draft to open with, when there is one that differs from `saved`; null to open with `saved`. */
  async load(saved: string): Promise<string | null> {
    try {
      const draft = await this.#call('drafts:get', this.#key)
      if (this.#closed || !draft || draft.body === saved) return null
      this.restored = draft
      return draft.body
    } catch (error) {
      this.error = errorMessage(error)
      return null
    }
  }

  /** The editor's text changed: kept after a pause in typing. */
  change(body: string): void {
    if (this.#closed) return
    this.#pending = body
    this.kept = false
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => void this.flush(), DRAFT_DELAY_MS)
  }

  /** Writes what is waiting now (blur, leaving); resolves when it is in the project. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    const body = this.#pending
    this.#pending = null
    if (body === null || this.#closed) return this.#queue.then(() => undefined)
    this.#queue = this.#queue.then(async () => {
      try {
        await this.#call('drafts:save', { ...this.#key, body })
        this.error = null
        if (this.#pending === null) this.kept = true
      } catch (error) {
        this.error = errorMessage(error)
      }
    })
    return this.#queue.then(() => undefined)
  }

  /** The real text was saved (the core deleted the draft with it): nothing more to write. */
  async saved(): Promise<void> {
    this.#stop()
    await this.#queue
    this.restored = null
    this.kept = false
  }

  /** The researcher threw the draft away. */
  async discard(): Promise<void> {
    this.#stop()
    await this.#queue
    this.restored = null
    this.kept = false
    try {
      await this.#call('drafts:discard', this.#key)
    } catch (error) {
      this.error = errorMessage(error)
    }
  }

  /** Stops writing; a later change starts again (an editor that stays open after saving). */
  #stop(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    this.#pending = null
  }

  /** The editor goes away: what is waiting is written, nothing after. */
  close(): Promise<void> {
    const written = this.flush()
    this.#closed = true
    return written
  }
}
