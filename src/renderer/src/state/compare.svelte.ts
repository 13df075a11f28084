// The comparison workspace: the matrix for the cases in the address, which code rows are open, the order the
// researcher gave the code rows, the open cell, and the saved comparison it came from. The matrix itself is
// the core's (compare:matrix); everything here is how the researcher looks at it.
import type { CellSummary, ComparisonMatrix, ComparisonState, SavedComparison } from '../../../shared/domain'
import type { ApiError, Call } from '../lib/api'
import { MIN_COMPARED } from './comparison-set.svelte'
import { asApiError } from './loader.svelte'
import { cellKey, moveCodeRow, orderCodeRows, visibleCodeRows, type CellRef } from './compare-rows'

export { cellDomId, cellKey, domId, missingEvidence, moveCodeRow, orderCodeRows, visibleCodeRows, type CellRef } from './compare-rows'

export class CompareState {
  matrix = $state.raw<ComparisonMatrix | null>(null)
  error = $state.raw<ApiError | null>(null)
  loading = $state(false)
  /** Parent codes whose children are shown. */
  expanded = $state<string[]>([])
  /** The researcher's order of code rows (ids; siblings are ordered by their place here). */
  codeOrder = $state<string[]>([])
  openCell = $state<CellRef | null>(null)
  /** The saved comparison this view was opened from, or saved as. */
  saved = $state.raw<SavedComparison | null>(null)

  readonly ordered = $derived(orderCodeRows(this.matrix?.codes ?? [], this.codeOrder))
  readonly rows = $derived(visibleCodeRows(this.ordered, this.expanded))

  readonly #call: Call
  #seq = 0
  #caseIds: string[] = []
  /** Until the researcher (or a saved comparison) chooses, every parent code is open. */
  #expandedChosen = false

  constructor(call: Call) {
    this.#call = call
  }

  /** Count only this coder's highlights (null: everyone's): one evaluator's view, or the team's consensus. */
  coder = $state<string | null>(null)

  /** Shows one coder's counts (null: everyone's) and loads the matrix again. */
  setCoder(name: string | null): Promise<void> {
    this.coder = name
    return this.refresh()
  }

  get caseIds(): readonly string[] {
    return this.#caseIds
  }

  /** Loads the matrix for these cases; fewer than two is an empty state, not a request. */
  async load(caseIds: readonly string[]): Promise<void> {
    const seq = ++this.#seq
    this.#caseIds = [...caseIds]
    if (caseIds.length < MIN_COMPARED) {
      this.matrix = null
      this.error = null
      this.loading = false
      return
    }
    this.loading = true
    try {
      const matrix = await this.#call('compare:matrix', { caseIds: [...caseIds], ...(this.coder ? { coders: [this.coder] } : {}) })
      if (seq !== this.#seq) return
      if (!this.#expandedChosen) this.expanded = matrix.codes.filter((c) => c.hasChildren).map((c) => c.id)
      if (this.openCell && !matrix.cases.some((c) => c.id === this.openCell?.caseId)) this.openCell = null
      this.matrix = matrix
      this.error = null
    } catch (error) {
      if (seq === this.#seq) this.error = asApiError(error)
    } finally {
      if (seq === this.#seq) this.loading = false
    }
  }

  /** Loads the same cases again, e.g. after a summary was saved or an undo changed highlights. */
  refresh(): Promise<void> {
    return this.load(this.#caseIds)
  }

  isExpanded(id: string): boolean {
    return this.expanded.includes(id)
  }

  toggle(id: string): void {
    this.#expandedChosen = true
    this.expanded = this.isExpanded(id) ? this.expanded.filter((v) => v !== id) : [...this.expanded, id]
  }

  /** Moves a code row among its siblings; false when it cannot move that way. */
  move(id: string, direction: -1 | 1): boolean {
    const next = moveCodeRow(this.ordered, id, direction)
    if (!next) return false
    this.codeOrder = next
    return true
  }

  /** Where a row stands among its siblings, 1-based, for the announcement after a move. */
  placeOf(id: string): { position: number; count: number } {
    const row = this.ordered.find((r) => r.id === id)
    const siblings = this.ordered.filter((r) => r.parentId === (row?.parentId ?? null))
    return { position: siblings.findIndex((r) => r.id === id) + 1, count: siblings.length }
  }

  summaryOf(cell: CellRef): CellSummary | null {
    return this.matrix?.summaries[cellKey(cell)] ?? null
  }

  /** Takes over a saved comparison's open codes and row order (its cases come through the address). */
  applySaved(saved: SavedComparison): void {
    this.saved = saved
    this.expanded = [...saved.state.expandedCodeIds]
    this.codeOrder = [...saved.state.codeOrder]
    this.#expandedChosen = true
  }

  forgetSaved(): void {
    this.saved = null
  }

  snapshot(): ComparisonState {
    return { caseIds: [...this.#caseIds], expandedCodeIds: [...this.expanded], codeOrder: this.ordered.map((r) => r.id) }
  }

  /** Saves under `name`: over the open saved comparison, or as a new one. */
  async save(name: string, asNew = false): Promise<SavedComparison> {
    const id = asNew ? undefined : this.saved?.id
    const saved = await this.#call('comparisons:save', { ...(id ? { id } : {}), name, state: this.snapshot() })
    this.saved = saved
    return saved
  }
}
