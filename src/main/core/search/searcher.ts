// Where search runs. In the desktop app it runs in a worker thread (worker.ts) so that building the index or a
// slow query never freezes the window; the CLI and the tests run it in their own process. Both speak this.
import type { SearchResponse } from '../../../shared/domain'
import type { AtlasDatabase } from '../db/open'
import { SearchService, type SearchProgress } from './service'

export interface Searcher {
  /** Resolves once the index is loaded or built; rejects if that failed. */
  readonly ready: Promise<void>
  search(query: string, limit?: number): Promise<SearchResponse>
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
  const start = (): Promise<SearchService> => (service ??= SearchService.open(context.db, context.indexDir, context.onProgress))
  return {
    get ready() {
      return start().then(() => undefined)
    },
    async search(query, limit) {
      return (await start()).search(query, limit)
    },
    async close() {
      await service?.catch(() => undefined)
    },
  }
}
