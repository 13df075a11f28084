// Where search runs. In the desktop app it runs in a worker thread (worker.ts) so that building the index or a
// slow query never freezes the window; the CLI and the tests run it in their own process. Both speak this.
import type { SearchResponse } from '../../shared/domain'
import type { AtlasDatabase } from '../db/open'
import { SearchService, type SearchProgress } from './service'

export interface Searcher {
  /** Resolves once the index is loaded or built; rejects if that failed. */
  readonly ready: Promise<void>
  search(query: string, limit?: number): Promise<SearchResponse>
  /** Re-reads the search documents of these entities (added, changed or removed by the researcher). */
  refresh(entityIds: string[]): Promise<void>
  /** Re-reads the researcher's highlights, memos and codes (after any change to them). */
  refreshNotes(): Promise<void>
  /** Where loading or building the index stands, for the UI's progress bar. */
  progress(): SearchProgress
  close(): Promise<void>
}

export interface SearcherContext {
  dbPath: string
  indexDir: string | null
  db: AtlasDatabase
  onProgress?: (progress: SearchProgress) => void
}

/** Search in this process. The index is loaded or built on first use, so a CLI `stats` never pays for it. */
export function openInProcessSearch(context: SearcherContext): Searcher {
  let service: Promise<SearchService> | null = null
  let latest: SearchProgress = { phase: 'loading', done: 0, total: 1 }
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
  return {
    // Asking where the index stands is a sign it is wanted: start loading it.
    progress: () => {
      void start()
      return latest
    },
    get ready() {
      return start().then(() => undefined)
    },
    async search(query, limit) {
      return (await start()).search(query, limit)
    },
    async refresh(entityIds) {
      // Nothing to update before the index exists: it will be built from the database as it is then.
      if (!service) return
      ;(await service).refreshEntities(entityIds)
    },
    async refreshNotes() {
      if (!service) return
      ;(await service).refreshNotes()
    },
    async close() {
      const s = await service?.catch(() => undefined)
      await s?.flush().catch(() => undefined)
    },
  }
}
