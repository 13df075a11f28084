// Re-indexes the library in the background where its rows are missing or of an older analysis format: a
// project made before the library index existed, a restored older backup, a new analysis (LIBRARY_FORMAT).
// A few documents per transaction, yielding between them, so the app stays responsive and a killed process
// resumes where it stopped (each document's rows carry their format). Imports meanwhile index their own
// documents as they write them.
import type { SearchStatus } from '../../shared/domain'
import { emit, onChange, transaction } from '../db/changes'
import type { WritableDB } from '../db/connection'
import { indexStaleDocuments, staleDocumentCount } from '../db/library'
import type { WriteGate } from '../writes/gate'

const DOCUMENTS_PER_STEP = 20

export interface LibraryIndexer {
  /** Where re-indexing stands while it runs; null when the library is current. */
  progress(): SearchStatus | null
  /** Resolves when nothing is left to re-index (tests, the CLI). */
  readonly idle: Promise<void>
  stop(): void
}

/** `gate` (writes/gate.ts): a step waits while a large write holds the project elsewhere. */
export function startLibraryIndexer(db: WritableDB, gate?: WriteGate): LibraryIndexer {
  let stopped = false
  let running: { done: number; total: number } | null = null
  let idle: Promise<void> = Promise.resolve()

  const run = (): void => {
    // A connection closed before the first look (an atlas that failed to open, a test's) has nothing to index.
    if (stopped || running || !db.open) return
    const total = staleDocumentCount(db)
    if (total === 0) return
    running = { done: 0, total }
    idle = new Promise<void>((resolve) => {
      const step = (): void => {
        if (stopped || !running) return resolve()
        try {
          const ids: string[] = []
          const { done } = transaction(db, () => {
            const result = indexStaleDocuments(db, DOCUMENTS_PER_STEP, ids)
            // The searchers read the library's vocabulary again; no data changed.
            emit(db, { kind: 'library', ids })
            return result
          })
          running.done = Math.min(running.total, running.done + done)
          if (done === 0) {
            running = null
            return resolve()
          }
          setImmediate(next)
        } catch (error) {
          // A full disk or a read-only file: the library keeps what it has and the next open tries again.
          console.error('The document library could not be indexed:', error)
          running = null
          resolve()
        }
      }
      // Each step in its turn: never while a large write holds the project elsewhere.
      const next = (): void => void (gate ? gate.hold(step) : step())
      setImmediate(next)
    })
  }

  // A restore may bring back an older project whose library is not indexed yet.
  const unsubscribe = onChange(db, (changes) => {
    if (changes.some((c) => c.kind === 'replaced')) run()
  })
  // The first look waits for a task of its own (or for the first question of where indexing stands): counting
  // what is stale reads every document's passages, about 20 ms at 1,000 documents, which would lengthen the
  // app's opening, itself one task.
  let looked = false
  const look = (): void => {
    if (looked) return
    looked = true
    run()
  }
  const first = new Promise<void>((resolve) =>
    setImmediate(() => {
      look()
      resolve(idle === first ? undefined : idle)
    }),
  )
  idle = first
  return {
    progress: () => {
      look()
      return running ? { phase: 'library', done: running.done, total: running.total } : null
    },
    get idle() {
      return idle
    },
    stop() {
      stopped = true
      unsubscribe()
    },
  }
}
