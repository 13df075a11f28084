// Where search runs. In the desktop app it runs in a worker thread (worker.ts) so that building the index or a
// slow query never freezes the window; the CLI and the tests run it in their own process. Both speak this.
import type { SearchResponse } from '../../shared/domain'
import { onChange, type Change } from '../db/changes'
import type { WritableDB } from '../db/connection'
import { SearchService, type SearchProgress } from './service'

export interface Searcher {
  /** Resolves once the index is loaded or built; rejects if that failed. */
  readonly ready: Promise<void>
  /** Answers after every change announced before the call has reached the index. */
  search(query: string, limit?: number): Promise<SearchResponse>
  /** Brings the index up to date with committed changes; the searchers subscribe to the write layer for them. */
  changed(changes: Change[]): Promise<void>
  /** Where loading or building the index stands, for the UI's progress bar. */
  progress(): SearchProgress
  close(): Promise<void>
}

export interface SearcherContext {
  dbPath: string
  indexDir: string | null
  /** The app's connection: read by search in this process, and where changes are announced. */
  db: WritableDB
  onProgress?: (progress: SearchProgress) => void
}

/** Search in this process. The index is loaded or built on first use, so a CLI `stats` never pays for it. */
export function openInProcessSearch(context: SearcherContext): Searcher {
  let service: Promise<SearchService> | null = null
  let latest: SearchProgress = { phase: 'loading', done: 0, total: 1 }
  // Changes reach the index in the order they were committed, and a search waits for those before it.
  let applied: Promise<void> = Promise.resolve()
  const start = (): Promise<SearchService> => {
    if (!service) {
      service = SearchService.open(context.db, context.indexDir, (p) => {
        latest = p
        context.onProgress?.(p)
      })
      // A failure surfaces at the next search; it must not become an unhandled rejection meanwhile.
      service.catch(() => undefined)
    }
    return service
  }
  const searcher: Searcher = {
    // Asking where the index stands is a sign it is wanted: start loading it.
    progress: () => {
      void start()
      return latest
    },
    get ready() {
      return start().then(() => undefined)
    },
    async search(query, limit) {
      await applied
      return (await start()).search(query, limit)
    },
    changed(changes) {
      // Nothing to update before the index exists: it will be built from the database as it is then.
      const building = service
      if (!building) return applied
      // A change the index could not take is logged; the next search still answers from what it has.
      applied = applied.then(async () => (await building).applyChanges(changes)).catch((error: unknown) => console.error(error))
      return applied
    },
    async close() {
      stopFollowing()
      const s = await service?.catch(() => undefined)
      await s?.flush().catch(() => undefined)
    },
  }
  const stopFollowing = followChanges(context.db, searcher)
  return searcher
}

/** Subscribes a searcher to the write layer's changes; returns the unsubscribe. */
export function followChanges(db: WritableDB, searcher: Searcher): () => void {
  return onChange(db, (changes) => void searcher.changed(changes))
}
