// Undo and redo of the researcher's work, app-wide. The core keeps the history; this mirrors its labels for the
// buttons, shows what an undo or redo did, and counts changes in `version` so that every page showing
// highlights, codes or memos reloads them when an undo or redo may have changed them.
import type { HistoryState as HistoryReply } from '../../../shared/api'
import { errorMessage, type Call } from '../lib/api'
import { t } from '../i18n/i18n.svelte'

/** How long "Ångrade: …" stays on screen. */
export const NOTICE_MS = 6000

export class HistoryState {
  canUndo = $state(false)
  canRedo = $state(false)
  undoLabel = $state<string | null>(null)
  redoLabel = $state<string | null>(null)
  /** Bumped after every undo, redo or other change to the researcher's work; pages that show it depend on it. */
  version = $state(0)
  /** "Ångrade: Markera …", or an error message; cleared after a while. */
  notice = $state<{ text: string; error: boolean } | null>(null)
  busy = $state(false)

  readonly #call: Call
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(call: Call) {
    this.#call = call
  }

  /** Reads the labels again, e.g. after an action was recorded. */
  async refresh(): Promise<void> {
    try {
      this.#apply(await this.#call('history:state', {}))
    } catch {
      // The buttons keep their last labels; the next action or undo reads them again.
    }
  }

  /** Something on screen changed the researcher's work: other views reload, and the labels follow. */
  changed(): void {
    this.version++
    void this.refresh()
  }

  undo(): Promise<void> {
    return this.#run('history:undo', 'history.undone')
  }

  redo(): Promise<void> {
    return this.#run('history:redo', 'history.redone')
  }

  dismiss(): void {
    this.notice = null
    clearTimeout(this.#timer)
  }

  async #run(channel: 'history:undo' | 'history:redo', key: 'history.undone' | 'history.redone'): Promise<void> {
    if (this.busy) return
    this.busy = true
    try {
      const reply = await this.#call(channel, {})
      this.#apply(reply)
      if (reply.done) {
        this.version++
        this.#show(t(key, { label: reply.done }), false)
      } else {
        this.#show(t(channel === 'history:undo' ? 'history.nothingToUndo' : 'history.nothingToRedo'), false)
      }
    } catch (error) {
      this.#show(errorMessage(error), true)
    } finally {
      this.busy = false
    }
  }

  #apply(reply: HistoryReply): void {
    this.canUndo = reply.canUndo
    this.canRedo = reply.canRedo
    this.undoLabel = reply.undoLabel
    this.redoLabel = reply.redoLabel
  }

  #show(text: string, error: boolean): void {
    this.notice = { text, error }
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => (this.notice = null), NOTICE_MS)
  }
}
