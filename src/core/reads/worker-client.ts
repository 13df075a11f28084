// The main-thread side of the read worker: Reads whose every call is a message to worker.ts. The worker starts
// at the first heavy read (most sessions compare nothing), and a worker that died is started again at the next.
import { Worker } from 'node:worker_threads'
import type { CaseCodings } from '../compare/codings'
import type { AgreementResult } from '../../shared/domain'
import type { HighlightChoices } from '../db/highlights'
import { UserError } from '../errors'
import { messageLanguage } from '../../shared/messages'
import { inProcessReads, type Reads, type ReadsContext } from './reads'
import type { ReadReply, ReadRequest, ReadWorkerSetup } from './worker-protocol'

export interface ReadWorkerOptions {
  /** The built worker script (out/main/read-worker.js) or, under tsx, worker.ts. */
  url: URL | string
  /** Extra Node flags for the worker, e.g. ['--import', 'tsx'] when running TypeScript directly. */
  execArgv?: string[]
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void }

export function createWorkerReads(options: ReadWorkerOptions) {
  return (context: ReadsContext): Reads => {
    // A database in memory cannot be opened from another thread.
    if (context.dbPath === ':memory:') return inProcessReads(context)
    const setup: ReadWorkerSetup = { dbPath: context.dbPath }
    const pending = new Map<number, Pending>()
    let worker: Worker | null = null
    let seq = 0

    const start = (): Worker => {
      const started = new Worker(options.url, { workerData: setup, execArgv: options.execArgv ?? [] })
      started.on('message', (reply: ReadReply) => {
        const waiting = pending.get(reply.seq)
        pending.delete(reply.seq)
        if (reply.ok) waiting?.resolve(reply.value)
        else if (reply.error) waiting?.reject(new UserError(reply.error.key, reply.error.params as never, reply.error.code))
        else waiting?.reject(new Error(reply.message))
      })
      // A defect, not the researcher's doing: the calls waiting fail (invoke logs them and answers with the
      // internal message); the next call starts a new worker.
      const failAll = (error: Error): void => {
        if (worker === started) worker = null
        for (const p of pending.values()) p.reject(error)
        pending.clear()
      }
      started.on('error', failAll)
      started.on('exit', (code) => failAll(new Error(`The read worker exited unexpectedly (exit code ${code}).`)))
      return started
    }
    /** Sends one read; its answer is what Reads promises for it (worker.ts answers with that function's value). */
    const ask = <T>(request: DistributiveOmit<Exclude<ReadRequest, { kind: 'close' }>, 'seq' | 'language'>): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        seq += 1
        pending.set(seq, { resolve: resolve as (value: unknown) => void, reject })
        ;(worker ??= start()).postMessage({ ...request, seq, language: messageLanguage() } satisfies ReadRequest)
      })

    return {
      codings: (request) => ask<Record<string, CaseCodings>>({ kind: 'codings', request }),
      highlightChoices: () => ask<HighlightChoices>({ kind: 'highlightChoices' }),
      agreement: (request) => ask<AgreementResult>({ kind: 'agreement', request }),
      async close() {
        const running = worker
        if (!running) return
        worker = null
        const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()))
        running.postMessage({ kind: 'close' } satisfies ReadRequest)
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))])
        await running.terminate()
      },
    }
  }
}
