// The main-thread side of the read worker: Reads whose every call is a message to worker.ts. The worker starts
// at the first heavy read (most sessions compare nothing), and a worker that died is started again at the next.
import type { CaseCodings } from '../compare/codings'
import type { AgreementResult } from '../../shared/domain'
import type { HighlightChoices } from '../db/highlights'
import { callWorker, type WorkerOptions } from '../worker-threads'
import { inProcessReads, type Reads, type ReadsContext } from './reads'
import type { ReadRequest, ReadWorkerSetup } from './worker-protocol'

export type ReadWorkerOptions = WorkerOptions

export function createWorkerReads(options: ReadWorkerOptions) {
  return (context: ReadsContext): Reads => {
    // A database in memory cannot be opened from another thread.
    if (context.dbPath === ':memory:') return inProcessReads(context)
    const setup: ReadWorkerSetup = { dbPath: context.dbPath }
    const worker = callWorker<ReadRequest>({ ...options, name: 'read worker', workerData: () => setup })
    return {
      codings: (request) => worker.ask<Record<string, CaseCodings>>({ kind: 'codings', request }),
      highlightChoices: () => worker.ask<HighlightChoices>({ kind: 'highlightChoices' }),
      agreement: (request) => worker.ask<AgreementResult>({ kind: 'agreement', request }),
      close: () => worker.close(),
    }
  }
}
