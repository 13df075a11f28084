// What the researcher is doing with the texts of one page: the passage they selected (with the mouse or
// sentence by sentence with the keyboard), the coding popup, the highlight panel, the hover card, re-attaching
// an orphan. The highlights themselves live in HighlightsState; the core is only reached through it.
import { tick } from 'svelte'
import type { Highlight, TextTargetRef } from '../../../shared/domain'
import { errorMessage, type Call } from '../lib/api'
import { HighlightsState } from '../state/highlights.svelte'
import type { HistoryState } from '../state/history.svelte'
import type { PreferencesState } from '../state/preferences.svelte'
import { t } from '../i18n/i18n.svelte'
import { blockAttr, blockOf, BLOCK_ATTR } from './dom'
import {
  sentenceRanges,
  stepSelection,
  toCodePointRange,
  trimRange,
  wordRanges,
  type Range16,
  type Step,
} from './text'

export interface Selected {
  target: TextTargetRef
  /** UTF-16 in the block's stored text. */
  range: Range16
  /** Mouse selections stay the browser's own until the popup opens; keyboard ones are drawn by the block. */
  source: 'mouse' | 'keyboard'
  /** Where to put the floating button (viewport coordinates). */
  rect: { left: number; top: number; bottom: number } | null
}

export interface Draft {
  codeIds: string[]
  newCodeNames: string[]
  note: string
}

export interface Hover {
  ids: string[]
  rect: { left: number; top: number; bottom: number }
}

const key = (target: TextTargetRef, range: Range16): string => `${target.type}:${target.id}:${range.start}-${range.end}`

export class ReaderState {
  readonly highlights: HighlightsState
  readonly history: HistoryState
  readonly preferences: PreferencesState

  selection = $state.raw<Selected | null>(null)
  /** The coding popup is open for this selection. */
  coding = $state.raw<Selected | null>(null)
  /** Highlights shown in the details panel (those under the segment that was opened). */
  panelIds = $state.raw<string[]>([])
  hover = $state.raw<Hover | null>(null)
  /** The orphan waiting for a new place. */
  reattaching = $state.raw<Highlight | null>(null)
  /** The text block with keyboard focus, for the visible key hint. */
  focusedBlock = $state<string | null>(null)
  /** A short message about the selection (e.g. across two texts), shown near the text. */
  message = $state<string | null>(null)

  /** Stored texts by block, to turn a selection into code points and quotes. Not reactive: blocks register. */
  readonly #texts = new Map<string, string>()
  /** What was typed in a popup that was cancelled, by range: opening it again brings it back. */
  readonly #drafts = new Map<string, Draft>()
  #returnFocus: HTMLElement | null = null
  /** The text block around #returnFocus: a mark may be re-rendered away while the panel is open. */
  #fallbackFocus: HTMLElement | null = null

  constructor(call: Call, history: HistoryState, preferences: PreferencesState) {
    this.highlights = new HighlightsState(call)
    this.history = history
    this.preferences = preferences
  }

  /** A text block mounts with its stored text; returns the teardown. */
  register(target: TextTargetRef, text: string): () => void {
    const k = blockAttr(target)
    this.#texts.set(k, text)
    return () => {
      if (this.#texts.get(k) === text) this.#texts.delete(k)
    }
  }

  textOf(target: TextTargetRef): string | undefined {
    return this.#texts.get(blockAttr(target))
  }

  /** The range drawn as selected in a block: the keyboard selection, or what the popup is coding. */
  shownSelection(target: TextTargetRef): Range16 | null {
    const s = this.coding ?? (this.selection?.source === 'keyboard' ? this.selection : null)
    return s && s.target.type === target.type && s.target.id === target.id ? s.range : null
  }

  quoteOf(s: Selected): string {
    return this.textOf(s.target)?.slice(s.range.start, s.range.end) ?? ''
  }

  // ── Selecting ──────────────────────────────────────────────────────────────────────────────────────────

  /** A mouse selection inside one block (UTF-16, untrimmed). */
  selectWithMouse(target: TextTargetRef, range: Range16, rect: DOMRect): void {
    const text = this.textOf(target)
    const trimmed = text === undefined ? null : trimRange(text, range)
    this.message = null
    this.selection = trimmed
      ? { target, range: trimmed, source: 'mouse', rect: { left: rect.left, top: rect.top, bottom: rect.bottom } }
      : null
  }

  refuseAcross(): void {
    this.selection = null
    this.message = t('reader.acrossBlocks')
  }

  clearSelection(): void {
    this.selection = null
    this.message = null
  }

  /** A keyboard step in a block: by sentence, or by word with Alt. */
  step(target: TextTargetRef, step: Step, unit: 'sentence' | 'word'): void {
    const text = this.textOf(target)
    if (text === undefined) return
    const units = unit === 'sentence' ? sentenceRanges(text) : wordRanges(text)
    const current =
      this.selection && this.selection.target.type === target.type && this.selection.target.id === target.id
        ? this.selection.range
        : null
    const range = stepSelection(units, current, step)
    this.message = null
    this.selection = range ? { target, range, source: 'keyboard', rect: null } : null
  }

  // ── Coding ─────────────────────────────────────────────────────────────────────────────────────────────

  /** Opens the coding popup for the selection, or places the orphan being re-attached there. */
  async codeSelection(rect: Selected['rect'] = null): Promise<void> {
    const selection = this.selection
    if (!selection) return
    this.#returnFocus = this.#blockElement(selection.target)
    if (this.reattaching) {
      await this.#reattachTo(this.reattaching, selection)
      return
    }
    window.getSelection()?.removeAllRanges()
    this.hover = null
    this.coding = { ...selection, rect: rect ?? selection.rect }
  }

  draftFor(s: Selected): Draft | null {
    return this.#drafts.get(key(s.target, s.range)) ?? null
  }

  /** Cancels the popup; what was typed is kept for the next time this passage is coded. */
  cancelCoding(draft: Draft): void {
    const coding = this.coding
    if (coding && (draft.codeIds.length > 0 || draft.newCodeNames.length > 0 || draft.note.trim())) {
      this.#drafts.set(key(coding.target, coding.range), draft)
    }
    this.coding = null
    this.#restoreFocus()
  }

  /**
   * Saves the popup's highlight. Asks for the author's name first when there is none; false when that was
   * cancelled (the popup stays open). Throws the core's error for the popup to show; nothing is closed then.
   */
  async save(draft: Draft): Promise<boolean> {
    const coding = this.coding
    const text = coding ? this.textOf(coding.target) : undefined
    if (!coding || text === undefined) return false
    if (!(await this.preferences.ensureAuthor())) return false
    const { start, end } = toCodePointRange(text, coding.range)
    await this.highlights.create({ target: coding.target, start, end, ...draft })
    this.#drafts.delete(key(coding.target, coding.range))
    this.coding = null
    this.selection = null
    void this.history.refresh()
    this.#restoreFocus()
    return true
  }

  // ── Opening a highlight ────────────────────────────────────────────────────────────────────────────────

  openPanel(ids: string[], from: HTMLElement | null): void {
    this.#returnFocus = from
    this.#fallbackFocus = blockOf(from)
    this.hover = null
    this.panelIds = ids
  }

  closePanel(): void {
    this.panelIds = []
    this.#restoreFocus()
  }

  /** Runs a change from the panel; reports the core's error as a message instead of throwing. */
  async change(action: () => Promise<unknown>): Promise<string | null> {
    try {
      await action()
      void this.history.refresh()
      return null
    } catch (error) {
      return errorMessage(error)
    }
  }

  async remove(h: Highlight): Promise<string | null> {
    const failed = await this.change(() => this.highlights.remove(h.id))
    if (failed) return failed
    this.panelIds = this.panelIds.filter((id) => id !== h.id)
    if (this.panelIds.length === 0) this.#restoreFocus()
    this.message = t('reader.removed')
    return null
  }

  // ── Orphans ────────────────────────────────────────────────────────────────────────────────────────────

  startReattach(h: Highlight, from: HTMLElement | null): void {
    this.#returnFocus = from
    this.reattaching = h
    this.selection = null
    this.message = null
  }

  cancelReattach(): void {
    this.reattaching = null
    this.selection = null
    this.#restoreFocus()
  }

  async #reattachTo(h: Highlight, selection: Selected): Promise<void> {
    const text = this.textOf(selection.target)
    if (text === undefined) return
    const { start, end } = toCodePointRange(text, selection.range)
    try {
      await this.highlights.reattach(h.id, selection.target, start, end)
      this.reattaching = null
      this.selection = null
      window.getSelection()?.removeAllRanges()
      this.message = t('reader.reattached')
      void this.history.refresh()
      this.#restoreFocus()
    } catch (error) {
      this.message = errorMessage(error)
    }
  }

  #blockElement(target: TextTargetRef): HTMLElement | null {
    return document.querySelector<HTMLElement>(`[${BLOCK_ATTR}="${CSS.escape(blockAttr(target))}"]`)
  }

  /** After the next render: a modal popup still open in this one would keep focus from reaching the page. */
  #restoreFocus(): void {
    const el = this.#returnFocus
    this.#returnFocus = null
    if (!el) return
    void tick().then(() => {
      if (el.isConnected) el.focus({ preventScroll: true })
      else this.#fallbackFocus?.focus({ preventScroll: true })
    })
  }
}
