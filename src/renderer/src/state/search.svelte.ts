// The search dialog's state: the query as typed, the latest answer, the active hit for keyboard navigation.
// Ordering (debounce, dropping stale replies) lives in SearchRequests, which is unit-tested without Svelte.
import type { SearchHit, SearchResponse, SearchStatus } from '../../../shared/domain'
import { ApiError, type Call } from '../lib/api'
import {
  groupHits,
  groupRows,
  hitHref,
  type GroupView,
  type HitGroupKey,
  type ResultRow,
} from '../lib/search-hits'
import { SEARCH_DELAY_MS, SearchRequests } from './search-requests'

/** More than a dialog needs to look complete; group headers still count every match. */
export const SEARCH_LIMIT = 100

export class SearchState {
  query = $state('')
  response = $state.raw<SearchResponse | null>(null)
  error = $state.raw<ApiError | null>(null)
  pending = $state(false)
  /** Index into `rows` (display order), -1 when nothing is active. */
  activeIndex = $state(-1)
  /** Groups whose every returned hit is shown; reset for each new query. */
  expanded = $state.raw<readonly HitGroupKey[]>([])

  groups: GroupView[] = $derived(groupRows(groupHits(this.response), this.expanded))
  /** Rows in the order they are shown (by group), which is the order the arrow keys walk. */
  rows: ResultRow[] = $derived(this.groups.flatMap((g) => g.rows))
  active: ResultRow | null = $derived(this.rows[this.activeIndex] ?? null)
  hitCount = $derived(this.response?.hits.length ?? 0)
  /** True when the query has text to search for (the help text shows otherwise). */
  hasQuery = $derived(this.query.trim().length > 0)

  /** Loading or building the search index, while it is not ready (a rebuild shows its progress). */
  index = $state.raw<SearchStatus | null>(null)

  readonly #requests: SearchRequests
  readonly #call: Call
  #watching = false

  constructor(call: Call, delayMs = SEARCH_DELAY_MS) {
    this.#call = call
    this.#requests = new SearchRequests(
      {
        run: (query) => call('search:query', { query, limit: SEARCH_LIMIT }),
        onResult: (response) => {
          if (response.query !== this.response?.query) this.expanded = []
          this.response = response
          this.error = null
          this.activeIndex = response.hits.length > 0 ? 0 : -1
        },
        onError: (error) => {
          this.error = error instanceof ApiError ? error : new ApiError('internal', String(error))
        },
        onPending: (pending) => {
          this.pending = pending
        },
      },
      delayMs,
    )
  }

  setQuery(query: string): void {
    this.query = query
    if (query.trim() === '') {
      this.#requests.cancel()
      this.response = null
      this.error = null
      this.activeIndex = -1
      return
    }
    this.#requests.type(query)
  }

  /** Moves the active hit, wrapping at either end as listboxes do. */
  move(delta: number): void {
    const n = this.rows.length
    if (n === 0) return
    this.activeIndex = this.activeIndex < 0 ? (delta > 0 ? 0 : n - 1) : (this.activeIndex + delta + n) % n
  }

  /** Shows the rest of a group; the active row becomes the first hit that was hidden, in the same place. */
  expand(group: HitGroupKey): void {
    if (!this.expanded.includes(group)) this.expanded = [...this.expanded, group]
  }

  /** The address a hit opens: the hit says what its parent is, so nothing needs asking. */
  hrefOf(hit: SearchHit): string | null {
    return hitHref(hit)
  }

  /** Stops waiting for answers (the dialog closed); the query and last answer stay for the next opening. */
  pause(): void {
    this.#requests.cancel()
  }

  /** Follows the index while it loads or is rebuilt (a few times a second), until it is ready. */
  async watchIndex(intervalMs = 250): Promise<void> {
    if (this.#watching) return
    this.#watching = true
    try {
      for (;;) {
        const status = await this.#call('search:status', {})
        this.index = status.phase === 'ready' ? null : status
        if (status.phase === 'ready') return
        await new Promise((resolve) => setTimeout(resolve, intervalMs))
      }
    } catch {
      this.index = null
    } finally {
      this.#watching = false
    }
  }

  /** On reopening: answer the query as it stands if the dialog closed before its answer came. */
  resume(): void {
    void this.watchIndex()
    if (this.hasQuery && this.response?.query !== this.query) void this.#requests.now(this.query)
  }
}
