// The main-thread side of the write worker: Writes whose every call is a message to worker.ts. The worker starts
// at the first large write; one that ended is started again at the next, numbering its undo steps after the last
// one's (whose steps are gone: undoing one says so). What a write changed is announced on the app's connection
// before the call resolves, so the search index and the views' caches hear it as they hear the app's own writes.
import { announce } from '../db/changes'
import { callWorker, type WorkerOptions } from '../worker-threads'
import type { KoladaImportResult } from '../../shared/domain'
import type { CsvPreview } from '../io/cases-csv'
import type { RefiImported, RefiInspection, Written } from './actions'
import { inProcessWrites, type Writes, type WritesContext } from './writes'
import type { WriteAnswer, WriteRequest, WriteWorkerSetup } from './worker-protocol'

export type WriteWorkerOptions = WorkerOptions

/** Far above any number of steps one worker hands out in a session: a new worker's first step. */
const STEPS_PER_WORKER = 1_000_000

export function createWorkerWrites(options: WriteWorkerOptions) {
  return (context: WritesContext): Writes => {
    // A database in memory cannot be opened from another thread.
    if (context.dbPath === ':memory:') return inProcessWrites(context)
    let started = 0
    const worker = callWorker<WriteRequest>({
      ...options,
      name: 'write worker',
      workerData: (): WriteWorkerSetup => ({ dbPath: context.dbPath, firstStep: started++ * STEPS_PER_WORKER + 1 }),
    })
    const ask = async <T>(request: WriteRequest): Promise<T> => {
      const { value, changes } = await worker.ask<WriteAnswer>(request)
      // Committed there: this connection's listeners hear it before the caller goes on.
      if (changes.length > 0 && context.db.open) announce(context.db, changes)
      return value as T
    }
    return {
      inspectRefi: (token, packed) => ask<RefiInspection>({ kind: 'inspectRefi', token, packed }),
      importRefi: (token, importOptions) => ask<Written<RefiImported>>({ kind: 'importRefi', token, options: importOptions }),
      deleteCode: (id) => ask<Written<void>>({ kind: 'deleteCode', id }),
      mergeCode: (sourceId, targetId) => ask<Written<void>>({ kind: 'mergeCode', sourceId, targetId }),
      importKolada: (files) => ask<KoladaImportResult>({ kind: 'importKolada', files }),
      previewCases: (token, file) => ask<CsvPreview>({ kind: 'previewCases', token, file }),
      importCases: (token, mapping) => ask<{ created: string[]; updated: string[] }>({ kind: 'importCases', token, mapping }),
      importSurvey: (file, name) => ask<{ surveyId: string; values: number }>({ kind: 'importSurvey', file, ...(name === undefined ? {} : { name }) }),
      saveDocument: (document) => ask<void>({ kind: 'saveDocument', document }),
      undo: (step) => ask<void>({ kind: 'undo', step }),
      redo: (step) => ask<void>({ kind: 'redo', step }),
      forget(steps) {
        // Steps of an ended worker are gone already; a worker that has not started holds none.
        if (worker.running) void ask<void>({ kind: 'forget', steps }).catch(() => {})
      },
      close: () => worker.close(),
    }
  }
}
